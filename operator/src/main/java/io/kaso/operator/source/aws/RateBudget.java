package io.kaso.operator.source.aws;

import io.kaso.operator.source.RateBudgets;
import io.kaso.operator.source.Scope;
import io.kaso.operator.source.SourceException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Paces calls per (account, region, API family) below the AWS quotas (DESIGN 3, "Rate budgets"). */
public final class RateBudget {

  /** API families that share a quota. */
  public enum Family { SSM, SECRETS_MANAGER, BATCH_GET_SECRET_VALUE, KMS, STS }

  private record Key(String account, String region, Family family) {}

  private final RateBudgets rates;
  private final Map<Key, RateLimiter> limiters = new ConcurrentHashMap<>();

  public RateBudget(RateBudgets rates) {
    this.rates = rates;
  }

  /** Waits until a call of this family may go for this scope. */
  void acquire(Scope scope, Family family) {
    acquire(scope.identity().account(), scope.region(), family);
  }

  void acquire(String account, String region, Family family) {
    RateLimiter limiter = limiters.computeIfAbsent(new Key(account, region, family),
        k -> new RateLimiter(rate(family), System::nanoTime));
    try {
      limiter.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceException.Unavailable("interrupted while waiting for the " + family + " rate budget", e);
    }
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
}
