package io.kaso.operator.source;

/** Issues short-lived tokens for a namespace's ServiceAccount (Kubernetes TokenRequest), for STS web identity. */
public interface ServiceAccountTokens {

  /** Audience of the tokens, as IRSA expects it. */
  String AUDIENCE = "sts.amazonaws.com";

  /**
   * A fresh token for the ServiceAccount, audience {@link #AUDIENCE}.
   *
   * @throws SourceException.AccessDenied when the token cannot be issued
   */
  String token(String namespace, String serviceAccount);
}
