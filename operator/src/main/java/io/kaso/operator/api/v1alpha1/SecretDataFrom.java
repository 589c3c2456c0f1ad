package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Many Secret keys from one secret (a JSON object) or from every secret a find matches. Exactly one of secretId and find. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretDataFrom {

  @JsonPropertyDescription("A secret whose SecretString is a JSON object: one key per top-level field (nested values "
      + "are written as their JSON text). Exclusive with find.")
  @Size(min = 1, max = Limits.SECRET_ID)
  private String secretId;

  @JsonPropertyDescription("Every secret matching all filters (BatchGetSecretValue with Filters), one key per "
      + "secret, named from the secret's name relative to namePrefix. Exclusive with secretId.")
  private SecretFind find;

  @JsonPropertyDescription("With find: how keys are derived from the secret's name relative to namePrefix: EnvVar "
      + "(default), Relative or Basename.")
  @Default("EnvVar")
  private KeyStyle keyStyle;

  @JsonPropertyDescription("With secretId: None (default) reads the secret's value; Fetch reads its tags instead, "
      + "one key per tag (the tag's key, after keyPrefix). ESO: metadataPolicy.")
  @Default("None")
  private MetadataPolicy metadataPolicy;

  @JsonPropertyDescription("Prepended to every key of this entry.")
  @Pattern("^[-._a-zA-Z0-9]*$")
  @Size(max = Limits.KUBERNETES_NAME)
  private String keyPrefix;

  @JsonPropertyDescription("None (default): write the value's bytes. Base64: the value is base64 text; write the "
      + "decoded bytes. Base64URL: the same with the URL-safe alphabet, padding optional. Auto: base64 (either "
      + "alphabet, padded or not) when the value decodes cleanly, else the value as is. Applies to every field "
      + "(secretId) or every secret (find).")
  @Default("None")
  private Decoding decoding;

  @JsonPropertyDescription("Rewrites of the keys, applied in order after keyStyle and before keyPrefix: each "
      + "replaces every match of regexp.source with regexp.target (ESO's rewrite).")
  private List<KeyRewrite> rewrite;

  public String getSecretId() { return secretId; }
  public void setSecretId(String secretId) { this.secretId = secretId; }
  public SecretFind getFind() { return find; }
  public void setFind(SecretFind find) { this.find = find; }
  public KeyStyle getKeyStyle() { return keyStyle; }
  public void setKeyStyle(KeyStyle keyStyle) { this.keyStyle = keyStyle; }
  public MetadataPolicy getMetadataPolicy() { return metadataPolicy; }
  public void setMetadataPolicy(MetadataPolicy metadataPolicy) { this.metadataPolicy = metadataPolicy; }
  public String getKeyPrefix() { return keyPrefix; }
  public void setKeyPrefix(String keyPrefix) { this.keyPrefix = keyPrefix; }

  public Decoding getDecoding() { return decoding; }
  public void setDecoding(Decoding decoding) { this.decoding = decoding; }
  public List<KeyRewrite> getRewrite() { return rewrite; }
  public void setRewrite(List<KeyRewrite> rewrite) { this.rewrite = rewrite; }

  public Decoding decodingOrDefault() { return decoding == null ? Decoding.None : decoding; }
  public KeyStyle keyStyleOrDefault() { return keyStyle == null ? KeyStyle.EnvVar : keyStyle; }
  public String keyPrefixOrEmpty() { return keyPrefix == null ? "" : keyPrefix; }
  public MetadataPolicy metadataPolicyOrDefault() {
    return metadataPolicy == null ? MetadataPolicy.None : metadataPolicy;
  }
}
