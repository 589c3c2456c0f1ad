package io.kaso.operator.source.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  /** 1/4 s is exact in binary, so waits compare exactly. */
  private static final double RATE = 4;
  private static final long INTERVAL = SECOND / 4;

  private final AtomicLong now = new AtomicLong(42 * SECOND);
  private final RateLimiter limiter = new RateLimiter(RATE, now::get);

  @Test
  void letsOneSecondsWorthOfPermitsGoAtOnce() {
    assertThat(IntStream.range(0, 4).mapToLong(i -> limiter.reserve())).containsOnly(0L);
  }

  @Test
  void makesEachPermitBeyondTheBurstWaitOneIntervalMore() {
    burst();

    assertThat(limiter.reserve()).isEqualTo(INTERVAL);
    assertThat(limiter.reserve()).isEqualTo(2 * INTERVAL);
    assertThat(limiter.reserve()).isEqualTo(3 * INTERVAL);
  }

  @Test
  void waitsLessAsTheClockAdvances() {
    burst();
    limiter.reserve();
    limiter.reserve(); // the last of these is due two intervals from now

    now.addAndGet(INTERVAL);

    assertThat(limiter.reserve()).isEqualTo(2 * INTERVAL);
  }

  @Test
  void aCallerThatWaitsAsToldThenWaitsOneIntervalForTheNext() {
    burst();
    long wait = limiter.reserve();

    now.addAndGet(wait);

    assertThat(limiter.reserve()).isEqualTo(INTERVAL);
  }

  @Test
  void refillsTheBurstAfterAQuietSecond() {
    burst();

    now.addAndGet(SECOND);

    assertThat(IntStream.range(0, 4).mapToLong(i -> limiter.reserve())).containsOnly(0L);
    assertThat(limiter.reserve()).isEqualTo(INTERVAL);
  }

  @Test
  void storesNoMoreThanOneSecondsWorthWhileIdle() {
    now.addAndGet(TimeUnit.HOURS.toNanos(1));

    burst();

    assertThat(limiter.reserve()).isEqualTo(INTERVAL);
  }

  @Test
  void aSteadyRateNeverWaits() {
    burst();

    for (int i = 0; i < 100; i++) {
      now.addAndGet(INTERVAL);
      assertThat(limiter.reserve()).as("call %d", i).isZero();
    }
  }

  @Test
  void aRateBelowOnePerSecondStillLetsOneCallGo() {
    RateLimiter slow = new RateLimiter(0.5, now::get);

    assertThat(slow.reserve()).isZero();
    assertThat(slow.reserve()).isEqualTo(2 * SECOND);
  }

  @Property
  void burstsOneSecondThenPacesAtTheRate(@ForAll @IntRange(min = 1, max = 1000) int rate,
      @ForAll @IntRange(min = 1, max = 20) int extra) {
    AtomicLong clock = new AtomicLong(0);
    RateLimiter paced = new RateLimiter(rate, clock::get);

    for (int i = 0; i < rate; i++) {
      assertThat(paced.reserve()).isZero();
    }
    for (int k = 1; k <= extra; k++) {
      assertThat(paced.reserve()).isCloseTo(k * SECOND / rate, within(2L));
    }
  }

  private void burst() {
    for (int i = 0; i < RATE; i++) {
      assertThat(limiter.reserve()).isZero();
    }
  }
}
