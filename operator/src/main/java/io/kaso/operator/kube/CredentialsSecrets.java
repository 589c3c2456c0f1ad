package io.kaso.operator.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.kaso.operator.core.SyncFailure;
import java.util.Optional;

/** Reads the Secret a resource's {@code spec.aws.credentialsSecretRef} names, in the resource's namespace. */
public interface CredentialsSecrets {

  /**
   * The Secret as it is now (not cached: a changed Secret is seen on the next sync), if it exists.
   *
   * @throws SyncFailure KubernetesApiError when it cannot be read (RBAC, the API server's trouble), retried
   */
  Optional<Secret> read(String namespace, String name);
}
