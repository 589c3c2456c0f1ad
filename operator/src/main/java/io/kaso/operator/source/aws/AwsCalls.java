package io.kaso.operator.source.aws;

import io.kaso.operator.source.Scope;
import io.kaso.operator.source.SourceException;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/** Makes one AWS call for a scope: credentials first, then the rate budget, then the call, failures translated. */
public final class AwsCalls {
  private final RateBudget budget;
  private final Function<Scope, AwsCredentialsProvider> credentials;

  public AwsCalls(RateBudget budget, Function<Scope, AwsCredentialsProvider> credentials) {
    this.budget = budget;
    this.credentials = credentials;
  }

  /**
   * @param what what the call does, for messages ("reading path /shop/prod/"); never a value
   * @throws SourceException translated from the SDK's exception; Throttled when the rate budget would make the call
   *     wait longer than {@link RateBudget#maxWait()}
   */
  <T> T call(Scope scope, RateBudget.Family family, String what, Supplier<T> call) {
    // Resolving credentials here lets an STS failure surface as itself rather than wrapped by the SDK.
    requireCredentials(scope);
    budget.acquire(scope, family);
    try {
      return call.get();
    } catch (SdkException e) {
      throw AwsFailures.translate(e, what);
    }
  }

  /**
   * The failure to get the scope's credentials, or null when they are there. A batch checks this before its call: a
   * missing identity is every item's failure, and must not make the batch split in search of a guilty item.
   */
  SourceException credentialsFailure(Scope scope) {
    try {
      requireCredentials(scope);
      return null;
    } catch (SourceException e) {
      return e;
    }
  }

  private void requireCredentials(Scope scope) {
    try {
      credentials.apply(scope).resolveCredentials();
    } catch (SdkException e) {
      throw AwsFailures.translate(e, "getting credentials for " + scope.identity().describe());
    }
  }
}
