package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A source that was read, and which version of it. Never a value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SourceVersion {
  @JsonPropertyDescription("Parameter name, secret name or kms:<key>.")
  private String name;
  @JsonPropertyDescription("Parameter version or secret version id that was read.")
  private String version;

  public SourceVersion() {}

  public SourceVersion(String name, String version) {
    this.name = name;
    this.version = version;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getVersion() { return version; }
  public void setVersion(String version) { this.version = version; }

  @Override
  public boolean equals(Object o) {
    return o instanceof SourceVersion s && Objects.equals(name, s.name) && Objects.equals(version, s.version);
  }

  @Override
  public int hashCode() { return Objects.hash(name, version); }

  @Override
  public String toString() { return name + "@" + version; }
}
