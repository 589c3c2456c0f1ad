package io.kaso.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Writes a resource's status subresource as one JSON Patch (RFC 6902) that sets {@code /status} whole: no server-side
 * apply, no resourceVersion (Kaso alone writes the status, so a concurrent edit of the spec or metadata cannot turn it
 * into a conflict), and lists such as conditions are replaced exactly on every API server (Fabric8's in-memory server
 * appends to lists on a JSON merge patch, unlike a real one).
 *
 * <p>The write goes through the client, not through JOSDK's event-filtering update: JOSDK 5.3 filters every event up
 * to the resourceVersion its own write returned, which can swallow another actor's change (a spec edit, a force-sync)
 * that lands while the status write is in flight (java-operator-sdk #3398, fixed upstream after 5.3 by filtering only
 * writes with optimistic locking). The echo of Kaso's own status write is dropped by the controller's update filter,
 * which only lets spec and force-sync changes through.
 */
public final class StatusWriter {
  private final KubernetesClient client;

  public StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /** Sets the status of a resource. */
  public void write(HasMetadata resource, Object status) {
    String patch = "[{\"op\":\"add\",\"path\":\"/status\",\"value\":"
        + client.getKubernetesSerialization().asJson(status) + "}]";
    client.resource(resource).subresource("status").patch(PatchContext.of(PatchType.JSON), patch);
  }
}
