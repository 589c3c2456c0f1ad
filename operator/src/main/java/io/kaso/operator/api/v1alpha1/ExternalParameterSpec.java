package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Parameter Store paths and parameters to write into one Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalParameterSpec extends SyncSpec {

  @JsonPropertyDescription("Paths read with GetParametersByPath; every parameter under a path becomes a key.")
  private List<ParameterPath> paths;

  @JsonPropertyDescription("Single parameters, one key each, read with GetParameters (10 names per call).")
  private List<ParameterRef> parameters;

  public List<ParameterPath> getPaths() { return paths; }
  public void setPaths(List<ParameterPath> paths) { this.paths = paths; }
  public List<ParameterRef> getParameters() { return parameters; }
  public void setParameters(List<ParameterRef> parameters) { this.parameters = parameters; }

  public List<ParameterPath> pathsOrEmpty() { return paths == null ? List.of() : paths; }
  public List<ParameterRef> parametersOrEmpty() { return parameters == null ? List.of() : parameters; }
}
