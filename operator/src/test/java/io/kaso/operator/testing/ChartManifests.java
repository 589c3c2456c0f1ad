package io.kaso.operator.testing;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rendering helm/kaso and reading what it grants. */
public final class ChartManifests {
  /** The chart's directory. */
  public static final Path CHART = Path.of(System.getProperty("kaso.repoRoot", "..")).resolve("helm/kaso");
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  /** A permission as RBAC grants it: one verb on one resource of one API group ("" is the core group). */
  public record Permission(String apiGroup, String resource, String verb) {
    @Override
    public String toString() {
      return (apiGroup.isEmpty() ? "core" : apiGroup) + " " + resource + " " + verb;
    }
  }

  private ChartManifests() {}

  /** helm template with these --set values, release kaso in kaso-system, as Fabric8 objects. */
  public static List<HasMetadata> render(Map<String, String> sets) {
    var command = new Helm(CHART).template().withName("kaso").withNamespace("kaso-system").withKubeVersion("1.30.0");
    sets.forEach(command::set);
    return parse(command.call());
  }

  /** The documents of a rendered manifest, as Fabric8 objects (unknown kinds as GenericKubernetesResource). */
  public static List<HasMetadata> parse(String manifest) {
    return Arrays.stream(manifest.split("(?m)^---\\s*$"))
        .filter(doc -> doc.lines().anyMatch(line -> !line.isBlank() && !line.stripLeading().startsWith("#")))
        .map(doc -> YAML.<HasMetadata>unmarshal(doc, HasMetadata.class))
        .filter(o -> !"CustomResourceDefinition".equals(o.getKind()))
        .toList();
  }

  /** Every (group, resource, verb) the rules grant. */
  public static Set<Permission> permissions(List<PolicyRule> rules) {
    Set<Permission> permissions = new HashSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            permissions.add(new Permission(group, resource, verb));
          }
        }
      }
    }
    return permissions;
  }
}
