package io.kaso.operator.source.aws;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket that paces calls: {@link #acquire()} blocks until a call may go. Bursts up to one second's worth of
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

  /** Blocks until one permit is available and takes it. */
  void acquire() throws InterruptedException {
    long waitNanos = reserve();
    if (waitNanos > 0) {
      TimeUnit.NANOSECONDS.sleep(waitNanos);
    }
  }

  /** Takes a permit now or in the future; returns how long the caller must wait for it. */
  synchronized long reserve() {
    long now = nanoTime.getAsLong();
    stored = Math.min(maxPermits, stored + (now - lastNanos) / 1e9 * permitsPerSecond);
    lastNanos = now;
    stored -= 1;
    if (stored >= 0) {
      return 0;
    }
    return (long) (-stored / permitsPerSecond * 1e9);
  }
}
