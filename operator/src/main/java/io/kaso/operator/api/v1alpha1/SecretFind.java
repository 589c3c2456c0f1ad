package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/** Filters selecting many secrets; a secret must match all of them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretFind {

  @JsonPropertyDescription("Secrets whose name starts with this prefix, e.g. prod/shop/.")
  @Size(max = Limits.FILTER_VALUE)
  private String namePrefix;

  @JsonPropertyDescription("Secrets carrying all these tags with these values.")
  private Map<String, String> tags;

  public String getNamePrefix() { return namePrefix; }
  public void setNamePrefix(String namePrefix) { this.namePrefix = namePrefix; }
  public Map<String, String> getTags() { return tags; }
  public void setTags(Map<String, String> tags) { this.tags = tags; }

  public Map<String, String> tagsOrEmpty() { return tags == null ? Map.of() : tags; }
}
