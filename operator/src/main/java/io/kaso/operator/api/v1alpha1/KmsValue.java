package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/** A client-side encrypted value, decrypted with KMS into one Secret key. Safe to keep in Git. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KmsValue {

  @JsonPropertyDescription("Secret key to write.")
  @Required
  @Pattern(SecretKeys.PATTERN)
  @Size(max = Limits.KUBERNETES_NAME)
  private String key;

  @JsonPropertyDescription("Base64 ciphertext, as printed by aws kms encrypt --query CiphertextBlob --output text "
      + "(Raw) or written by the AWS Encryption SDK (EncryptionSdk).")
  @Required
  @Pattern("^[A-Za-z0-9+/=\\s]+$")
  private String ciphertext;

  @JsonPropertyDescription("Raw (default): KMS Decrypt of a CiphertextBlob, up to 4 KB. EncryptionSdk: an AWS "
      + "Encryption SDK message (envelope encryption, any size).")
  @Default("Raw")
  private CiphertextFormat format;

  @JsonPropertyDescription("KMS key id, ARN or alias. Raw: optional, Decrypt fails unless this key was used. "
      + "EncryptionSdk: required, the key ARN.")
  @Size(min = 1, max = Limits.KMS_KEY_ID)
  private String keyId;

  @JsonPropertyDescription("Encryption context the value was encrypted with. EncryptionSdk: must be contained in "
      + "the message's context.")
  private Map<String, String> encryptionContext;

  @JsonPropertyDescription("This explicit key wins over the same key from dataFrom. Without it, that is a "
      + "KeyCollision.")
  private Boolean override;

  public String getKey() { return key; }
  public void setKey(String key) { this.key = key; }
  public String getCiphertext() { return ciphertext; }
  public void setCiphertext(String ciphertext) { this.ciphertext = ciphertext; }
  public CiphertextFormat getFormat() { return format; }
  public void setFormat(CiphertextFormat format) { this.format = format; }
  public String getKeyId() { return keyId; }
  public void setKeyId(String keyId) { this.keyId = keyId; }
  public Map<String, String> getEncryptionContext() { return encryptionContext; }
  public void setEncryptionContext(Map<String, String> encryptionContext) { this.encryptionContext = encryptionContext; }
  public Boolean getOverride() { return override; }
  public void setOverride(Boolean override) { this.override = override; }

  public CiphertextFormat formatOrDefault() { return format == null ? CiphertextFormat.Raw : format; }
  public Map<String, String> encryptionContextOrEmpty() {
    return encryptionContext == null ? Map.of() : encryptionContext;
  }
  public boolean overrideOrDefault() { return Boolean.TRUE.equals(override); }
}
