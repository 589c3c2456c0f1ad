package io.kaso.operator.core;

import java.time.Duration;
import java.time.Instant;

/** When a resource reads AWS next, from its refreshInterval (or the operator's default) and its failures. */
public final class RefreshPlanner {
  private final SyncTiming timing;
  private final Duration defaultInterval;

  public RefreshPlanner(SyncTiming timing, Duration defaultInterval) {
    this.timing = timing;
    this.defaultInterval = defaultInterval;
  }

  /**
   * The refresh interval of a spec.
   *
   * @throws SyncFailure InvalidSpec when it is not a duration
   */
  public Duration interval(String specInterval) {
    if (specInterval == null || specInterval.isBlank()) {
      return defaultInterval;
    }
    try {
      return Durations.parse(specInterval);
    } catch (IllegalArgumentException e) {
      throw SyncFailure.invalidSpec("spec.refreshInterval: " + e.getMessage());
    }
  }

  /** The next refresh after a success, or null when the interval is 0. */
  public Instant afterSuccess(Duration interval, Instant now) {
    Duration d = timing.nextRefresh(interval);
    return d == null ? null : now.plus(d);
  }

  /** The next attempt after a failure, or null when the failure is not retried (InvalidSpec). */
  public Instant afterFailure(SyncFailure failure, int failures, Duration interval, Instant now) {
    if (!failure.reason().retried()) {
      return null;
    }
    Duration cap = interval == null || interval.isZero() ? defaultInterval : interval;
    return now.plus(timing.backoff(failures, cap));
  }
}
