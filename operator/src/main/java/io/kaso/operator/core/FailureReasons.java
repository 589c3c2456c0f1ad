package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.source.SourceException;

/** Which Ready reason a failure to read AWS is. */
public final class FailureReasons {

  private FailureReasons() {}

  /** The sync failure for a source failure, keeping its message. */
  public static SyncFailure of(SourceException e) {
    Reason reason;
    if (e instanceof SourceException.NotFound) {
      reason = Reason.SourceNotFound;
    } else if (e instanceof SourceException.AccessDenied) {
      reason = Reason.AccessDenied;
    } else if (e instanceof SourceException.Throttled) {
      reason = Reason.Throttled;
    } else if (e instanceof SourceException.Unavailable) {
      reason = Reason.AwsUnavailable;
    } else if (e instanceof SourceException.InvalidCiphertext) {
      reason = Reason.DecryptionFailed;
    } else if (e instanceof SourceException.KubernetesApi) {
      reason = Reason.KubernetesApiError;
    } else if (e instanceof SourceException.InvalidRequest) {
      // AWS rejects the same malformed request every time: only a spec change helps.
      reason = Reason.InvalidSpec;
    } else {
      // An AWS error Kaso does not know (Unexpected) is not the spec's fault: retried with backoff.
      reason = Reason.SyncFailed;
    }
    return new SyncFailure(reason, e.getMessage(), e);
  }
}
