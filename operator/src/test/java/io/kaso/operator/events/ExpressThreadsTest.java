package io.kaso.operator.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ExpressThreadsTest {
  @Test
  void aReconcileDoesNotWaitWhenNoEventSyncIsQueuedOrRunning() throws Exception {
    try (ExpressThreads express = new ExpressThreads(2)) {
      assertThat(express.yieldToEvents(Duration.ofMinutes(5))).isFalse();
    }
  }

  @Test
  void aReconcileWaitsUntilTheEventSyncsAreDone() throws Exception {
    try (ExpressThreads express = new ExpressThreads(1)) {
      CountDownLatch release = new CountDownLatch(1);
      express.execute(() -> await(release));
      express.execute(() -> { });
      assertThat(express.busy()).isEqualTo(2);
      AtomicBoolean waited = new AtomicBoolean();
      Thread reconcile = new Thread(() -> {
        try {
          waited.set(express.yieldToEvents(Duration.ofMinutes(5)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      reconcile.start();
      // Released only once the reconcile is waiting (else both tasks may be done before it asks).
      Awaitility.await().atMost(Duration.ofMinutes(1))
          .until(() -> reconcile.getState() == Thread.State.TIMED_WAITING);
      release.countDown();
      reconcile.join(TimeUnit.MINUTES.toMillis(1));
      assertThat(reconcile.isAlive()).isFalse();
      assertThat(waited).isTrue();
      assertThat(express.busy()).isZero();
    }
  }

  @Test
  void aReconcileGoesOnAfterItsBoundEvenWhileEventsKeepTheThreadsBusy() throws Exception {
    try (ExpressThreads express = new ExpressThreads(1)) {
      CountDownLatch release = new CountDownLatch(1);
      express.execute(() -> await(release));
      assertThat(express.yieldToEvents(Duration.ofMillis(50))).isTrue();
      assertThat(express.busy()).isEqualTo(1);
      release.countDown();
    }
  }

  @Test
  void aTaskRefusedWhileClosingIsNotCountedAsBusy() {
    ExpressThreads express = new ExpressThreads(1);
    express.close();
    assertThatThrownBy(() -> express.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    assertThat(express.busy()).isZero();
  }

  @Test
  void aFailingEventSyncStillCountsAsDone() throws Exception {
    try (ExpressThreads express = new ExpressThreads(1)) {
      express.execute(() -> {
        throw new IllegalStateException("boom");
      });
      express.yieldToEvents(Duration.ofMinutes(1));
      assertThat(express.busy()).isZero();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
