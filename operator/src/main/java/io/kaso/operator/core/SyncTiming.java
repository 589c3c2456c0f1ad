package io.kaso.operator.core;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When to read AWS again: the refresh interval with +/-10% jitter, and exponential backoff with jitter after
 * failures, capped at the refresh interval.
 */
public final class SyncTiming {
  /** First retry delay after a failure. */
  public static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  private final DoubleSupplier random;

  /** @param random uniform numbers in [0, 1) */
  public SyncTiming(DoubleSupplier random) {
    this.random = random;
  }

  /** The delay until the next refresh: the interval +/-10%, or null when the interval is zero (never poll). */
  public Duration nextRefresh(Duration interval) {
    if (interval.isZero() || interval.isNegative()) {
      return null;
    }
    return scale(interval, 0.9 + 0.2 * random.getAsDouble());
  }

  /**
   * The delay before retry number {@code failures} (1 for the first failure): 5 s doubling, with +/-20% jitter,
   * capped at {@code cap}.
   */
  public Duration backoff(int failures, Duration cap) {
    int exponent = Math.max(0, Math.min(failures - 1, 30));
    Duration base = FIRST_RETRY.multipliedBy(1L << exponent);
    Duration jittered = scale(base, 0.8 + 0.4 * random.getAsDouble());
    return jittered.compareTo(cap) > 0 ? cap : jittered;
  }

  private static Duration scale(Duration d, double factor) {
    return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * factor)));
  }
}
