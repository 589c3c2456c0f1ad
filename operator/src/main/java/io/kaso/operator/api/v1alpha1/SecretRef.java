package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One Secrets Manager secret (or one property of it) into one Secret key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretRef {

  @JsonPropertyDescription("Secret key to write.")
  @Required
  @Pattern(SecretKeys.PATTERN)
  @Size(max = Limits.KUBERNETES_NAME)
  private String key;

  @JsonPropertyDescription("Secret name, full ARN or partial ARN.")
  @Required
  @Size(min = 1, max = Limits.SECRET_ID)
  private String secretId;

  @JsonPropertyDescription("The SecretString is JSON: take this property. A dotted path (conn.host, friends.1.first: "
      + "numeric segments index arrays) or, when it has any of the characters []{}()|&!=<>*?@`'\",: , a JMESPath "
      + "expression as in aws --query (friends[1].first, items[?name=='db'].value | [0]). A string is written as is, "
      + "anything else as its JSON text.")
  @Size(max = Limits.PROPERTY)
  private String property;

  @JsonPropertyDescription("Version stage to read (default AWSCURRENT). Exclusive with versionId.")
  @Size(min = 1, max = Limits.VERSION_STAGE)
  private String versionStage;

  @JsonPropertyDescription("Version id to read. Exclusive with versionStage.")
  @Size(min = 32, max = 64)
  private String versionId;

  @JsonPropertyDescription("None (default): write the value's bytes. Base64: the value is base64 text; write the "
      + "decoded bytes. Base64URL: the same with the URL-safe alphabet, padding optional. Auto: base64 (either "
      + "alphabet, padded or not) when the value decodes cleanly, else the value as is. Applied after property.")
  @Default("None")
  private Decoding decoding;

  @JsonPropertyDescription("None (default) reads the secret's value; Fetch reads its tags instead (DescribeSecret): "
      + "with property, that tag's value; without, all tags as a JSON object. ESO: metadataPolicy.")
  @Default("None")
  private MetadataPolicy metadataPolicy;

  @JsonPropertyDescription("This explicit key wins over the same key from dataFrom. Without it, that is a "
      + "KeyCollision.")
  private Boolean override;

  public SecretRef() {}

  public SecretRef(String key, String secretId) {
    this.key = key;
    this.secretId = secretId;
  }

  public String getKey() { return key; }
  public void setKey(String key) { this.key = key; }
  public String getSecretId() { return secretId; }
  public void setSecretId(String secretId) { this.secretId = secretId; }
  public String getProperty() { return property; }
  public void setProperty(String property) { this.property = property; }
  public String getVersionStage() { return versionStage; }
  public void setVersionStage(String versionStage) { this.versionStage = versionStage; }
  public String getVersionId() { return versionId; }
  public void setVersionId(String versionId) { this.versionId = versionId; }
  public Decoding getDecoding() { return decoding; }
  public void setDecoding(Decoding decoding) { this.decoding = decoding; }
  public MetadataPolicy getMetadataPolicy() { return metadataPolicy; }
  public void setMetadataPolicy(MetadataPolicy metadataPolicy) { this.metadataPolicy = metadataPolicy; }
  public Boolean getOverride() { return override; }
  public void setOverride(Boolean override) { this.override = override; }

  public Decoding decodingOrDefault() { return decoding == null ? Decoding.None : decoding; }
  public MetadataPolicy metadataPolicyOrDefault() {
    return metadataPolicy == null ? MetadataPolicy.None : metadataPolicy;
  }
  public boolean overrideOrDefault() { return Boolean.TRUE.equals(override); }
}
