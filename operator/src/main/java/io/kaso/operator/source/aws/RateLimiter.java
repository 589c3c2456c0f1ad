package io.kaso.operator.source.aws;

import java.util.function.LongSupplier;

/**
 * A token bucket that paces calls: {@link #tryReserve} says how long a call must wait before it may go. Bursts up to one second's worth of
 * permits, so a steady rate stays under the quota and short bursts do not wait.
 */
final class RateLimiter {
  private final double permitsPerSecond;
  private final double maxPermits;
  private final LongSupplier nanoTime;
  private double stored;
  private long lastNanos;

  RateLimiter(double permitsPerSecond, LongSupplier nanoTime) {
    this.permitsPerSecond = permitsPerSecond;
    this.maxPermits = Math.max(1, permitsPerSecond);
    this.nanoTime = nanoTime;
    this.stored = maxPermits;
    this.lastNanos = nanoTime.getAsLong();
  }

  /** Takes a permit now or in the future; returns how long the caller must wait for it. */
  long reserve() {
    return tryReserve(Long.MAX_VALUE);
  }

  /**
   * Takes a permit now or in the future if the caller would wait at most {@code maxWaitNanos} for it; returns the wait,
   * or -1 (and takes nothing, so later callers do not wait for a call that never went) when it would be longer.
   */
  synchronized long tryReserve(long maxWaitNanos) {
    long now = nanoTime.getAsLong();
    stored = Math.min(maxPermits, stored + (now - lastNanos) / 1e9 * permitsPerSecond);
    lastNanos = now;
    double after = stored - 1;
    long wait = after >= 0 ? 0 : (long) (-after / permitsPerSecond * 1e9);
    if (wait > maxWaitNanos) {
      return -1;
    }
    stored = after;
    return wait;
  }
}
