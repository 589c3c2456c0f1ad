package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A workload in the resource's namespace to restart when the Secret's data changes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutTarget {

  @JsonPropertyDescription("Deployment, StatefulSet or DaemonSet.")
  @Required
  private WorkloadKind kind;

  @JsonPropertyDescription("Name of the workload in the resource's namespace.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @Size(max = Limits.KUBERNETES_NAME)
  private String name;

  public RolloutTarget() {}

  public RolloutTarget(WorkloadKind kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  public WorkloadKind getKind() { return kind; }
  public void setKind(WorkloadKind kind) { this.kind = kind; }
  public String getName() { return name; }
  public void setName(String name) { this.name = name; }

  @Override
  public boolean equals(Object o) {
    return o instanceof RolloutTarget r && kind == r.kind && Objects.equals(name, r.name);
  }

  @Override
  public int hashCode() { return Objects.hash(kind, name); }
}
