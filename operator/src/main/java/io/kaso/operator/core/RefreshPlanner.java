package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.RefreshPolicy;
import java.time.Duration;
import java.time.Instant;

/** When a resource reads AWS next, from its refreshInterval (or the operator's default) and its failures. */
public final class RefreshPlanner {
  /**
   * The longest wait between retries of a failing resource that never polls (interval 0) when the operator's default
   * interval is 0 too: backoff needs some cap, and a resource that reads only on events still wants its failures
   * retried.
   */
  public static final Duration RETRY_CAP_WITHOUT_POLLING = Duration.ofMinutes(5);

  private final SyncTiming timing;
  private final Duration defaultInterval;
  private final Duration minInterval;

  /**
   * @param defaultInterval the interval of a spec that sets none (0: never poll)
   * @param minInterval the shortest interval a spec may set other than 0 (KASO_MIN_REFRESH_INTERVAL; 0: no floor)
   */
  public RefreshPlanner(SyncTiming timing, Duration defaultInterval, Duration minInterval) {
    this.timing = timing;
    this.defaultInterval = defaultInterval;
    this.minInterval = minInterval;
  }

  /**
   * The refresh interval of a spec.
   *
   * @throws SyncFailure InvalidSpec when it is not a duration, or is shorter than the operator's floor (and not 0)
   */
  public Duration interval(String specInterval) {
    if (specInterval == null || specInterval.isBlank()) {
      return defaultInterval;
    }
    Duration d;
    try {
      d = Durations.parse(specInterval);
    } catch (IllegalArgumentException e) {
      throw SyncFailure.invalidSpec("spec.refreshInterval: " + e.getMessage());
    }
    if (!d.isZero() && d.compareTo(minInterval) < 0) {
      throw SyncFailure.invalidSpec("spec.refreshInterval " + specInterval.trim() + " is shorter than this operator "
          + "allows (" + Durations.format(minInterval) + ", KASO_MIN_REFRESH_INTERVAL): set " + Durations.format(minInterval)
          + " or more, or 0 to sync only on spec changes, kaso.io/force-sync and AWS events");
    }
    return d;
  }

  /**
   * Whether a resource is re-read on a timer after a success: Periodic with an interval other than 0. CreatedOnce and
   * OnChange never are (their status has no nextRefreshTime).
   */
  public static boolean polls(RefreshPolicy policy, Duration interval) {
    return (policy == null || policy == RefreshPolicy.Periodic) && !interval.isZero() && !interval.isNegative();
  }

  /** Whether AWS events are routed to a resource: not under CreatedOnce, which reads AWS once per spec. */
  public static boolean readsOnEvents(RefreshPolicy policy) {
    return policy != RefreshPolicy.CreatedOnce;
  }

  /** The next refresh after a success, or null when the resource does not poll (see {@link #polls}). */
  public Instant afterSuccess(RefreshPolicy policy, Duration interval, Instant now) {
    return polls(policy, interval) ? afterSuccess(interval, now) : null;
  }

  /**
   * The next refresh after a success, or null when the interval is 0: the interval with its jitter, rounded up to
   * the interval's refresh slot ({@link #slot}), so resources due at about the same time are due at the same instant
   * and their sources are read together in full batches.
   */
  public Instant afterSuccess(Duration interval, Instant now) {
    Duration d = timing.nextRefresh(interval);
    return d == null ? null : slotted(now.plus(d), slot(interval));
  }

  /**
   * The refresh slot of an interval: a sixtieth of it, between 1 s and 60 s (an hour's refreshes, spread over 12
   * minutes by the +/-10% jitter, fall into 12 slots).
   */
  public static Duration slot(Duration interval) {
    long millis = Math.max(1_000, Math.min(60_000, interval.toMillis() / 60));
    return Duration.ofMillis(millis);
  }

  /** The first slot boundary (a multiple of the slot since the epoch) at or after {@code at}. */
  static Instant slotted(Instant at, Duration slot) {
    long size = slot.toMillis();
    long ms = at.toEpochMilli();
    long up = Math.floorDiv(ms + size - 1, size) * size;
    return Instant.ofEpochMilli(up);
  }

  /** The next attempt after a failure, or null when the failure is not retried (InvalidSpec). */
  public Instant afterFailure(SyncFailure failure, int failures, Duration interval, Instant now) {
    if (!failure.reason().retried()) {
      return null;
    }
    return now.plus(timing.backoff(failures, retryCap(interval)));
  }

  /**
   * Backoff is capped at the refresh interval; a resource that never polls is capped at the default interval, and
   * when that is 0 too, at {@link #RETRY_CAP_WITHOUT_POLLING}: never at 0, which would retry in a tight loop.
   */
  Duration retryCap(Duration interval) {
    if (interval != null && !interval.isZero() && !interval.isNegative()) {
      return interval;
    }
    return !defaultInterval.isZero() && !defaultInterval.isNegative() ? defaultInterval : RETRY_CAP_WITHOUT_POLLING;
  }
}
