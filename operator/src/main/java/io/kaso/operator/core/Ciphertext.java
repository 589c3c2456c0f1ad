package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.CiphertextFormat;
import io.kaso.operator.api.v1alpha1.KmsValue;
import io.kaso.operator.api.v1alpha1.Limits;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kms entry of an ExternalSecret, decoded and checked.
 *
 * @param key the Secret key the plaintext goes to
 * @param blob the ciphertext bytes
 * @param keyId the KMS key it must have been encrypted with, or null (Raw only)
 * @param context the encryption context
 * @param override whether this key wins over a derived key of the same name
 */
public record Ciphertext(String key, byte[] blob, CiphertextFormat format, String keyId, Map<String, String> context,
    boolean override) {
  /** KMS Decrypt takes a CiphertextBlob of at most 6144 bytes (plaintext of at most 4 KB). */
  public static final int MAX_RAW_CIPHERTEXT = 6144;
  private static final Pattern KEY_ARN = Pattern.compile("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$");

  /**
   * The ciphertext of a kms entry.
   *
   * @throws SyncFailure InvalidSpec when the entry cannot be decrypted as written
   */
  public static Ciphertext of(KmsValue k) {
    if (k.getKey() == null || k.getCiphertext() == null) {
      throw SyncFailure.invalidSpec("each kms entry needs key and ciphertext");
    }
    FieldLengths.check(k.getKeyId(), Limits.KMS_KEY_ID, "kms entry " + k.getKey() + ": keyId");
    byte[] blob;
    try {
      blob = Base64.getMimeDecoder().decode(k.getCiphertext().strip());
    } catch (IllegalArgumentException e) {
      throw SyncFailure.invalidSpec("kms entry " + k.getKey() + ": ciphertext is not base64 (" + e.getMessage() + ")");
    }
    if (blob.length == 0) {
      throw SyncFailure.invalidSpec("kms entry " + k.getKey() + ": ciphertext is empty");
    }
    CiphertextFormat format = k.formatOrDefault();
    if (format == CiphertextFormat.Raw && blob.length > MAX_RAW_CIPHERTEXT) {
      throw SyncFailure.invalidSpec("kms entry " + k.getKey() + ": a Raw ciphertext is at most " + MAX_RAW_CIPHERTEXT
          + " bytes (KMS Decrypt takes 4 KB of plaintext), this one has " + blob.length + "; encrypt larger values "
          + "with the AWS Encryption SDK and set format: EncryptionSdk");
    }
    if (format == CiphertextFormat.EncryptionSdk && (k.getKeyId() == null || !KEY_ARN.matcher(k.getKeyId()).matches())) {
      throw SyncFailure.invalidSpec("kms entry " + k.getKey() + ": format EncryptionSdk needs keyId set to the KMS "
          + "key ARN (arn:aws:kms:<region>:<account>:key/<id>)");
    }
    return new Ciphertext(k.getKey(), blob, format, k.getKeyId(), Map.copyOf(k.encryptionContextOrEmpty()),
        k.overrideOrDefault());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ciphertext c && key.equals(c.key) && Arrays.equals(blob, c.blob) && format == c.format
        && Objects.equals(keyId, c.keyId) && context.equals(c.context) && override == c.override;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, Arrays.hashCode(blob), format, keyId, context, override);
  }

  @Override
  public String toString() {
    return "Ciphertext[key=" + key + ", format=" + format + ", keyId=" + keyId + ", " + blob.length + " bytes]";
  }
}
