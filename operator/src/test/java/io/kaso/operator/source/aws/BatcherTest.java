package io.kaso.operator.source.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatcherTest {
  /** Long enough that submissions made together from a few threads land in one window. */
  private static final Duration WINDOW = Duration.ofMillis(300);
  private static final long WAIT_SECONDS = 10;
  /** IllegalArgumentException stands for a failure one item may cause (a malformed name); others for AWS down. */
  private static final Batcher.Isolation<String> ISOLATION = new Batcher.Isolation<>() {
    @Override
    public boolean mayComeFromOneItem(RuntimeException failure) {
      return failure instanceof IllegalArgumentException;
    }

    @Override
    public RuntimeException forItem(String item, RuntimeException failure) {
      return new IllegalStateException("reading " + item + ": " + failure.getClass().getSimpleName(), failure);
    }
  };

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService callers = Executors.newFixedThreadPool(5);
  private final RecordingBatchCall batchCall = new RecordingBatchCall();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    callers.shutdownNow();
  }

  @Test
  void sendsItemsSubmittedBySeveralThreadsInOneCall() throws Exception {
    Batcher<String, String, String> batcher = new Batcher<>(WINDOW, 10, scheduler, Runnable::run, batchCall, ISOLATION);
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<CompletableFuture<String>>> submitted = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String item = "item-" + i;
      submitted.add(CompletableFuture.supplyAsync(() -> {
        awaitLatch(start);
        return batcher.submit("scope", item);
      }, callers));
    }
    start.countDown();

    for (int i = 0; i < 5; i++) {
      assertThat(submitted.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS).get(WAIT_SECONDS, TimeUnit.SECONDS))
          .isEqualTo("value of item-" + i);
    }
    assertThat(batchCall.calls).hasSize(1);
    assertThat(batchCall.calls.get(0)).containsExactlyInAnyOrder("item-0", "item-1", "item-2", "item-3", "item-4");
  }

  @Test
  void splitsMoreThanMaxBatchItemsIntoCallsOfAtMostMaxBatch() throws Exception {
    Batcher<String, String, String> batcher = new Batcher<>(WINDOW, 10, scheduler, Runnable::run, batchCall, ISOLATION);

    List<CompletableFuture<String>> futures = IntStream.range(0, 25)
        .mapToObj(i -> batcher.submit("scope", "item-" + i)).toList();

    for (int i = 0; i < 25; i++) {
      assertThat(futures.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("value of item-" + i);
    }
    assertThat(batchCall.calls).extracting(List::size).containsExactly(10, 10, 5);
  }

  @Test
  void sendsAnItemSubmittedTwiceOnceAndCompletesBothFutures() throws Exception {
    Batcher<String, String, String> batcher = new Batcher<>(WINDOW, 10, scheduler, Runnable::run, batchCall, ISOLATION);

    CompletableFuture<String> first = batcher.submit("scope", "item");
    CompletableFuture<String> second = batcher.submit("scope", "item");

    assertThat(first.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("value of item");
    assertThat(second.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("value of item");
    assertThat(batchCall.calls).containsExactly(List.of("item"));
  }

  @Test
  void keepsGroupsInSeparateCalls() throws Exception {
    Batcher<String, String, String> batcher = new Batcher<>(WINDOW, 10, scheduler, Runnable::run, batchCall, ISOLATION);

    CompletableFuture<String> east = batcher.submit("us-east-1", "item");
    CompletableFuture<String> west = batcher.submit("eu-west-1", "item");

    assertThat(east.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("value of item");
    assertThat(west.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("value of item");
    assertThat(batchCall.calls).hasSize(2);
  }

  @Test
  void aFailedItemFailsOnlyItsOwnFutures() throws Exception {
    IllegalStateException denied = new IllegalStateException("denied");
    batchCall.failItem("secret", denied);
    Batcher<String, String, String> batcher = new Batcher<>(WINDOW, 10, scheduler, Runnable::run, batchCall, ISOLATION);

    CompletableFuture<String> failed = batcher.submit("scope", "secret");
    CompletableFuture<String> failedAgain = batcher.submit("scope", "secret");
    CompletableFuture<String> fine = batcher.submit("scope", "public");

    assertThat(fine.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("value of public");
    assertThatThrownBy(() -> failed.get(WAIT_SECONDS, TimeUnit.SECONDS)).hasCause(denied);
    assertThatThrownBy(() -> failedAgain.get(WAIT_SECONDS, TimeUnit.SECONDS)).hasCause(denied);
    assertThat(batchCall.calls).hasSize(1);
  }

  @Test
  void aThrownBatchCallFailsEveryItemOfItsChunkOnly() throws Exception {
    batchCall.throwOnCall(2, new IllegalStateException("AWS is down"));
    Batcher<String, String, String> batcher = new Batcher<>(WINDOW, 10, scheduler, Runnable::run, batchCall, ISOLATION);

    List<CompletableFuture<String>> futures = IntStream.range(0, 25)
        .mapToObj(i -> batcher.submit("scope", "item-" + i)).toList();
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
        .get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(futures.subList(0, 10)).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
    assertThat(futures.subList(10, 20)).allSatisfy(f -> assertThatThrownBy(f::join)
        .hasRootCauseMessage("AWS is down"));
    assertThat(futures.subList(20, 25)).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
  }

  @Test
  void aPoisonedItemIsSplitOffAndEveryOtherItemOfItsCallGetsItsValue() throws Exception {
    batchCall.poison("item-3", new IllegalArgumentException("1 validation error detected: item-0 .. item-9"));
    Batcher<String, String, String> batcher = new Batcher<>(WINDOW, 10, scheduler, Runnable::run, batchCall, ISOLATION);

    List<CompletableFuture<String>> futures = IntStream.range(0, 10)
        .mapToObj(i -> batcher.submit("scope", "item-" + i)).toList();
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
        .get(WAIT_SECONDS, TimeUnit.SECONDS);

    for (int i = 0; i < 10; i++) {
      if (i != 3) {
        assertThat(futures.get(i).join()).isEqualTo("value of item-" + i);
      }
    }
    assertThatThrownBy(() -> futures.get(3).join()).cause().hasMessage("reading item-3: IllegalArgumentException");
    // Halves until item-3 is alone: 10, 5 (0-4), 2 (0-1), 3 (2-4), 1 (2), 2 (3-4), 1 (3), 1 (4), 5 (5-9).
    assertThat(batchCall.calls).extracting(List::size).containsExactly(10, 5, 2, 3, 1, 2, 1, 1, 5);
  }

  @Test
  void aWholeCallFailureNoItemCausesFailsEveryItemOnceNamingOnlyItself() throws Exception {
    batchCall.throwOnCall(1, new IllegalStateException("Rate exceeded for item-0, item-1, item-2"));
    Batcher<String, String, String> batcher = new Batcher<>(WINDOW, 10, scheduler, Runnable::run, batchCall, ISOLATION);

    List<CompletableFuture<String>> futures = IntStream.range(0, 3)
        .mapToObj(i -> batcher.submit("scope", "item-" + i)).toList();
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
        .get(WAIT_SECONDS, TimeUnit.SECONDS);

    for (int i = 0; i < 3; i++) {
      int own = i;
      assertThatThrownBy(() -> futures.get(own).join()).cause()
          .hasMessage("reading item-" + own + ": IllegalStateException");
    }
    assertThat(batchCall.calls).hasSize(1);
  }

  @Test
  void anItemLeftOutOfTheAnswerFails() throws Exception {
    batchCall.leaveOut("forgotten");
    Batcher<String, String, String> batcher = new Batcher<>(WINDOW, 10, scheduler, Runnable::run, batchCall, ISOLATION);

    CompletableFuture<String> forgotten = batcher.submit("scope", "forgotten");
    CompletableFuture<String> answered = batcher.submit("scope", "answered");

    assertThat(answered.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("value of answered");
    assertThatThrownBy(() -> forgotten.get(WAIT_SECONDS, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("forgotten");
  }

  @Test
  void makesCallsOnTheCallExecutor() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "batch-call"));
    try {
      List<String> threads = new CopyOnWriteArrayList<>();
      // Two full batches go out at once: a window no loaded machine can cut in three.
      Batcher<String, String, String> batcher = new Batcher<>(Duration.ofHours(1), 10, scheduler, pool,
          (group, items) -> {
            threads.add(Thread.currentThread().getName());
            return batchCall.apply(group, items);
          }, ISOLATION);

      List<CompletableFuture<String>> futures = IntStream.range(0, 20)
          .mapToObj(i -> batcher.submit("scope", "item-" + i)).toList();

      for (CompletableFuture<String> f : futures) {
        f.get(WAIT_SECONDS, TimeUnit.SECONDS);
      }
      assertThat(threads).containsExactly("batch-call", "batch-call");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFullBatchDoesNotCutTheNextGroupsWindowShort() {
    ManualScheduler manual = new ManualScheduler();
    try {
      Batcher<String, String, String> batcher = new Batcher<>(WINDOW, 2, manual, Runnable::run, batchCall, ISOLATION);
      batcher.submit("scope", "a");
      batcher.submit("scope", "b"); // full: sent at once
      batcher.submit("scope", "c"); // opens the next group and its own window

      manual.runFirst(); // the first group's window closes; it has nothing left to send
      batcher.submit("scope", "d"); // still inside the second group's window
      manual.runAll();

      assertThat(batchCall.calls).containsExactly(List.of("a", "b"), List.of("c", "d"));
    } finally {
      manual.shutdownNow();
    }
  }

  /** Answers "value of <item>" for each item; can fail one item, leave one out, or throw on the n-th call. */
  private static final class RecordingBatchCall
      implements BiFunction<String, List<String>, Map<String, Batcher.Outcome<String>>> {
    final List<List<String>> calls = new CopyOnWriteArrayList<>();
    private final Map<String, RuntimeException> failedItems = new HashMap<>();
    private String leftOut;
    private int throwOnCall = -1;
    private RuntimeException thrown;
    private final Map<String, RuntimeException> poisoned = new HashMap<>();

    /** Any call that includes this item fails as a whole. */
    void poison(String item, RuntimeException failure) {
      poisoned.put(item, failure);
    }

    void failItem(String item, RuntimeException failure) {
      failedItems.put(item, failure);
    }

    void leaveOut(String item) {
      leftOut = item;
    }

    void throwOnCall(int n, RuntimeException failure) {
      throwOnCall = n;
      thrown = failure;
    }

    @Override
    public Map<String, Batcher.Outcome<String>> apply(String group, List<String> items) {
      calls.add(items);
      if (calls.size() == throwOnCall) {
        throw thrown;
      }
      for (String item : items) {
        if (poisoned.containsKey(item)) {
          throw poisoned.get(item);
        }
      }
      Map<String, Batcher.Outcome<String>> out = new HashMap<>();
      for (String item : items) {
        if (item.equals(leftOut)) {
          continue;
        }
        RuntimeException failure = failedItems.get(item);
        out.put(item, failure != null ? Batcher.Outcome.failed(failure) : Batcher.Outcome.of("value of " + item));
      }
      return out;
    }
  }

  /** A scheduler whose delayed tasks run only when the test says so. */
  private static final class ManualScheduler extends ScheduledThreadPoolExecutor {
    private final List<Runnable> delayed = new ArrayList<>();

    ManualScheduler() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      delayed.add(command);
      return null;
    }

    void runFirst() {
      delayed.remove(0).run();
    }

    void runAll() {
      while (!delayed.isEmpty()) {
        runFirst();
      }
    }
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
