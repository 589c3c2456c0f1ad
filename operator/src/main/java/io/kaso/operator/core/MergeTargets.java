package io.kaso.operator.core;

import java.util.Map;
import java.util.Optional;

/**
 * Which existing Secrets {@code creationPolicy: Merge} may write into (DESIGN 4a). Merge writes Kaso's keys into a
 * Secret somebody else owns, so a tenant could otherwise aim it at Secrets that belong to the platform: ServiceAccount
 * tokens, Helm's release records, the operator's own Secrets, or typed Secrets whose keys other controllers read.
 */
public final class MergeTargets {
  /** The Secret type of ServiceAccount tokens. */
  public static final String SERVICE_ACCOUNT_TOKEN = "kubernetes.io/service-account-token";
  /** The Secret type Helm 3 stores releases in. */
  public static final String HELM_RELEASE = "helm.sh/release.v1";

  private MergeTargets() {}

  /**
   * Why a Merge into this Secret is refused, or empty when it may go ahead.
   *
   * @param type the Secret's type (null is Opaque)
   * @param labels the Secret's labels, or null
   * @param ownedByResource whether the resource itself owns the Secret (its ownerReference), as after Owner
   * @param operatorNamespace the namespace of the operator's own Secrets (the data-hash key, credentials)
   */
  public static Optional<String> refusal(String namespace, String name, String type, Map<String, String> labels,
      boolean ownedByResource, String operatorNamespace) {
    String secret = "Secret " + namespace + "/" + name;
    String why = null;
    if (namespace.equals(operatorNamespace)) {
      why = "is in the operator's namespace, whose Secrets (the data-hash key, credentials) are the operator's own";
    } else if (SERVICE_ACCOUNT_TOKEN.equals(type)) {
      why = "is a ServiceAccount token (type " + SERVICE_ACCOUNT_TOKEN + ")";
    } else if (HELM_RELEASE.equals(type) || (labels != null && "helm".equals(labels.get("owner")))) {
      why = "is a Helm release record";
    } else if (type != null && !type.equals("Opaque") && !ownedByResource) {
      why = "has type " + type + ", whose keys another controller or the kubelet reads; Merge writes only into Opaque "
          + "Secrets (or Secrets this resource owns)";
    }
    return Optional.ofNullable(why).map(w -> secret + " " + w + ": Kaso does not merge into it. Choose another "
        + "target.name, or use creationPolicy Owner to have Kaso create a Secret of its own");
  }
}
