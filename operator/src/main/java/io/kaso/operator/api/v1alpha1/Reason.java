package io.kaso.operator.api.v1alpha1;

/** Reasons of the Ready condition, and of the Warning events that go with them. */
public enum Reason {
  /** The Secret holds the data of the last successful sync. */
  Synced,
  /** The spec cannot work as written; not retried until the spec changes. */
  InvalidSpec,
  /** The namespace policy does not allow this identity or source. */
  Forbidden,
  /** AWS denied the call. */
  AccessDenied,
  /** A named parameter, secret or version does not exist. */
  SourceNotFound,
  /** Two sources produce the same Secret key. */
  KeyCollision,
  /** KMS could not decrypt a value. */
  DecryptionFailed,
  /** The target Secret exists and is not Kaso's to write. */
  TargetConflict,
  /** creationPolicy Merge: the target Secret does not exist, and Merge does not create it; retried until it does. */
  TargetNotFound,
  /** AWS kept throttling after retries. */
  Throttled,
  /** AWS could not be reached or answered with a server error. */
  AwsUnavailable,
  /** The Kubernetes API refused or failed a call the sync needs (a lookup, a Secret write, a token request). */
  KubernetesApiError,
  /** Anything else; the message says what. */
  SyncFailed;

  /** Whether a sync that failed with this reason is retried before the spec changes. */
  public boolean retried() {
    return this != InvalidSpec && this != Synced;
  }
}
