package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.RefreshPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.api.v1alpha1.Reason;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class RefreshPlannerTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final SyncFailure DOWN = new SyncFailure(Reason.AwsUnavailable, "down");

  private static RefreshPlanner planner(Duration defaultInterval, Duration floor) {
    return new RefreshPlanner(new SyncTiming(() -> 0.5), defaultInterval, floor);
  }

  @Test
  void anIntervalUnderTheFloorIsInvalidSpecNamingTheFloor() {
    RefreshPlanner p = planner(Duration.ofHours(1), Duration.ofSeconds(10));
    assertThatThrownBy(() -> p.interval("1ms"))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("1ms").hasMessageContaining("10s").hasMessageContaining("KASO_MIN_REFRESH_INTERVAL");
    assertThatThrownBy(() -> p.interval("9s999ms")).hasMessageContaining("10s");
  }

  @Test
  void zeroTheFloorAndLongerIntervalsAreAllowed() {
    RefreshPlanner p = planner(Duration.ofHours(1), Duration.ofSeconds(10));
    assertThat(p.interval("0")).isZero();
    assertThat(p.interval("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.interval("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(p.interval(null)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aFloorOfZeroAllowsAnyInterval() {
    assertThat(planner(Duration.ofHours(1), Duration.ZERO).interval("1ms")).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void backoffIsCappedAtTheInterval() {
    RefreshPlanner p = planner(Duration.ofHours(1), Duration.ofSeconds(10));
    assertThat(p.afterFailure(DOWN, 20, Duration.ofSeconds(30), NOW)).isEqualTo(NOW.plusSeconds(30));
  }

  @Test
  void withoutPollingBackoffIsCappedAtTheDefaultInterval() {
    RefreshPlanner p = planner(Duration.ofHours(1), Duration.ofSeconds(10));
    assertThat(p.afterFailure(DOWN, 30, Duration.ZERO, NOW)).isEqualTo(NOW.plus(Duration.ofHours(1)));
  }

  @Test
  void withoutPollingAnywhereBackoffStartsAtFiveSecondsAndStopsAtFiveMinutes() {
    RefreshPlanner p = planner(Duration.ZERO, Duration.ofSeconds(10));
    assertThat(p.afterFailure(DOWN, 1, Duration.ZERO, NOW)).isEqualTo(NOW.plusSeconds(5));
    assertThat(p.afterFailure(DOWN, 30, Duration.ZERO, NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    assertThat(p.afterFailure(DOWN, 30, null, NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
  }

  @Property
  void aRetryIsNeverImmediate(@ForAll @IntRange(min = 1, max = 60) int failures,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) @Scale(6) double r) {
    RefreshPlanner p = new RefreshPlanner(new SyncTiming(() -> r), Duration.ZERO, Duration.ofSeconds(10));
    assertThat(Duration.between(NOW, p.afterFailure(DOWN, failures, Duration.ZERO, NOW)))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(4)).isLessThanOrEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void invalidSpecIsNotRetried() {
    assertThat(planner(Duration.ofHours(1), Duration.ofSeconds(10))
        .afterFailure(SyncFailure.invalidSpec("x"), 1, Duration.ofHours(1), NOW)).isNull();
  }

  @Test
  void onlyPeriodicWithAnIntervalPolls() {
    assertThat(RefreshPlanner.polls(RefreshPolicy.Periodic, Duration.ofHours(1))).isTrue();
    assertThat(RefreshPlanner.polls(null, Duration.ofHours(1))).as("default Periodic").isTrue();
    assertThat(RefreshPlanner.polls(RefreshPolicy.Periodic, Duration.ZERO)).isFalse();
    assertThat(RefreshPlanner.polls(RefreshPolicy.CreatedOnce, Duration.ofHours(1))).isFalse();
    assertThat(RefreshPlanner.polls(RefreshPolicy.OnChange, Duration.ofHours(1))).isFalse();
  }

  @Test
  void createdOnceAndOnChangeHaveNoNextRefreshAfterASuccess() {
    RefreshPlanner p = planner(Duration.ofHours(1), Duration.ofSeconds(10));
    assertThat(p.afterSuccess(RefreshPolicy.Periodic, Duration.ofHours(1), NOW)).isEqualTo(NOW.plusSeconds(3600));
    assertThat(p.afterSuccess(RefreshPolicy.CreatedOnce, Duration.ofHours(1), NOW)).isNull();
    assertThat(p.afterSuccess(RefreshPolicy.OnChange, Duration.ofHours(1), NOW)).isNull();
  }

  @Test
  void refreshesFallIntoSlotsSoResourcesDueTogetherAreReadTogether() {
    assertThat(RefreshPlanner.slot(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(1));
    assertThat(RefreshPlanner.slot(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(10));
    assertThat(RefreshPlanner.slot(Duration.ofSeconds(30))).as("at least 1 s").isEqualTo(Duration.ofSeconds(1));
    assertThat(RefreshPlanner.slot(Duration.ofDays(1))).as("at most 60 s").isEqualTo(Duration.ofMinutes(1));
    RefreshPlanner p = planner(Duration.ofHours(1), Duration.ofSeconds(10));
    Instant a = p.afterSuccess(Duration.ofHours(1), NOW.plusMillis(1));
    Instant b = p.afterSuccess(Duration.ofHours(1), NOW.plusSeconds(59));
    assertThat(a).as("synced within one slot: due at the same instant").isEqualTo(b)
        .isEqualTo(NOW.plusSeconds(3660));
    assertThat(p.afterSuccess(Duration.ofHours(1), NOW)).as("on a boundary already").isEqualTo(NOW.plusSeconds(3600));
    assertThat(RefreshPlanner.slotted(Instant.ofEpochMilli(1_001), Duration.ofSeconds(1)))
        .isEqualTo(Instant.ofEpochMilli(2_000));
  }

  @Test
  void failuresAreRetriedWhateverTheRefreshPolicy() {
    // The retry is planned from the failure, not from the policy: CreatedOnce and OnChange retry until they succeed.
    RefreshPlanner p = planner(Duration.ofHours(1), Duration.ofSeconds(10));
    assertThat(p.afterFailure(DOWN, 1, Duration.ofHours(1), NOW)).isEqualTo(NOW.plusSeconds(5));
  }

  @Test
  void awsEventsReachEveryPolicyButCreatedOnce() {
    assertThat(RefreshPlanner.readsOnEvents(RefreshPolicy.Periodic)).isTrue();
    assertThat(RefreshPlanner.readsOnEvents(RefreshPolicy.OnChange)).isTrue();
    assertThat(RefreshPlanner.readsOnEvents(RefreshPolicy.CreatedOnce)).isFalse();
  }
}
