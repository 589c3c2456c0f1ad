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

  @JsonPropertyDescription("Keys built from fetched keys. A value is a Jinja template (Jinjava, sandboxed): fetched "
      + "keys are variables ({{ DB_PASSWORD }}, or data[\"tls.crt\"] for any key), with filters such as b64encode, "
      + "fromjson, tojson, toyaml, default, upper, trim, join, split and indent. ${KEY} is replaced by the value of "
      + "KEY and $${ is a literal ${, as before. Fetched values are never read as template text. An unknown key or an "
      + "invalid template is InvalidSpec.")
  private Map<String, String> template;

  @JsonPropertyDescription("Merge (default): the Secret holds the fetched keys and the template's keys (a template "
      + "key that is also fetched is a KeyCollision). Replace: the Secret holds only the template's keys; fetched keys "
      + "are the template's inputs.")
  @Default("Merge")
  private TemplateMergePolicy templateMergePolicy;

  @JsonPropertyDescription("Labels of the Secret whose values are templates, rendered like target.template (a key "
      + "must not also be in target.labels). A value must render to a valid label value. Labels are visible to anyone "
      + "who can list Secrets: put no secret in them.")
  private Map<String, String> templateLabels;

  @JsonPropertyDescription("Annotations of the Secret whose values are templates, rendered like target.template (a "
      + "key must not also be in target.annotations). Annotations are visible to anyone who can list Secrets: put no "
      + "secret in them.")
  private Map<String, String> templateAnnotations;

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
  public TemplateMergePolicy getTemplateMergePolicy() { return templateMergePolicy; }
  public void setTemplateMergePolicy(TemplateMergePolicy templateMergePolicy) {
    this.templateMergePolicy = templateMergePolicy;
  }
  public Map<String, String> getTemplateLabels() { return templateLabels; }
  public void setTemplateLabels(Map<String, String> templateLabels) { this.templateLabels = templateLabels; }
  public Map<String, String> getTemplateAnnotations() { return templateAnnotations; }
  public void setTemplateAnnotations(Map<String, String> templateAnnotations) {
    this.templateAnnotations = templateAnnotations;
  }

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

  /** The template merge policy with its default applied. */
  public TemplateMergePolicy templateMergePolicyOrDefault() {
    return templateMergePolicy == null ? TemplateMergePolicy.Merge : templateMergePolicy;
  }

  /** The template labels, empty when none are set, in declaration order. */
  public Map<String, String> templateLabelsOrEmpty() {
    return templateLabels == null ? Map.of() : new LinkedHashMap<>(templateLabels);
  }

  /** The template annotations, empty when none are set, in declaration order. */
  public Map<String, String> templateAnnotationsOrEmpty() {
    return templateAnnotations == null ? Map.of() : new LinkedHashMap<>(templateAnnotations);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Target t && Objects.equals(name, t.name) && Objects.equals(type, t.type)
        && Objects.equals(labels, t.labels) && Objects.equals(annotations, t.annotations)
        && creationPolicy == t.creationPolicy && deletionPolicy == t.deletionPolicy
        && sourceDeletionPolicy == t.sourceDeletionPolicy
        && Objects.equals(immutable, t.immutable) && Objects.equals(template, t.template)
        && templateMergePolicy == t.templateMergePolicy && Objects.equals(templateLabels, t.templateLabels)
        && Objects.equals(templateAnnotations, t.templateAnnotations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, labels, annotations, creationPolicy, deletionPolicy, sourceDeletionPolicy,
        immutable, template, templateMergePolicy, templateLabels, templateAnnotations);
  }
}
