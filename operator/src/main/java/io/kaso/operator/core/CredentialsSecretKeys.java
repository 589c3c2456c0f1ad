package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.CredentialsSecretRef;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.source.AccessKeys;
import io.kaso.operator.source.Identity;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The access keys of a {@code spec.aws.credentialsSecretRef}, taken from the Secret's data. A Secret or key that is
 * not there is {@link Reason#SyncFailed}, retried: creating or editing the Secret fixes it, and Kaso does not watch
 * arbitrary Secrets, so only a retry would see the fix. Messages name the Secret and its keys, never a value.
 */
public final class CredentialsSecretKeys {

  private CredentialsSecretKeys() {}

  /** The key of the access key ID, with its default. */
  public static String accessKeyIdKey(CredentialsSecretRef ref) {
    return ref.getAccessKeyIdKey() != null ? ref.getAccessKeyIdKey() : CredentialsSecretRef.DEFAULT_ACCESS_KEY_ID_KEY;
  }

  /** The key of the secret access key, with its default. */
  public static String secretAccessKeyKey(CredentialsSecretRef ref) {
    return ref.getSecretAccessKeyKey() != null ? ref.getSecretAccessKeyKey()
        : CredentialsSecretRef.DEFAULT_SECRET_ACCESS_KEY_KEY;
  }

  /**
   * The identity of one version of the Secret.
   *
   * @param data the Secret's data as stored (base64 values); null when it has none
   * @throws SyncFailure SyncFailed when a key is missing, empty or not text
   */
  public static Identity.SecretKeys read(CredentialsSecretRef ref, Identity.SecretVersion version,
      Map<String, String> data) {
    Map<String, String> values = data == null ? Map.of() : data;
    String where = "Secret " + version.namespace() + "/" + version.name() + " (spec.aws.credentialsSecretRef)";
    String accessKeyId = required(values, accessKeyIdKey(ref), where, "the access key ID");
    String secretAccessKey = required(values, secretAccessKeyKey(ref), where, "the secret access key");
    String sessionToken;
    if (ref.getSessionTokenKey() != null) {
      sessionToken = required(values, ref.getSessionTokenKey(), where, "the session token");
    } else {
      String stored = values.get(CredentialsSecretRef.DEFAULT_SESSION_TOKEN_KEY);
      sessionToken = stored == null ? null
          : decode(stored, CredentialsSecretRef.DEFAULT_SESSION_TOKEN_KEY, where, "the session token");
    }
    return new Identity.SecretKeys(version, new AccessKeys(accessKeyId, secretAccessKey, sessionToken));
  }

  private static String required(Map<String, String> values, String key, String where, String what) {
    String stored = values.get(key);
    if (stored == null) {
      throw new SyncFailure(Reason.SyncFailed, where + " has no key " + key + " for " + what + ": add it to the "
          + "Secret, or name the key that holds it in spec.aws.credentialsSecretRef");
    }
    return decode(stored, key, where, what);
  }

  /** The value as text; surrounding whitespace (a newline left by echo) is dropped, no key or token has any. */
  private static String decode(String stored, String key, String where, String what) {
    String value;
    try {
      value = new String(Base64.getMimeDecoder().decode(stored), StandardCharsets.UTF_8).strip();
    } catch (IllegalArgumentException e) {
      throw new SyncFailure(Reason.SyncFailed, where + " key " + key + " is not valid base64");
    }
    if (value.isEmpty()) {
      throw new SyncFailure(Reason.SyncFailed, where + " key " + key + " is empty: it should hold " + what);
    }
    if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new SyncFailure(Reason.SyncFailed, where + " key " + key + " does not look like " + what
          + ": it holds characters other than printable ASCII");
    }
    return value;
  }
}
