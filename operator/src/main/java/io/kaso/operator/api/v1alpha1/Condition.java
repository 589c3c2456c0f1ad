package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A status condition, as in the Kubernetes API conventions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {
  /** The one condition type Kaso sets. */
  public static final String READY = "Ready";

  @JsonPropertyDescription("Condition type; Kaso sets Ready.")
  private String type;
  @JsonPropertyDescription("True, False or Unknown.")
  private String status;
  @JsonPropertyDescription("Synced, InvalidSpec, Forbidden, AccessDenied, SourceNotFound, KeyCollision, "
      + "DecryptionFailed, TargetConflict, TargetNotFound, Throttled, AwsUnavailable, KubernetesApiError or "
      + "SyncFailed.")
  private String reason;
  @JsonPropertyDescription("What happened, for a person.")
  private String message;
  @JsonPropertyDescription("Last time the status of this condition changed (RFC 3339).")
  private String lastTransitionTime;

  public Condition() {}

  public Condition(String type, String status, String reason, String message, String lastTransitionTime) {
    this.type = type;
    this.status = status;
    this.reason = reason;
    this.message = message;
    this.lastTransitionTime = lastTransitionTime;
  }

  public String getType() { return type; }
  public void setType(String type) { this.type = type; }
  public String getStatus() { return status; }
  public void setStatus(String status) { this.status = status; }
  public String getReason() { return reason; }
  public void setReason(String reason) { this.reason = reason; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public String getLastTransitionTime() { return lastTransitionTime; }
  public void setLastTransitionTime(String lastTransitionTime) { this.lastTransitionTime = lastTransitionTime; }

  @Override
  public boolean equals(Object o) {
    return o instanceof Condition c && Objects.equals(type, c.type) && Objects.equals(status, c.status)
        && Objects.equals(reason, c.reason) && Objects.equals(message, c.message)
        && Objects.equals(lastTransitionTime, c.lastTransitionTime);
  }

  @Override
  public int hashCode() { return Objects.hash(type, status, reason, message, lastTransitionTime); }

  @Override
  public String toString() { return type + "=" + status + " (" + reason + "): " + message; }
}
