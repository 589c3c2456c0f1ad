package io.kaso.operator.source;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Reads AWS Systems Manager Parameter Store, decrypting SecureStrings. */
public interface ParameterStore {

  /**
   * Every parameter under a path (all pages), decrypted.
   *
   * @param recursive the whole hierarchy, or only the level right below the path
   * @return the parameters; empty when the path holds none
   * @throws SourceException when AWS fails
   */
  List<Parameter> byPath(Scope scope, String path, boolean recursive);

  /**
   * Every parameter under a path that carries all the tags (key with value), decrypted: the names from
   * DescribeParameters (filtered by path and tags), the values from GetParameters (10 names per call).
   *
   * @param recursive the whole hierarchy, or only the level right below the path
   * @throws SourceException when AWS fails
   */
  List<Parameter> byTags(Scope scope, String path, boolean recursive, Map<String, String> tags);

  /**
   * A parameter's tags (ListTagsForResource).
   *
   * @throws SourceException.NotFound when the parameter does not exist; other SourceExceptions when AWS fails
   */
  Map<String, String> tags(Scope scope, String name);

  /**
   * Named parameters, decrypted. Names requested at about the same time (also by other resources) are batched into
   * GetParameters calls of 10.
   *
   * @return every selector with its parameter
   * @throws SourceException.NotFound naming every selector that does not exist; other SourceExceptions when AWS fails
   */
  Map<ParameterSelector, Parameter> byName(Scope scope, Collection<ParameterSelector> selectors);

  /**
   * Starts reading, in full batches, named parameters many resources are about to ask for, and keeps them for
   * {@code keep} (at least the cache TTL), long enough for those resources' syncs; returns at once. A later
   * {@link #byName} joins the read in flight or finds the value. Failures are left for the syncs to meet.
   */
  void prefetchNames(Scope scope, Collection<ParameterSelector> selectors, Duration keep);

  /**
   * What of these names and paths is being read now (by a prefetch or another resource): a future completing when
   * those reads have, or null when none is in flight. A sync can give its thread back until then.
   */
  CompletableFuture<?> inFlight(Scope scope, Collection<ParameterSelector> selectors,
      Collection<Map.Entry<String, Boolean>> paths);

  /** Starts reading a path a resource is about to read (as {@link #prefetchNames}); returns at once. */
  void prefetchPath(Scope scope, String path, boolean recursive, Duration keep);

  /**
   * Forgets what is cached of a parameter (value and tags), or of a path and everything under it (tagged reads of it
   * too), for every identity: the next read goes to AWS (a forced sync, or an AWS event saying it changed).
   */
  void forget(String nameOrPath);
}
