package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Many Secret keys from one parameter holding a JSON object: one key per top-level field (ESO's dataFrom.extract). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ParameterDataFrom {

  @JsonPropertyDescription("Parameter whose value is a JSON object, read with GetParameters (batched with the "
      + "parameters entries). Each top-level field becomes a key; nested values are written as their JSON text.")
  @Required
  @Pattern("^[a-zA-Z0-9_.\\-/]+$")
  @Size(max = Limits.PARAMETER_NAME)
  private String name;

  @JsonPropertyDescription("Read this version of the parameter. At most one of version and label.")
  @Min(1)
  private Long version;

  @JsonPropertyDescription("Read the version carrying this label. At most one of version and label.")
  @Pattern("^[a-zA-Z0-9_.\\-]+$")
  @Size(max = Limits.PARAMETER_LABEL)
  private String label;

  @JsonPropertyDescription("Prepended to every key of this entry (after rewrite).")
  @Pattern("^[-._a-zA-Z0-9]*$")
  @Size(max = Limits.KUBERNETES_NAME)
  private String keyPrefix;

  @JsonPropertyDescription("None (default): write the value's bytes. Base64: the value is base64 text; write the "
      + "decoded bytes. Base64URL: the same with the URL-safe alphabet, padding optional. Auto: base64 (either "
      + "alphabet, padded or not) when the value decodes cleanly, else the value as is. Applies to every field.")
  @Default("None")
  private Decoding decoding;

  @JsonPropertyDescription("Rewrites of the field names, applied in order before keyPrefix: each replaces every "
      + "match of regexp.source with regexp.target (ESO's rewrite).")
  private List<KeyRewrite> rewrite;

  public ParameterDataFrom() {}

  public ParameterDataFrom(String name) {
    this.name = name;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public Long getVersion() { return version; }
  public void setVersion(Long version) { this.version = version; }
  public String getLabel() { return label; }
  public void setLabel(String label) { this.label = label; }
  public String getKeyPrefix() { return keyPrefix; }
  public void setKeyPrefix(String keyPrefix) { this.keyPrefix = keyPrefix; }
  public Decoding getDecoding() { return decoding; }
  public void setDecoding(Decoding decoding) { this.decoding = decoding; }
  public List<KeyRewrite> getRewrite() { return rewrite; }
  public void setRewrite(List<KeyRewrite> rewrite) { this.rewrite = rewrite; }

  public String keyPrefixOrEmpty() { return keyPrefix == null ? "" : keyPrefix; }
  public Decoding decodingOrDefault() { return decoding == null ? Decoding.None : decoding; }
}
