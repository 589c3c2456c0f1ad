package io.kaso.operator.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** What the Kubernetes API said when it refused a call, in one line a person can read. */
public final class KubeErrors {

  private KubeErrors() {}

  /** The API server's own message when it sent a Status, else the client's. */
  public static String message(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
  }
}
