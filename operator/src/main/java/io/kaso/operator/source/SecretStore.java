package io.kaso.operator.source;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** Reads AWS Secrets Manager. */
public interface SecretStore {

  /**
   * Secrets by id. Current versions requested at about the same time (also by other resources) are batched into
   * BatchGetSecretValue calls of 20; other versions and stages are read with GetSecretValue.
   *
   * @return every selector with its value
   * @throws SourceException for the selectors that failed (the most actionable failure, naming each failed id)
   */
  Map<SecretSelector, SecretValue> byId(Scope scope, Collection<SecretSelector> selectors);

  /**
   * Every secret matching the filter (BatchGetSecretValue with Filters, all pages), current versions. A filter with a
   * nameRegexp is read with {@link #find(Scope, SecretFilter, Predicate)}.
   */
  List<SecretValue> find(Scope scope, SecretFilter filter);

  /**
   * Every secret matching the filter's prefix and tags whose name the caller accepts, current versions: the secrets
   * are listed (ListSecrets, all pages, narrowed by prefix and tags on the AWS side), the names matched, and only the
   * matching values read, 20 per BatchGetSecretValue call. The result is cached per filter.
   *
   * @param names whether a name matches; must be a function of {@code filter.nameRegexp()} alone (the port carries
   *     the expression, the caller compiles it)
   */
  List<SecretValue> find(Scope scope, SecretFilter filter, Predicate<String> names);

  /**
   * A secret's tags (DescribeSecret).
   *
   * @throws SourceException.NotFound when the secret does not exist; other SourceExceptions when AWS fails
   */
  Map<String, String> tags(Scope scope, String secretId);

  /**
   * Starts reading, in full batches, the current versions of secrets many resources are about to ask for, and keeps
   * them for {@code keep} (at least the cache TTL), long enough for those resources' syncs; returns at once. A later
   * {@link #byId} joins the read in flight or finds the value. Failures are left for the syncs to meet.
   */
  void prefetch(Scope scope, Collection<SecretSelector> selectors, Duration keep);

  /**
   * What of these secrets is being read now (by a prefetch or another resource): a future completing when those
   * reads have, or null when none is in flight.
   */
  CompletableFuture<?> inFlight(Scope scope, Collection<SecretSelector> selectors);

  /**
   * Forgets what is cached of a secret (name or ARN): its values, its tags, and every cached find, for every
   * identity: the next read goes to AWS.
   */
  void forget(String secretIdOrArn);
}
