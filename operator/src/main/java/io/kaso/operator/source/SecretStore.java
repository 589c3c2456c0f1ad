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

  /** Every secret matching the filter (BatchGetSecretValue with Filters, all pages), current versions. */
  List<SecretValue> find(Scope scope, SecretFilter filter);

  /**
   * Starts reading, in full batches, the current versions of secrets many resources are about to ask for, and keeps
   * them long enough for those resources' syncs; returns at once. A later {@link #byId} joins the read in flight or
   * finds the value. Failures are left for the syncs to meet.
   */
  void prefetch(Scope scope, Collection<SecretSelector> selectors);

  /**
   * Forgets what is cached of a secret (name or ARN) and every cached find, for every identity: the next read goes
   * to AWS.
   */
  void forget(String secretIdOrArn);
}
