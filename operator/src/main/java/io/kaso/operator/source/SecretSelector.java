package io.kaso.operator.source;

import java.util.Objects;

/**
 * A Secrets Manager secret (name, ARN or partial ARN) and which version of it: a version id, or a stage
 * (AWSCURRENT when neither is given).
 */
public record SecretSelector(String secretId, String versionId, String versionStage) {
  /** The stage read when no version is named. */
  public static final String CURRENT = "AWSCURRENT";

  public SecretSelector {
    Objects.requireNonNull(secretId, "secretId");
    if (versionId != null && versionStage != null) {
      throw new IllegalArgumentException("a secret selector takes a versionId or a versionStage, not both");
    }
  }

  public static SecretSelector current(String secretId) {
    return new SecretSelector(secretId, null, null);
  }

  /** Whether this reads the current version, which BatchGetSecretValue returns. */
  public boolean isCurrent() {
    return versionId == null && (versionStage == null || CURRENT.equals(versionStage));
  }

  @Override
  public String toString() {
    if (versionId != null) {
      return secretId + " (version " + versionId + ")";
    }
    return isCurrent() ? secretId : secretId + " (stage " + versionStage + ")";
  }
}
