package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The Kubernetes Secret a resource writes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Target {

  @JsonPropertyDescription("Name of the Secret, in the resource's namespace. Default: the resource's name.")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @Size(max = Limits.KUBERNETES_NAME)
  private String name;

  @JsonPropertyDescription("Secret type, e.g. Opaque (default) or kubernetes.io/dockerconfigjson; the API server "
      + "validates the keys a type requires.")
  @Size(max = Limits.KUBERNETES_NAME)
  private String type;

  @JsonPropertyDescription("Labels added to the Secret.")
  private Map<String, String> labels;

  @JsonPropertyDescription("Annotations added to the Secret.")
  private Map<String, String> annotations;

  @JsonPropertyDescription("Owner (default): create the Secret and own it; an existing Secret Kaso did not write is "
      + "a TargetConflict. Merge: write Kaso's keys into an existing Secret, keep its other keys, never delete it; a "
      + "missing Secret is not created (Ready=False, retried). Orphan: like Owner without an ownerReference; the "
      + "Secret is never deleted with the resource, whatever deletionPolicy says. None: never write a Secret, only "
      + "read AWS and report the status.")
  @Default("Owner")
  private CreationPolicy creationPolicy;

  @JsonPropertyDescription("Delete (default): the Secret goes with the resource (with Merge: Kaso's keys are "
      + "removed). Retain: the Secret stays as it is. Ignored by Orphan and None, which never delete.")
  @Default("Delete")
  private DeletionPolicy deletionPolicy;

  @JsonPropertyDescription("What happens when every source is gone in AWS (all named sources not found, every path "
      + "and find empty). Retain (default): the Secret keeps the last values and the sync fails with SourceNotFound. "
      + "Delete: the Secret is deleted (Owner, Orphan) or Kaso's keys are removed from it (Merge), and the sync "
      + "reports SourceNotFound. Any other failure (denied, throttled, unavailable) never deletes.")
  @Default("Retain")
  private SourceDeletionPolicy sourceDeletionPolicy;

  @JsonPropertyDescription("Write an immutable Secret; a change of data then replaces it (delete and create).")
  @Default("false")
  private Boolean immutable;

  @JsonPropertyDescription("Extra keys built from fetched keys: ${KEY} is replaced by the value of KEY, $${ is a "
      + "literal ${. An unknown KEY is InvalidSpec. Template keys must not collide with fetched keys.")
  private Map<String, String> template;

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getType() { return type; }
  public void setType(String type) { this.type = type; }
  public Map<String, String> getLabels() { return labels; }
  public void setLabels(Map<String, String> labels) { this.labels = labels; }
  public Map<String, String> getAnnotations() { return annotations; }
  public void setAnnotations(Map<String, String> annotations) { this.annotations = annotations; }
  public CreationPolicy getCreationPolicy() { return creationPolicy; }
  public void setCreationPolicy(CreationPolicy creationPolicy) { this.creationPolicy = creationPolicy; }
  public DeletionPolicy getDeletionPolicy() { return deletionPolicy; }
  public void setDeletionPolicy(DeletionPolicy deletionPolicy) { this.deletionPolicy = deletionPolicy; }
  public SourceDeletionPolicy getSourceDeletionPolicy() { return sourceDeletionPolicy; }
  public void setSourceDeletionPolicy(SourceDeletionPolicy sourceDeletionPolicy) {
    this.sourceDeletionPolicy = sourceDeletionPolicy;
  }
  public Boolean getImmutable() { return immutable; }
  public void setImmutable(Boolean immutable) { this.immutable = immutable; }
  public Map<String, String> getTemplate() { return template; }
  public void setTemplate(Map<String, String> template) { this.template = template; }

  /** The creation policy with its default applied. */
  public CreationPolicy creationPolicyOrDefault() {
    return creationPolicy == null ? CreationPolicy.Owner : creationPolicy;
  }

  /** The deletion policy with its default applied. */
  public DeletionPolicy deletionPolicyOrDefault() {
    return deletionPolicy == null ? DeletionPolicy.Delete : deletionPolicy;
  }

  /** The source deletion policy with its default applied. */
  public SourceDeletionPolicy sourceDeletionPolicyOrDefault() {
    return sourceDeletionPolicy == null ? SourceDeletionPolicy.Retain : sourceDeletionPolicy;
  }

  /** Whether the Secret is written immutable. */
  public boolean immutableOrDefault() {
    return Boolean.TRUE.equals(immutable);
  }

  /** The template, empty when none is set, in declaration order. */
  public Map<String, String> templateOrEmpty() {
    return template == null ? Map.of() : new LinkedHashMap<>(template);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Target t && Objects.equals(name, t.name) && Objects.equals(type, t.type)
        && Objects.equals(labels, t.labels) && Objects.equals(annotations, t.annotations)
        && creationPolicy == t.creationPolicy && deletionPolicy == t.deletionPolicy
        && sourceDeletionPolicy == t.sourceDeletionPolicy
        && Objects.equals(immutable, t.immutable) && Objects.equals(template, t.template);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, labels, annotations, creationPolicy, deletionPolicy, sourceDeletionPolicy,
        immutable, template);
  }
}
