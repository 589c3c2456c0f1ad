package io.kaso.operator.reconciler;

import io.kaso.operator.api.v1alpha1.SyncSpec;
import io.kaso.operator.core.Fetched;
import io.kaso.operator.source.Scope;
import java.util.List;

/** What one kind reads from AWS, and how it is described; the rest of a sync is the same for every kind. */
public interface SourceReader<S extends SyncSpec> {

  /**
   * The names the spec reads (parameter names, paths, secret ids, find prefixes, kms:&lt;keyId&gt;), for the
   * namespace policy. Validates the spec.
   *
   * @throws io.kaso.operator.core.SyncFailure InvalidSpec when the spec cannot work as written
   */
  List<String> sources(S spec);

  /**
   * Reads AWS and makes keys of what it read.
   *
   * @throws io.kaso.operator.source.SourceException when AWS fails
   * @throws io.kaso.operator.core.SyncFailure when the values cannot become keys
   */
  Fetched read(S spec, Scope scope);

  /** Forgets what the source cache holds of the spec's sources, so the next {@link #read} goes to AWS. */
  void forget(S spec);

  /** The Ready message of a successful sync, e.g. "14 keys from 2 paths, 1 parameter". */
  String describe(S spec, int keys);
}
