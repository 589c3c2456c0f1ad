package io.kaso.operator.core;

import java.util.List;
import java.util.Set;

/**
 * What one resource reads, built once per sync from its spec (and validated there): the answers every step of a
 * sync and of event routing needs, so nothing else interprets the spec.
 */
public interface SourcePlan {

  /**
   * What the namespace policy must allow: parameter names, secret ids and kms:&lt;keyId&gt; as names; paths and find
   * prefixes as every name under them.
   */
  List<PolicySource> policySources();

  /** The keys the resource is indexed under, so a change in AWS finds its readers (see {@link SourceIndexKeys}). */
  Set<String> indexKeys();

  /** Whether a change in AWS may concern this resource (exact where the index can only narrow it down). */
  boolean mayRead(SourceChange change);

  /** The Ready message of a successful sync, e.g. "14 keys from 2 paths, 1 parameter". */
  String describe(int keys);
}
