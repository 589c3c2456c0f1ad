package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.Reason;

/**
 * Why a sync failed, with a message a person can act on. It never carries a secret value. The reason becomes the
 * Ready condition's reason and the Warning event's reason.
 */
public class SyncFailure extends RuntimeException {
  private final Reason reason;

  public SyncFailure(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public SyncFailure(Reason reason, String message, Throwable cause) {
    super(message, cause, false, false);
    this.reason = reason;
  }

  public static SyncFailure invalidSpec(String message) {
    return new SyncFailure(Reason.InvalidSpec, message);
  }

  public Reason reason() {
    return reason;
  }
}
