package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One Parameter Store parameter, read with GetParameters (10 names per call, decrypted). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ParameterRef {

  @JsonPropertyDescription("Parameter name (/shop/prod/feature-flags), or /aws/reference/secretsmanager/<secret> to "
      + "read a Secrets Manager secret through Parameter Store.")
  @Required
  @Pattern("^[a-zA-Z0-9_.\\-/]+$")
  @Size(max = Limits.PARAMETER_NAME)
  private String name;

  @JsonPropertyDescription("Secret key. Default: the last segment of the name in EnvVar style.")
  @Pattern(SecretKeys.PATTERN)
  @Size(max = Limits.KUBERNETES_NAME)
  private String key;

  @JsonPropertyDescription("Read this version of the parameter. At most one of version and label.")
  @Min(1)
  private Long version;

  @JsonPropertyDescription("Read the version carrying this label. At most one of version and label.")
  @Pattern("^[a-zA-Z0-9_.\\-]+$")
  @Size(max = Limits.PARAMETER_LABEL)
  private String label;

  @JsonPropertyDescription("The value is JSON: take this property. A dotted path (checkout.enabled, friends.1.first: "
      + "numeric segments index arrays) or, when it has any of the characters []{}()|&!=<>*?@`'\",: , a JMESPath "
      + "expression as in aws --query (friends[1].first, items[?name=='db'].value | [0]). A string is written as is, "
      + "anything else as its JSON text.")
  @Size(max = Limits.PROPERTY)
  private String property;

  @JsonPropertyDescription("None (default): write the value's bytes. Base64: the value is base64 text; write the "
      + "decoded bytes. Base64URL: the same with the URL-safe alphabet, padding optional. Auto: base64 (either "
      + "alphabet, padded or not) when the value decodes cleanly, else the value as is. Applied after property.")
  @Default("None")
  private Decoding decoding;
  @JsonPropertyDescription("None (default) reads the parameter's value; Fetch reads its tags instead "
      + "(ListTagsForResource): with property, that tag's value; without, all tags as a JSON object. ESO: "
      + "metadataPolicy.")
  @Default("None")
  private MetadataPolicy metadataPolicy;

  @JsonPropertyDescription("This explicit key wins over the same key derived from a path. Without it, that is a "
      + "KeyCollision.")
  private Boolean override;

  public ParameterRef() {}

  public ParameterRef(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getKey() { return key; }
  public void setKey(String key) { this.key = key; }
  public Long getVersion() { return version; }
  public void setVersion(Long version) { this.version = version; }
  public String getLabel() { return label; }
  public void setLabel(String label) { this.label = label; }
  public String getProperty() { return property; }
  public void setProperty(String property) { this.property = property; }
  public Decoding getDecoding() { return decoding; }
  public void setDecoding(Decoding decoding) { this.decoding = decoding; }
  public Boolean getOverride() { return override; }
  public void setOverride(Boolean override) { this.override = override; }

  public MetadataPolicy getMetadataPolicy() { return metadataPolicy; }
  public void setMetadataPolicy(MetadataPolicy metadataPolicy) { this.metadataPolicy = metadataPolicy; }

  public Decoding decodingOrDefault() { return decoding == null ? Decoding.None : decoding; }

  public MetadataPolicy metadataPolicyOrDefault() {
    return metadataPolicy == null ? MetadataPolicy.None : metadataPolicy;
  }
  public boolean overrideOrDefault() { return Boolean.TRUE.equals(override); }
}
