package io.kaso.operator.source.aws;

import io.kaso.operator.metrics.MetricNames;
import io.kaso.operator.source.RateBudgets;
import io.kaso.operator.source.Scope;
import io.kaso.operator.source.SourceException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Paces calls per (account, region, API family) below the AWS quotas (DESIGN 3, "Rate budgets"). A call waits for its
 * budget at most {@link #maxWait()}: one that would wait longer fails at once as Throttled, and its resource retries
 * with its backoff, rather than holding a reconcile thread that other tenants' reconciles need. Families have budgets
 * of their own, so waiting for one never delays another. Waits are measured in {@code kaso_aws_rate_wait_seconds},
 * refusals counted in {@code kaso_aws_rate_wait_exceeded_total}.
 */
public final class RateBudget {

  /** API families that share a quota, with the service label of their metrics. */
  public enum Family {
    SSM("ssm"), SECRETS_MANAGER("secretsmanager"), BATCH_GET_SECRET_VALUE("secretsmanager"), KMS("kms"), STS("sts");

    private final String service;

    Family(String service) {
      this.service = service;
    }

    String service() {
      return service;
    }
  }

  /**
   * Longest a call waits for its budget. Reconcile and batch threads each wait for one call at a time, so at the
   * default rates a full queue of them waits well under a second (SSM: 20 threads / 30 per second); only a budget that
   * is really overrun (a low KASO_RATE_*, STS at 5 per second for many new identities) reaches this.
   */
  public static final Duration MAX_WAIT = Duration.ofSeconds(5);
  /** Limiters kept at most; one per (account, region, family) in use. */
  static final int MAX_LIMITERS = 10_000;
  /** A limiter unused this long is dropped: after a second unused it is full again, the same as a new one. */
  static final Duration LIMITER_IDLE_EXPIRY = Duration.ofMinutes(10);

  /** Waits (a test stands in for the real sleep). */
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private record Key(String account, String region, Family family) {}

  private final RateBudgets rates;
  private final long maxWaitNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final MeterRegistry registry;
  private final BoundedPool<Key, RateLimiter> limiters;

  public RateBudget(RateBudgets rates, MeterRegistry registry) {
    this(rates, MAX_WAIT, System::nanoTime, TimeUnit.NANOSECONDS::sleep, registry);
  }

  RateBudget(RateBudgets rates, Duration maxWait, LongSupplier nanoTime, Sleeper sleeper, MeterRegistry registry) {
    this.rates = rates;
    this.maxWaitNanos = maxWait.toNanos();
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.registry = registry;
    this.limiters = new BoundedPool<>(MAX_LIMITERS, LIMITER_IDLE_EXPIRY, nanoTime, limiter -> { });
  }

  /** The longest a call waits for its budget before it fails as Throttled. */
  Duration maxWait() {
    return Duration.ofNanos(maxWaitNanos);
  }

  /**
   * Waits until a call of this family may go for this scope.
   *
   * @throws SourceException.Throttled when that would take longer than the maximum wait (nothing is taken)
   */
  void acquire(Scope scope, Family family) {
    acquire(scope.identity().account(), scope.region(), family);
  }

  void acquire(String account, String region, Family family) {
    RateLimiter limiter = limiters.get(new Key(account, region, family),
        k -> new RateLimiter(rate(family), nanoTime));
    long wait = limiter.tryReserve(maxWaitNanos);
    if (wait < 0) {
      exceeded(family).increment();
      throw new SourceException.Throttled("Kaso's budget of " + format(rate(family)) + " " + family.name() + " calls "
          + "per second for " + ("operator".equals(account) ? "the operator's account" : "account " + account) + " in "
          + region + " is used up for more than " + maxWait().toSeconds() + " s (KASO_RATE_" + family.name()
          + "); retried later", null);
    }
    waits(family).record(wait, TimeUnit.NANOSECONDS);
    if (wait == 0) {
      return;
    }
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceException.Unavailable("interrupted while waiting for the " + family + " rate budget", e);
    }
  }

  /** Limiters held now (bounded by {@link #MAX_LIMITERS}). */
  int limiters() {
    return limiters.size();
  }

  private static String format(double rate) {
    return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.format(Locale.ROOT, "%.2f", rate);
  }

  private double rate(Family family) {
    return switch (family) {
      case SSM -> rates.ssm();
      case SECRETS_MANAGER -> rates.secretsManager();
      case BATCH_GET_SECRET_VALUE -> rates.batchGetSecretValue();
      case KMS -> rates.kms();
      case STS -> rates.sts();
    };
  }

  private Timer waits(Family family) {
    return Timer.builder(MetricNames.AWS_RATE_WAIT).description("Time AWS calls waited for Kaso's rate budget")
        .tag("service", family.service()).publishPercentileHistogram().register(registry);
  }

  private Counter exceeded(Family family) {
    return Counter.builder(MetricNames.AWS_RATE_WAIT_EXCEEDED)
        .description("AWS calls refused because the rate budget would have made them wait longer than the maximum")
        .tag("service", family.service()).register(registry);
  }
}
