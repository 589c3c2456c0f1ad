package io.kaso.operator.kube;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.core.SyncFailure;

/**
 * Replaces a target Secret the API server cannot change in place (a type change, new data in an immutable Secret):
 * a delete and a create, with the old Secret put back should the create be refused. Used by
 * {@link TargetSecretWriter}.
 */
final class TargetSecretReplacer {
  private final KubernetesClient client;

  TargetSecretReplacer(KubernetesClient client) {
    this.client = client;
  }

  /** Deletes {@code current} and creates {@code desired}; a refused create puts {@code current} back and throws. */
  void replace(String namespace, Secret current, Secret desired) {
    client.secrets().inNamespace(namespace).resource(current).delete();
    try {
      client.secrets().inNamespace(namespace).resource(fresh(desired)).create();
    } catch (KubernetesClientException refused) {
      String name = current.getMetadata().getName();
      String putBack;
      try {
        client.secrets().inNamespace(namespace).resource(fresh(current)).create();
        putBack = "the previous Secret was put back";
      } catch (KubernetesClientException e) {
        putBack = "putting the previous Secret back failed too (" + KubeErrors.message(e) + "); the next attempt "
            + "creates it";
      }
      throw new SyncFailure(Reason.KubernetesApiError, "replacing Secret " + namespace + "/" + name + " (a type or "
          + "immutable change needs a delete and a create) failed: " + KubeErrors.message(refused) + "; " + putBack,
          refused);
    }
  }

  /** A copy to create: without what the API server assigns to an existing object. */
  private static Secret fresh(Secret secret) {
    Secret copy = new SecretBuilder(secret).build();
    ObjectMeta meta = copy.getMetadata();
    meta.setResourceVersion(null);
    meta.setUid(null);
    meta.setCreationTimestamp(null);
    meta.setDeletionTimestamp(null);
    meta.setManagedFields(null);
    return copy;
  }
}
