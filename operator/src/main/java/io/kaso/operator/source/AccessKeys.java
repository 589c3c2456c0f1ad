package io.kaso.operator.source;

import java.util.Objects;

/**
 * AWS access keys read from a tenant's Secret. Equal keys are equal (identities holding them share clients), but
 * nothing here prints them: {@link #toString()} hides all three, so an identity, a scope or a cache key in a log line
 * or an exception message never carries them.
 */
public final class AccessKeys {
  private final String accessKeyId;
  private final String secretAccessKey;
  private final String sessionToken;

  /** @param sessionToken null for long-term keys */
  public AccessKeys(String accessKeyId, String secretAccessKey, String sessionToken) {
    this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
    this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    this.sessionToken = sessionToken;
  }

  public String accessKeyId() {
    return accessKeyId;
  }

  public String secretAccessKey() {
    return secretAccessKey;
  }

  /** The session token of temporary keys, or null. */
  public String sessionToken() {
    return sessionToken;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccessKeys k && accessKeyId.equals(k.accessKeyId) && secretAccessKey.equals(k.secretAccessKey)
        && Objects.equals(sessionToken, k.sessionToken);
  }

  @Override
  public int hashCode() {
    return Objects.hash(accessKeyId, secretAccessKey, sessionToken);
  }

  @Override
  public String toString() {
    return "AccessKeys[hidden]";
  }
}
