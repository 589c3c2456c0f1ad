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

  @JsonPropertyDescription("Secrets whose name matches this regular expression (RE2 syntax, unanchored: use ^ and $ "
      + "to match the whole name), e.g. ^prod/shop/(db|cache)-.*$. Secrets are listed with ListSecrets (narrowed by "
      + "namePrefix and tags when set), names are matched here, and the matching values read 20 per "
      + "BatchGetSecretValue call. ESO: find.name.regexp.")
  @Size(min = 1, max = Limits.REGEXP)
  private String nameRegexp;

  @JsonPropertyDescription("Secrets carrying all these tags with these values.")
  private Map<String, String> tags;

  public String getNamePrefix() { return namePrefix; }
  public void setNamePrefix(String namePrefix) { this.namePrefix = namePrefix; }
  public String getNameRegexp() { return nameRegexp; }
  public void setNameRegexp(String nameRegexp) { this.nameRegexp = nameRegexp; }
  public Map<String, String> getTags() { return tags; }
  public void setTags(Map<String, String> tags) { this.tags = tags; }

  public Map<String, String> tagsOrEmpty() { return tags == null ? Map.of() : tags; }
}
