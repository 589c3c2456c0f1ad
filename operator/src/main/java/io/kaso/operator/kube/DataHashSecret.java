package io.kaso.operator.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kaso.operator.api.v1alpha1.KasoLabels;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The per-installation key of the data hash annotation, kept in a Secret of the operator's namespace and created on
 * first start. Every replica reads the same key, so hashes agree across restarts and leaders.
 */
public final class DataHashSecret {
  /** Name of the Secret holding the key. */
  public static final String SECRET_NAME = "kaso-data-hash-key";
  static final String DATA_KEY = "key";
  private static final int KEY_BYTES = 32;

  private DataHashSecret() {}

  /** Reads the key, creating it if this is the installation's first start. */
  public static byte[] loadOrCreate(KubernetesClient client, String namespace) {
    for (int attempt = 0; attempt < 3; attempt++) {
      Secret existing = client.secrets().inNamespace(namespace).withName(SECRET_NAME).get();
      if (existing != null && existing.getData() != null && existing.getData().get(DATA_KEY) != null) {
        byte[] key = Base64.getDecoder().decode(existing.getData().get(DATA_KEY));
        if (key.length >= KEY_BYTES) {
          return key;
        }
        throw new IllegalStateException("Secret " + namespace + "/" + SECRET_NAME + " holds a key shorter than "
            + KEY_BYTES + " bytes; delete it to have a new one made");
      }
      byte[] key = new byte[KEY_BYTES];
      new SecureRandom().nextBytes(key);
      Secret secret = new SecretBuilder().withNewMetadata().withName(SECRET_NAME).withNamespace(namespace)
          .addToLabels(KasoLabels.APP_NAME, KasoLabels.MANAGED_BY_VALUE)
          .addToLabels(KasoLabels.APP_COMPONENT, "data-hash-key")
          .endMetadata().withType("Opaque").addToData(DATA_KEY, Base64.getEncoder().encodeToString(key)).build();
      try {
        client.secrets().inNamespace(namespace).resource(secret).create();
        return key;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Another replica created it first: read theirs.
      }
    }
    throw new IllegalStateException("could not read or create Secret " + namespace + "/" + SECRET_NAME);
  }
}
