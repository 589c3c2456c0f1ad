package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A regular-expression rewrite of a key: every match of source becomes target. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegexpRewrite {

  @JsonPropertyDescription("Regular expression (RE2 syntax, as in Go and ESO) matched against the key, e.g. "
      + "^DB_(.*).")
  @Required
  @Size(min = 1, max = Limits.REGEXP)
  private String source;

  @JsonPropertyDescription("Replacement for every match: $1 or ${1} for a group by number, $name or ${name} by "
      + "name, $$ for a literal $ (Go's Regexp.ReplaceAllString, as in ESO), e.g. DATABASE_$1.")
  @Required
  @Size(max = Limits.KUBERNETES_NAME)
  private String target;

  public RegexpRewrite() {}

  public RegexpRewrite(String source, String target) {
    this.source = source;
    this.target = target;
  }

  public String getSource() { return source; }
  public void setSource(String source) { this.source = source; }
  public String getTarget() { return target; }
  public void setTarget(String target) { this.target = target; }
}
