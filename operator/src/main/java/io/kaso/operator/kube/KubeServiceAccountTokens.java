package io.kaso.operator.kube;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kaso.operator.source.ServiceAccountTokens;
import io.kaso.operator.source.SourceException;

/** Tokens for a namespace's ServiceAccount from the Kubernetes TokenRequest API (audience sts.amazonaws.com). */
public final class KubeServiceAccountTokens implements ServiceAccountTokens {
  /** Lifetime asked for; STS only needs the token for the AssumeRoleWithWebIdentity call. */
  static final long EXPIRATION_SECONDS = 600;
  private final KubernetesClient client;

  public KubeServiceAccountTokens(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public String token(String namespace, String serviceAccount) {
    TokenRequest request = new TokenRequestBuilder().withNewSpec().withAudiences(AUDIENCE)
        .withExpirationSeconds(EXPIRATION_SECONDS).endSpec().build();
    try {
      TokenRequest issued = client.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
          .tokenRequest(request);
      if (issued == null || issued.getStatus() == null || issued.getStatus().getToken() == null) {
        throw new SourceException.KubernetesApi("Kubernetes issued no token for service account " + namespace + "/"
            + serviceAccount, null);
      }
      return issued.getStatus().getToken();
    } catch (KubernetesClientException e) {
      throw failure(namespace + "/" + serviceAccount, e);
    }
  }

  /** A refusal by RBAC is a denial; a missing account is not found; anything else is the API's trouble, retried. */
  private static SourceException failure(String account, KubernetesClientException e) {
    String message = KubeErrors.message(e);
    return switch (e.getCode()) {
      case 403 -> new SourceException.AccessDenied("cannot request a token for service account " + account
          + " (the operator needs create on serviceaccounts/token): " + message, e);
      case 404 -> new SourceException.NotFound("service account " + account + " does not exist: " + message);
      default -> new SourceException.KubernetesApi("the token request for service account " + account
          + " failed: " + message, e);
    };
  }
}
