package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class SyncTimingTest {

  @Property
  void refreshStaysWithinTenPercentOfTheInterval(@ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) @Scale(6) double r) {
    Duration d = new SyncTiming(() -> r).nextRefresh(Duration.ofHours(1));
    assertThat(d).isBetween(Duration.ofMinutes(54), Duration.ofMinutes(66));
  }

  @Test
  void zeroIntervalMeansNoRefresh() {
    assertThat(new SyncTiming(() -> 0.5).nextRefresh(Duration.ZERO)).isNull();
  }

  @Test
  void backoffDoublesFromFiveSeconds() {
    SyncTiming t = new SyncTiming(() -> 0.5);
    assertThat(t.backoff(1, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(5));
    assertThat(t.backoff(2, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(10));
    assertThat(t.backoff(5, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(80));
  }

  @Property
  void backoffIsCappedAtTheRefreshInterval(@ForAll @IntRange(min = 1, max = 100) int failures,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) @Scale(6) double r) {
    assertThat(new SyncTiming(() -> r).backoff(failures, Duration.ofMinutes(10))).isLessThanOrEqualTo(
        Duration.ofMinutes(10)).isPositive();
  }
}
