package io.kaso.operator.source.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.source.RateBudgets;
import io.kaso.operator.source.SourceException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rate budgets on a clock that stands still, with sleeps recorded (or held) instead of slept. */
class RateBudgetTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final Duration MAX_WAIT = Duration.ofSeconds(5);
  /** One SSM call per second; the other families are generous. */
  private static final RateBudgets TINY_SSM = new RateBudgets(1, 1000, 1000, 1000, 1);

  private final AtomicLong now = new AtomicLong(1000 * SECOND);
  private final List<Long> sleeps = new CopyOnWriteArrayList<>();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  @Test
  void aCallThatWouldWaitLongerThanTheMaximumFailsAtOnceAsThrottled() {
    RateBudget budget = new RateBudget(TINY_SSM, MAX_WAIT, now::get, sleeps::add, registry);
    // Six callers at the same instant: the first goes, the next five wait 1 s .. 5 s.
    for (int i = 0; i < 6; i++) {
      budget.acquire("123456789012", "us-east-1", RateBudget.Family.SSM);
    }

    assertThatThrownBy(() -> budget.acquire("123456789012", "us-east-1", RateBudget.Family.SSM))
        .isInstanceOf(SourceException.Throttled.class)
        .hasMessage("Kaso's budget of 1 SSM calls per second for account 123456789012 in us-east-1 is used up for "
            + "more than 5 s (KASO_RATE_SSM); retried later");

    assertThat(sleeps).containsExactly(SECOND, 2 * SECOND, 3 * SECOND, 4 * SECOND, 5 * SECOND);
    assertThat(waits("ssm").count()).isEqualTo(6);
    assertThat(waits("ssm").totalTime(TimeUnit.SECONDS)).isEqualTo(15.0);
    assertThat(exceeded("ssm")).isEqualTo(1.0);
  }

  @Test
  void aRefusedCallTakesNothingFromTheBudget() {
    RateBudget budget = new RateBudget(TINY_SSM, MAX_WAIT, now::get, sleeps::add, registry);
    for (int i = 0; i < 6; i++) {
      budget.acquire("operator", "us-east-1", RateBudget.Family.SSM);
    }
    assertThatThrownBy(() -> budget.acquire("operator", "us-east-1", RateBudget.Family.SSM))
        .isInstanceOf(SourceException.Throttled.class).hasMessageContaining("the operator's account");

    now.addAndGet(SECOND);
    budget.acquire("operator", "us-east-1", RateBudget.Family.SSM);

    assertThat(sleeps).last().isEqualTo(5 * SECOND);
  }

  @Test
  void anotherFamilysCallGoesWhileOneFamilyWaitsAndOneIsRefused() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch sleeping = new CountDownLatch(1);
    RateBudget budget = new RateBudget(TINY_SSM, Duration.ofSeconds(1), now::get, nanos -> {
      sleeping.countDown();
      release.await();
    }, registry);
    budget.acquire("123456789012", "us-east-1", RateBudget.Family.SSM); // the burst of one
    CompletableFuture<Void> waiting = CompletableFuture.runAsync(
        () -> budget.acquire("123456789012", "us-east-1", RateBudget.Family.SSM), threads); // waits 1 s
    assertThat(sleeping.await(10, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> budget.acquire("123456789012", "us-east-1", RateBudget.Family.SSM))
        .isInstanceOf(SourceException.Throttled.class); // would wait 2 s
    for (int i = 0; i < 4; i++) {
      budget.acquire("123456789012", "us-east-1", RateBudget.Family.KMS);
    }

    assertThat(waits("kms").count()).isEqualTo(4);
    assertThat(waits("kms").totalTime(TimeUnit.NANOSECONDS)).isZero();
    assertThat(exceeded("ssm")).isEqualTo(1.0);
    assertThat(waiting).isNotDone();
    release.countDown();
    waiting.get(10, TimeUnit.SECONDS);
    assertThat(waits("ssm").totalTime(TimeUnit.SECONDS)).isEqualTo(1.0);
  }

  @Test
  void budgetsOfOtherAccountsAndRegionsAreTheirOwn() {
    RateBudget budget = new RateBudget(TINY_SSM, Duration.ZERO, now::get, sleeps::add, registry);
    budget.acquire("111111111111", "us-east-1", RateBudget.Family.SSM);

    budget.acquire("222222222222", "us-east-1", RateBudget.Family.SSM);
    budget.acquire("111111111111", "eu-west-1", RateBudget.Family.SSM);

    assertThatThrownBy(() -> budget.acquire("111111111111", "us-east-1", RateBudget.Family.SSM))
        .isInstanceOf(SourceException.Throttled.class);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void accountsAndRegionsInALoopKeepABoundedNumberOfLimiters() {
    RateBudget budget = new RateBudget(TINY_SSM, MAX_WAIT, now::get, sleeps::add, registry);

    for (int i = 0; i < RateBudget.MAX_LIMITERS + 500; i++) {
      budget.acquire(String.format("%012d", i), "us-east-1", RateBudget.Family.SSM);
    }
    assertThat(budget.limiters()).isEqualTo(RateBudget.MAX_LIMITERS);

    now.addAndGet(RateBudget.LIMITER_IDLE_EXPIRY.toNanos());
    budget.acquire("123456789012", "us-east-1", RateBudget.Family.SSM);
    assertThat(budget.limiters()).isEqualTo(1);
  }

  private Timer waits(String service) {
    Timer timer = Search.in(registry).name("kaso_aws_rate_wait_seconds").tag("service", service).timer();
    assertThat(timer).as("wait histogram of %s", service).isNotNull();
    return timer;
  }

  private double exceeded(String service) {
    return Search.in(registry).name("kaso_aws_rate_wait_exceeded_total").tag("service", service).counter().count();
  }
}
