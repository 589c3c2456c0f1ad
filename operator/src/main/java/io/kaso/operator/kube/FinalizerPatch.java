package io.kaso.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.List;

/**
 * Removes a finalizer from a resource being deleted with one JSON Patch that first tests the list entry it removes,
 * so a concurrent change of the list (another controller removing its own finalizer) is never overwritten.
 */
public final class FinalizerPatch {

  private FinalizerPatch() {}

  /**
   * @return true when the finalizer is gone (removed now, or the resource is gone already); false when the list
   *     changed meanwhile (read the resource again and retry)
   */
  public static boolean remove(KubernetesClient client, HasMetadata resource, String finalizer) {
    List<String> finalizers = resource.getMetadata().getFinalizers();
    int at = finalizers == null ? -1 : finalizers.indexOf(finalizer);
    if (at < 0) {
      return true;
    }
    String entry = "/metadata/finalizers/" + at;
    String patch = "[{\"op\":\"test\",\"path\":\"" + entry + "\",\"value\":\"" + finalizer + "\"},"
        + "{\"op\":\"remove\",\"path\":\"" + entry + "\"}]";
    try {
      client.resource(resource).patch(PatchContext.of(PatchType.JSON), patch);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return true;
      }
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT || e.getCode() == 422) {
        return false;
      }
      throw e;
    }
  }
}
