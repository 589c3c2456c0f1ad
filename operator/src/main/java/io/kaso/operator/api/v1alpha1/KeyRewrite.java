package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** One rewrite of the keys an entry produces (ESO's {@code rewrite}); rewrites apply in order. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyRewrite {

  @JsonPropertyDescription("Replace every match of a regular expression (RE2 syntax) in the key.")
  @Required
  private RegexpRewrite regexp;

  public KeyRewrite() {}

  public KeyRewrite(String source, String target) {
    this.regexp = new RegexpRewrite(source, target);
  }

  public RegexpRewrite getRegexp() { return regexp; }
  public void setRegexp(RegexpRewrite regexp) { this.regexp = regexp; }
}
