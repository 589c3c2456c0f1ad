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
   * @throws SourceException translated from the SDK's exception
   */
  <T> T call(Scope scope, RateBudget.Family family, String what, Supplier<T> call) {
    // Resolving credentials here lets an STS failure surface as itself rather than wrapped by the SDK.
    credentials.apply(scope).resolveCredentials();
    budget.acquire(scope, family);
    try {
      return call.get();
    } catch (SdkException e) {
      throw AwsFailures.translate(e, what);
    }
  }
}
