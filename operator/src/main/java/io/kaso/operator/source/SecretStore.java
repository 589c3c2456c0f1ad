package io.kaso.operator.source;

import java.util.Collection;
import java.util.List;
import java.util.Map;

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
   * nameRegexp is not read here: {@link #list} the secrets, match the names, and read them {@link #byId}.
   */
  List<SecretValue> find(Scope scope, SecretFilter filter);

  /**
   * Every secret whose name starts with the prefix and that carries all the tags (exactly: key with value), without
   * values (ListSecrets, all pages, filtered by prefix and tags on the AWS side when given).
   *
   * @param namePrefix null or empty for any name
   * @param tags empty for any tags
   */
  List<SecretListing> list(Scope scope, String namePrefix, Map<String, String> tags);

  /**
   * A secret's tags (DescribeSecret).
   *
   * @throws SourceException.NotFound when the secret does not exist; other SourceExceptions when AWS fails
   */
  Map<String, String> tags(Scope scope, String secretId);

  /**
   * Starts reading, in full batches, the current versions of secrets many resources are about to ask for, and keeps
   * them long enough for those resources' syncs; returns at once. A later {@link #byId} joins the read in flight or
   * finds the value. Failures are left for the syncs to meet.
   */
  void prefetch(Scope scope, Collection<SecretSelector> selectors);

  /**
   * Forgets what is cached of a secret (name or ARN): its values, its tags, and every cached find and listing, for every identity: the next read goes
   * to AWS.
   */
  void forget(String secretIdOrArn);
}
