package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/** A Parameter Store path read with GetParametersByPath (all pages, decrypted). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ParameterPath {

  @JsonPropertyDescription("Path to read, starting with /, e.g. /shop/prod/. Every parameter under it becomes a key.")
  @Required
  @Pattern("^/[a-zA-Z0-9_.\\-/]*$")
  @Size(max = Limits.PARAMETER_NAME)
  private String path;

  @JsonPropertyDescription("Read the whole hierarchy below the path (default true), or only one level.")
  @Default("true")
  private Boolean recursive;

  @JsonPropertyDescription("How keys are derived from the parameter name relative to the path: EnvVar (default, "
      + "/shop/prod/db/password -> DB_PASSWORD), Relative (db.password) or Basename (password).")
  @Default("EnvVar")
  private KeyStyle keyStyle;

  @JsonPropertyDescription("Prepended to every key derived from this path.")
  @Pattern("^[-._a-zA-Z0-9]*$")
  @Size(max = Limits.KUBERNETES_NAME)
  private String keyPrefix;

  @JsonPropertyDescription("Rewrites of the keys, applied in order after keyStyle and before keyPrefix: each "
      + "replaces every match of regexp.source with regexp.target (ESO's rewrite).")
  private List<KeyRewrite> rewrite;
  @JsonPropertyDescription("Keep only the parameters whose full name matches this regular expression (RE2 syntax, "
      + "unanchored: use ^ and $ to match the whole name), e.g. /(db|cache)/[^/]+$. ESO: find.name.regexp.")
  @Size(min = 1, max = Limits.REGEXP)
  private String nameRegexp;

  @JsonPropertyDescription("Keep only the parameters carrying all these tags with these values. The path is then "
      + "read with DescribeParameters (filtered by path and tags) and GetParameters (10 names per call). ESO: "
      + "find.tags.")
  private Map<String, String> tags;

  public ParameterPath() {}

  public ParameterPath(String path) {
    this.path = path;
  }

  public String getPath() { return path; }
  public void setPath(String path) { this.path = path; }
  public Boolean getRecursive() { return recursive; }
  public void setRecursive(Boolean recursive) { this.recursive = recursive; }
  public KeyStyle getKeyStyle() { return keyStyle; }
  public void setKeyStyle(KeyStyle keyStyle) { this.keyStyle = keyStyle; }
  public String getKeyPrefix() { return keyPrefix; }
  public void setKeyPrefix(String keyPrefix) { this.keyPrefix = keyPrefix; }

  public List<KeyRewrite> getRewrite() { return rewrite; }
  public void setRewrite(List<KeyRewrite> rewrite) { this.rewrite = rewrite; }

  public String getNameRegexp() { return nameRegexp; }
  public void setNameRegexp(String nameRegexp) { this.nameRegexp = nameRegexp; }
  public Map<String, String> getTags() { return tags; }
  public void setTags(Map<String, String> tags) { this.tags = tags; }

  public Map<String, String> tagsOrEmpty() { return tags == null ? Map.of() : tags; }
  public boolean recursiveOrDefault() { return recursive == null || recursive; }
  public KeyStyle keyStyleOrDefault() { return keyStyle == null ? KeyStyle.EnvVar : keyStyle; }
  public String keyPrefixOrEmpty() { return keyPrefix == null ? "" : keyPrefix; }
}
