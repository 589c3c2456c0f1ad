package io.kaso.operator.api.v1alpha1;

/** Who owns the target Secret. */
public enum CreationPolicy {
  /** Kaso creates the Secret and owns it (ownerReference); it refuses to take over a Secret it did not write. */
  Owner,
  /**
   * Kaso writes its keys into an existing Secret it does not own, and never deletes that Secret. A missing Secret is
   * not created: the sync fails (Ready=False) and is retried until the Secret exists.
   */
  Merge,
  /**
   * Like Owner (create, update, restore drift) but without an ownerReference: the Secret is never deleted with the
   * resource, whatever the deletionPolicy.
   */
  Orphan,
  /** Kaso never writes a Secret: it reads AWS and reports the outcome in the status only. */
  None
}
