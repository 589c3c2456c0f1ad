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

  @JsonPropertyDescription("Many Secret keys per entry: the top-level fields of a parameter holding a JSON object.")
  private List<ParameterDataFrom> dataFrom;

  public List<ParameterPath> getPaths() { return paths; }
  public void setPaths(List<ParameterPath> paths) { this.paths = paths; }
  public List<ParameterRef> getParameters() { return parameters; }
  public void setParameters(List<ParameterRef> parameters) { this.parameters = parameters; }

  public List<ParameterDataFrom> getDataFrom() { return dataFrom; }
  public void setDataFrom(List<ParameterDataFrom> dataFrom) { this.dataFrom = dataFrom; }

  public List<ParameterPath> pathsOrEmpty() { return paths == null ? List.of() : paths; }
  public List<ParameterRef> parametersOrEmpty() { return parameters == null ? List.of() : parameters; }
  public List<ParameterDataFrom> dataFromOrEmpty() { return dataFrom == null ? List.of() : dataFrom; }
}
