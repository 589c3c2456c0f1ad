package io.kaso.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kaso.operator.api.v1alpha1.KasoAnnotations;
import io.kaso.operator.api.v1alpha1.RolloutTarget;
import io.kaso.operator.api.v1alpha1.WorkloadKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Kubernetes calls of a rollout: which workloads use a Secret, restarting one, and clearing the Secret's pending
 * rollout. Kept apart from {@link RolloutRestarter}, which decides when and how often these calls are made.
 */
final class Workloads {
  private static final int CONFLICT_RETRIES = 3;

  /** A workload to restart. */
  record Workload(WorkloadKind kind, String namespace, String name) {}

  private final KubernetesClient client;
  private final EventRecorder events;

  Workloads(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  /**
   * The workloads to restart for a change of a Secret: the resource's {@code rolloutRestart} targets that exist (a
   * missing one is reported as an event) and the opted-in workloads of its namespace that use the Secret.
   */
  Set<Workload> toRestart(HasMetadata resource, String secretName, List<RolloutTarget> targets) {
    String ns = resource.getMetadata().getNamespace();
    Set<Workload> found = new LinkedHashSet<>();
    for (RolloutTarget t : targets) {
      if (t.getKind() == null || t.getName() == null) {
        continue;
      }
      Workload w = new Workload(t.getKind(), ns, t.getName());
      if (template(w) == null) {
        events.warning(resource, "RolloutTargetNotFound", t.getKind() + " " + ns + "/" + t.getName()
            + " named in rolloutRestart does not exist; nothing was restarted for it");
        continue;
      }
      found.add(w);
    }
    found.addAll(optedIn(ns, secretName));
    return found;
  }

  /** The workloads of a namespace annotated {@code kaso.io/reload: "true"} whose pods use the Secret. */
  private Set<Workload> optedIn(String ns, String secretName) {
    Set<Workload> out = new LinkedHashSet<>();
    for (Deployment d : client.apps().deployments().inNamespace(ns).list().getItems()) {
      addIfUses(out, WorkloadKind.Deployment, d, d.getSpec() == null ? null : d.getSpec().getTemplate(), secretName);
    }
    for (StatefulSet s : client.apps().statefulSets().inNamespace(ns).list().getItems()) {
      addIfUses(out, WorkloadKind.StatefulSet, s, s.getSpec() == null ? null : s.getSpec().getTemplate(), secretName);
    }
    for (DaemonSet d : client.apps().daemonSets().inNamespace(ns).list().getItems()) {
      addIfUses(out, WorkloadKind.DaemonSet, d, d.getSpec() == null ? null : d.getSpec().getTemplate(), secretName);
    }
    return out;
  }

  private static void addIfUses(Set<Workload> out, WorkloadKind kind, HasMetadata w, PodTemplateSpec template,
      String secretName) {
    Map<String, String> annotations = w.getMetadata().getAnnotations();
    if (annotations != null && "true".equals(annotations.get(KasoAnnotations.RELOAD)) && template != null
        && WorkloadReferences.uses(template.getSpec(), secretName)) {
      out.add(new Workload(kind, w.getMetadata().getNamespace(), w.getMetadata().getName()));
    }
  }

  /** The workload's pod template, or null when the workload does not exist. */
  private PodTemplateSpec template(Workload w) {
    return switch (w.kind()) {
      case Deployment -> {
        Deployment d = client.apps().deployments().inNamespace(w.namespace()).withName(w.name()).get();
        yield d == null || d.getSpec() == null ? null : d.getSpec().getTemplate();
      }
      case StatefulSet -> {
        StatefulSet s = client.apps().statefulSets().inNamespace(w.namespace()).withName(w.name()).get();
        yield s == null || s.getSpec() == null ? null : s.getSpec().getTemplate();
      }
      case DaemonSet -> {
        DaemonSet d = client.apps().daemonSets().inNamespace(w.namespace()).withName(w.name()).get();
        yield d == null || d.getSpec() == null ? null : d.getSpec().getTemplate();
      }
    };
  }

  /** What {@code kubectl rollout restart} does: {@code kaso.io/restartedAt} on the pod template. */
  void restart(Workload w, Instant at) {
    String patch = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"" + KasoAnnotations.RESTARTED_AT
        + "\":\"" + at + "\"}}}}}";
    PatchContext merge = PatchContext.of(PatchType.JSON_MERGE);
    switch (w.kind()) {
      case Deployment -> client.apps().deployments().inNamespace(w.namespace()).withName(w.name())
          .patch(merge, patch);
      case StatefulSet -> client.apps().statefulSets().inNamespace(w.namespace()).withName(w.name())
          .patch(merge, patch);
      case DaemonSet -> client.apps().daemonSets().inNamespace(w.namespace()).withName(w.name())
          .patch(merge, patch);
      default -> throw new IllegalStateException(w.kind().name());
    }
  }

  /**
   * Removes {@code kaso.io/rollout-pending} from the Secret, only while it still names this data hash: a newer change
   * written meanwhile stays pending. An update with the resourceVersion read (the chart grants update on Secrets, not
   * patch); a conflict is read again, at most three times.
   */
  void clearPendingRollout(String ns, String secretName, String hash) {
    for (int attempt = 1; ; attempt++) {
      try {
        Secret secret = client.secrets().inNamespace(ns).withName(secretName).get();
        Map<String, String> annotations = secret == null ? null : secret.getMetadata().getAnnotations();
        if (annotations == null || !hash.equals(annotations.get(KasoAnnotations.ROLLOUT_PENDING))) {
          return;
        }
        Map<String, String> rest = new LinkedHashMap<>(annotations);
        rest.remove(KasoAnnotations.ROLLOUT_PENDING);
        secret.getMetadata().setAnnotations(rest);
        client.secrets().inNamespace(ns).resource(secret).update();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == CONFLICT_RETRIES) {
          throw e;
        }
      }
    }
  }
}
