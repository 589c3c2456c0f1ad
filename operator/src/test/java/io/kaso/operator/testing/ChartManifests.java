package io.kaso.operator.testing;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
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

  /**
   * One request as the API server's authorizer sees it: in a namespace (null: cluster-scoped, or across all
   * namespaces), on one object by name (null: a collection).
   */
  public record Request(String namespace, Permission permission, String name) {
    @Override
    public String toString() {
      return permission + (namespace == null ? " (cluster-wide)" : " in " + namespace)
          + (name == null ? "" : " name " + name);
    }
  }

  private ChartManifests() {}

  /**
   * Whether a rendering lets the operator's ServiceAccount make a request, as RBAC decides it: a bound ClusterRole
   * anywhere, a bound Role only in its own namespace, and a rule with resourceNames only for those names.
   */
  public static boolean grants(List<HasMetadata> chart, Request request) {
    Set<String> boundClusterRoles = new HashSet<>();
    Set<String> boundRoles = new HashSet<>();
    for (HasMetadata o : chart) {
      if (o instanceof ClusterRoleBinding b) {
        boundClusterRoles.add(b.getRoleRef().getName());
      } else if (o instanceof RoleBinding b) {
        boundRoles.add(b.getMetadata().getNamespace() + "/" + b.getRoleRef().getName());
      }
    }
    for (HasMetadata o : chart) {
      List<PolicyRule> rules = null;
      if (o instanceof ClusterRole r && boundClusterRoles.contains(r.getMetadata().getName())) {
        rules = r.getRules();
      } else if (o instanceof Role r && request.namespace() != null
          && request.namespace().equals(r.getMetadata().getNamespace())
          && boundRoles.contains(r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())) {
        rules = r.getRules();
      }
      if (rules != null && rules.stream().anyMatch(rule -> matches(rule, request))) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(PolicyRule rule, Request request) {
    Permission p = request.permission();
    boolean named = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
        || (request.name() != null && rule.getResourceNames().contains(request.name()));
    return rule.getApiGroups().contains(p.apiGroup()) && rule.getResources().contains(p.resource())
        && rule.getVerbs().contains(p.verb()) && named;
  }

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
