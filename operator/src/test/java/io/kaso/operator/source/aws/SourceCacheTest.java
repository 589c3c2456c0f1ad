package io.kaso.operator.source.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SourceCacheTest {
  private static final Duration TTL = Duration.ofSeconds(10);
  private static final String KEY = "/shop/prod/db";

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final SourceCache cache = new SourceCache(TTL, now::get, registry);
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void concurrentCallersJoinTheLoadInFlight() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Supplier<String> slowLoader = () -> {
      loads.incrementAndGet();
      loading.countDown();
      awaitLatch(release);
      return "value";
    };

    Future<String> first = threads.submit(() -> cache.get(KEY, slowLoader));
    assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<String>> joiners = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      joiners.add(threads.submit(() -> cache.get(KEY, slowLoader)));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> count("joined") == 5);
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("value");
    for (Future<String> joiner : joiners) {
      assertThat(joiner.get(10, TimeUnit.SECONDS)).isEqualTo("value");
    }
    assertThat(loads).hasValue(1);
  }

  @Test
  void reusesACompletedResultWithinTheTtl() {
    AtomicInteger loads = new AtomicInteger();
    cache.get(KEY, () -> "v" + loads.incrementAndGet());

    now.addAndGet(TTL.toNanos() - 1);

    assertThat(cache.<String>get(KEY, () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
    assertThat(loads).hasValue(1);
  }

  @Test
  void reloadsOnceTheTtlHasPassed() {
    AtomicInteger loads = new AtomicInteger();
    cache.get(KEY, () -> "v" + loads.incrementAndGet());

    now.addAndGet(TTL.toNanos());

    assertThat(cache.<String>get(KEY, () -> "v" + loads.incrementAndGet())).isEqualTo("v2");
    assertThat(loads).hasValue(2);
  }

  @Test
  void keepsDifferentKeysApart() {
    cache.get("a", () -> "A");

    assertThat(cache.<String>get("b", () -> "B")).isEqualTo("B");
  }

  @Test
  void keepsNoFailure() {
    AtomicInteger loads = new AtomicInteger();
    assertThatThrownBy(() -> cache.get(KEY, () -> {
      loads.incrementAndGet();
      throw new IllegalStateException("AWS is down");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(cache.<String>get(KEY, () -> "v" + loads.incrementAndGet())).isEqualTo("v2");
  }

  @Test
  void concurrentJoinersGetTheFailureOfTheLoadInFlight() throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    IllegalStateException failure = new IllegalStateException("AWS is down");
    Supplier<String> failingLoader = () -> {
      loading.countDown();
      awaitLatch(release);
      throw failure;
    };

    Future<String> first = threads.submit(() -> cache.get(KEY, failingLoader));
    assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
    Future<String> joiner = threads.submit(() -> cache.get(KEY, () -> "not called"));
    await().atMost(Duration.ofSeconds(10)).until(() -> count("joined") == 1);
    release.countDown();

    assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCause(failure);
    assertThatThrownBy(() -> joiner.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCause(failure);
  }

  @Test
  void invalidateMakesTheNextReadLoadAgain() {
    AtomicInteger loads = new AtomicInteger();
    cache.get(KEY, () -> "v" + loads.incrementAndGet());

    cache.invalidate(KEY::equals);

    assertThat(cache.<String>get(KEY, () -> "v" + loads.incrementAndGet())).isEqualTo("v2");
  }

  @Test
  void invalidateLeavesOtherKeysCached() {
    AtomicInteger loads = new AtomicInteger();
    cache.get("other", () -> "o" + loads.incrementAndGet());

    cache.invalidate(KEY::equals);

    assertThat(cache.<String>get("other", () -> "o" + loads.incrementAndGet())).isEqualTo("o1");
  }

  @Test
  void invalidateAlsoForgetsALoadInFlight() throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<String> stale = threads.submit(() -> cache.get(KEY, () -> {
      loading.countDown();
      awaitLatch(release);
      return "stale";
    }));
    assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();

    cache.invalidate(KEY::equals);
    String fresh = cache.get(KEY, () -> "fresh");
    release.countDown();

    assertThat(fresh).isEqualTo("fresh");
    assertThat(stale.get(10, TimeUnit.SECONDS)).isEqualTo("stale");
    assertThat(cache.<String>get(KEY, () -> "third load")).as("the late stale load does not replace the fresh one")
        .isEqualTo("fresh");
  }

  @Test
  void getAsyncJoinsTheLoadInFlight() {
    AtomicInteger loads = new AtomicInteger();
    CompletableFuture<String> pending = new CompletableFuture<>();

    CompletableFuture<String> first = cache.getAsync(KEY, () -> {
      loads.incrementAndGet();
      return pending;
    });
    CompletableFuture<String> second = cache.getAsync(KEY, () -> {
      loads.incrementAndGet();
      return new CompletableFuture<>();
    });
    pending.complete("value");

    assertThat(first).isCompletedWithValue("value");
    assertThat(second).isCompletedWithValue("value");
    assertThat(loads).hasValue(1);
  }

  @Test
  void getAsyncReusesAResultWithinTheTtlAndReloadsAfterIt() {
    AtomicInteger loads = new AtomicInteger();
    Supplier<CompletableFuture<String>> loader = () -> CompletableFuture.completedFuture("v" + loads.incrementAndGet());
    cache.getAsync(KEY, loader);

    now.addAndGet(TTL.toNanos() - 1);
    assertThat(cache.getAsync(KEY, loader)).isCompletedWithValue("v1");

    now.addAndGet(1);
    assertThat(cache.getAsync(KEY, loader)).isCompletedWithValue("v2");
  }

  @Test
  void getAsyncKeepsNoFailureButJoinersGetIt() {
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletableFuture<String> first = cache.getAsync(KEY, () -> pending);
    CompletableFuture<String> joiner = cache.getAsync(KEY, CompletableFuture::new);
    IllegalStateException failure = new IllegalStateException("AWS is down");

    pending.completeExceptionally(failure);

    assertThat(first).isCompletedExceptionally();
    assertThat(joiner).isCompletedExceptionally();
    assertThatThrownBy(joiner::join).hasCause(failure);
    assertThat(cache.getAsync(KEY, () -> CompletableFuture.completedFuture("retried")))
        .isCompletedWithValue("retried");
  }

  @Test
  void getAsyncKeepsNoLoaderThatThrows() {
    assertThatThrownBy(() -> cache.getAsync(KEY, () -> {
      throw new IllegalStateException("cannot start");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(cache.getAsync(KEY, () -> CompletableFuture.completedFuture("retried")))
        .isCompletedWithValue("retried");
  }

  @Test
  void getAsyncKeepsNoLoaderThatThrowsAnError() {
    AtomicInteger loads = new AtomicInteger();
    assertThatThrownBy(() -> cache.getAsync(KEY, () -> {
      loads.incrementAndGet();
      throw new AssertionError("linkage or resource error");
    })).isInstanceOf(AssertionError.class);

    CompletableFuture<String> next = cache.getAsync(KEY, () -> {
      loads.incrementAndGet();
      return CompletableFuture.completedFuture("retried");
    });

    assertThat(loads).hasValue(2);
    assertThat(next).isCompletedWithValue("retried");
  }

  @Test
  void getAsyncInvalidateAlsoForgetsALoadInFlight() {
    CompletableFuture<String> pending = new CompletableFuture<>();
    cache.getAsync(KEY, () -> pending);

    cache.invalidate(KEY::equals);
    CompletableFuture<String> fresh = cache.getAsync(KEY, () -> CompletableFuture.completedFuture("fresh"));
    pending.complete("stale");

    assertThat(fresh).isCompletedWithValue("fresh");
    assertThat(cache.getAsync(KEY, () -> CompletableFuture.completedFuture("third load")))
        .isCompletedWithValue("fresh");
  }

  @Test
  void countsMissesHitsAndJoins() {
    CompletableFuture<String> pending = new CompletableFuture<>();
    cache.getAsync(KEY, () -> pending);
    cache.getAsync(KEY, CompletableFuture::new);
    cache.getAsync(KEY, CompletableFuture::new);
    pending.complete("value");
    cache.get(KEY, () -> "not called");
    cache.get("other", () -> "other");

    assertThat(count("miss")).isEqualTo(2);
    assertThat(count("joined")).isEqualTo(2);
    assertThat(count("hit")).isEqualTo(1);
  }

  @Test
  void countsAReloadAfterTheTtlAsAMiss() {
    cache.get(KEY, () -> "v1");
    now.addAndGet(TTL.toNanos());
    cache.get(KEY, () -> "v2");

    assertThat(count("miss")).isEqualTo(2);
    assertThat(count("hit")).isZero();
  }

  @Test
  void beyondItsCapAResultIsSharedWithItsJoinersButNotKept() {
    SourceCache small = new SourceCache(TTL, 2, now::get, registry);
    AtomicInteger loads = new AtomicInteger();
    small.get("a", () -> "a" + loads.incrementAndGet());
    small.get("b", () -> "b" + loads.incrementAndGet());
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletableFuture<String> first = small.getAsync("c", () -> pending);
    CompletableFuture<String> joiner = small.getAsync("c", () -> CompletableFuture.completedFuture("never"));

    pending.complete("c");

    assertThat(first.join()).isEqualTo("c");
    assertThat(joiner.join()).isEqualTo("c");
    assertThat(small.size()).isEqualTo(2);
    assertThat(small.get("c", () -> "c again")).isEqualTo("c again");
    assertThat(small.get("a", () -> "reloaded")).isEqualTo("a1");
  }

  @Test
  void sourcesAskedForInALoopStayBoundedByTheTtl() {
    for (int i = 0; i < 1000; i++) {
      cache.get("/tenant/churn/" + i, () -> "v");
      now.addAndGet(TTL.toNanos() / 10);
    }

    assertThat(cache.size()).isLessThanOrEqualTo(21);
  }

  private double count(String result) {
    return registry.get("kaso_cache_requests_total").tag("result", result).counter().count();
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test latch was never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
