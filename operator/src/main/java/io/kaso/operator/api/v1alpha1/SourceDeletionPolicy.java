package io.kaso.operator.api.v1alpha1;

/** What happens to the target Secret when every source of the resource is gone in AWS. */
public enum SourceDeletionPolicy {
  /** The Secret keeps the last values; the sync fails with SourceNotFound. */
  Retain,
  /**
   * The Secret is deleted (Owner, Orphan), or Kaso's keys are removed from it (Merge); the sync still reports
   * SourceNotFound. Only when every source is not found, never on any other failure.
   */
  Delete
}
