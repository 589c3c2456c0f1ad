package io.kaso.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import io.kaso.operator.core.TransitionEvents;
import io.kaso.operator.kube.EventRecorder;

/**
 * Writes a resource's status, only when it changed, and the event of the transition, if any. The status goes out as
 * a JSON Patch (RFC 6902) of the status subresource computed against the resource as last seen: no server-side apply,
 * and lists such as conditions are replaced exactly on every API server (Fabric8's in-memory server appends to lists
 * on a JSON merge patch, unlike a real one).
 */
public final class StatusReporter {
  private final EventRecorder events;

  public StatusReporter(EventRecorder events) {
    this.events = events;
  }

  public <R extends CustomResource<?, SyncStatus>> void report(R resource, Context<R> context, SyncStatus status,
      boolean created, boolean dataChanged) {
    SyncStatus previous = resource.getStatus();
    if (!status.equals(previous)) {
      // Kaso alone writes the status: no resourceVersion, so a concurrent edit of the spec or metadata does not
      // turn the status write into a conflict.
      R base = context.getClient().getKubernetesSerialization().clone(resource);
      base.getMetadata().setResourceVersion(null);
      context.resourceOperations().jsonPatchPrimaryStatus(base, r -> {
        r.setStatus(status);
        return r;
      });
    }
    TransitionEvents.after(previous, status, created, dataChanged).ifPresent(e -> {
      if (e.warning()) {
        events.warning(resource, e.reason(), e.message());
      } else {
        events.normal(resource, e.reason(), e.message());
      }
    });
  }

  /** Tells the resource's owners that its target Secret was put back after an edit or a delete. */
  public void restored(HasMetadata resource) {
    events.normal(resource, "Restored", "the target Secret was changed or deleted outside Kaso; restored the data "
        + "of the last sync without calling AWS");
  }
}
