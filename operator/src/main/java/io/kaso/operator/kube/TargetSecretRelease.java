package io.kaso.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kaso.operator.api.v1alpha1.KasoAnnotations;
import io.kaso.operator.api.v1alpha1.KasoLabels;
import io.kaso.operator.api.v1alpha1.Target;
import io.kaso.operator.core.TargetPolicies;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What happens to a target Secret when its resource goes (the deletion policy) or every source is gone in AWS (the
 * source deletion policy): the other end of {@link TargetSecretWriter}, which delegates to it.
 */
final class TargetSecretRelease {
  private final KubernetesClient client;

  TargetSecretRelease(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Owner+Delete deletes the Secret; Merge+Delete removes Kaso's keys; Retain leaves the data and removes what ties
   * the Secret to Kaso; Orphan and None leave it as it is. A Secret the resource did not write is left alone.
   */
  void release(HasMetadata owner, Target target) {
    apply(owner, target, merged -> TargetPolicies.onRelease(target.creationPolicyOrDefault(),
        target.deletionPolicyOrDefault(), merged));
  }

  /**
   * Every source is gone in AWS (sourceDeletionPolicy Delete): deletes the Secret (Owner, Orphan) or removes Kaso's
   * keys from it (Merge). A Secret the resource did not write is left alone.
   *
   * @return what was done; LEAVE when there was nothing of this resource's to remove
   */
  TargetPolicies.Action deprovision(HasMetadata owner, Target target) {
    return apply(owner, target, merged -> TargetPolicies.onSourcesGone(target.creationPolicyOrDefault(), merged));
  }

  private TargetPolicies.Action apply(HasMetadata owner, Target target,
      Function<Boolean, TargetPolicies.Action> decide) {
    String namespace = owner.getMetadata().getNamespace();
    Secret current = read(namespace, TargetSecrets.targetName(owner, target));
    if (current == null || !TargetSecrets.isWrittenBy(current, owner)) {
      return TargetPolicies.Action.LEAVE;
    }
    boolean merged = TargetSecrets.annotation(current, KasoAnnotations.MANAGED_KEYS) != null;
    TargetPolicies.Action action = decide.apply(merged);
    switch (action) {
      case LEAVE -> { }
      case DELETE_SECRET -> client.secrets().inNamespace(namespace).resource(current).delete();
      default -> retry(() -> {
        Secret fresh = read(namespace, current.getMetadata().getName());
        if (fresh == null) {
          return null;
        }
        Secret released = new SecretBuilder(fresh).build();
        if (action == TargetPolicies.Action.REMOVE_KEYS) {
          Map<String, String> data = new TreeMap<>(Optional.ofNullable(released.getData()).orElse(Map.of()));
          TargetSecrets.keys(TargetSecrets.annotation(fresh, KasoAnnotations.MANAGED_KEYS)).forEach(data::remove);
          released.setData(data);
        }
        untie(released.getMetadata(), owner);
        return client.secrets().inNamespace(namespace).resource(released).update();
      });
    }
    return action;
  }

  private static void untie(ObjectMeta meta, HasMetadata owner) {
    if (meta.getOwnerReferences() != null) {
      meta.setOwnerReferences(meta.getOwnerReferences().stream()
          .filter(r -> !Objects.equals(r.getUid(), owner.getMetadata().getUid())).toList());
    }
    if (meta.getLabels() != null) {
      Map<String, String> labels = new HashMap<>(meta.getLabels());
      labels.remove(KasoLabels.MANAGED_BY);
      labels.remove(KasoLabels.OWNER_KIND);
      meta.setLabels(labels);
    }
    if (meta.getAnnotations() != null) {
      Map<String, String> ann = new HashMap<>(meta.getAnnotations());
      ann.remove(KasoAnnotations.DATA_HASH);
      ann.remove(KasoAnnotations.OWNER);
      ann.remove(KasoAnnotations.MANAGED_KEYS);
      ann.remove(KasoAnnotations.ROLLOUT_PENDING);
      meta.setAnnotations(ann);
    }
  }

  private Secret read(String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  private void retry(Supplier<Secret> update) {
    for (int attempt = 1; ; attempt++) {
      try {
        update.get();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= TargetSecretWriter.CONFLICT_RETRIES) {
          throw e;
        }
      }
    }
  }
}
