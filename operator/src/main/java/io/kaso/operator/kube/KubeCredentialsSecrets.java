package io.kaso.operator.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.core.SyncFailure;
import java.util.Optional;

/**
 * Credentials Secrets read with one GET each. Not watched: the operator's informer sees only the Secrets it manages,
 * and watching every Secret of the cluster would hold them all in memory.
 */
public final class KubeCredentialsSecrets implements CredentialsSecrets {
  private final KubernetesClient client;

  public KubeCredentialsSecrets(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<Secret> read(String namespace, String name) {
    try {
      return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
    } catch (KubernetesClientException e) {
      // The API's message names the Secret and the verb; it never holds the Secret's data.
      throw new SyncFailure(Reason.KubernetesApiError, "reading Secret " + namespace + "/" + name
          + " (spec.aws.credentialsSecretRef) failed: " + KubeErrors.message(e)
          + (e.getCode() == 403 ? " (the operator needs get on secrets)" : ""), e);
    }
  }
}
