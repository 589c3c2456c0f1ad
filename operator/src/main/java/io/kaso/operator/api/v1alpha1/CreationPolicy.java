package io.kaso.operator.api.v1alpha1;

/** Who owns the target Secret. */
public enum CreationPolicy {
  /** Kaso creates the Secret and owns it (ownerReference); it refuses to take over a Secret it did not write. */
  Owner,
  /** Kaso writes its keys into an existing Secret it does not own, and never deletes that Secret. */
  Merge
}
