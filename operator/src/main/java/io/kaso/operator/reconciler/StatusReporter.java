package io.kaso.operator.reconciler;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import io.kaso.operator.core.TransitionEvents;
import java.util.function.Supplier;

/**
 * Writes a resource's status (a JSON merge patch of the status subresource, only when it changed) and the event of
 * the transition, if any.
 */
public final class StatusReporter {
  private final EventRecorder events;

  public StatusReporter(EventRecorder events) {
    this.events = events;
  }

  /**
   * @param blank makes an empty resource of the kind, to carry the status patch
   */
  public <R extends CustomResource<?, SyncStatus>> void report(R resource, Context<R> context, Supplier<R> blank,
      SyncStatus status, boolean created, boolean dataChanged) {
    SyncStatus previous = resource.getStatus();
    if (!status.equals(previous)) {
      R patch = blank.get();
      patch.getMetadata().setName(resource.getMetadata().getName());
      patch.getMetadata().setNamespace(resource.getMetadata().getNamespace());
      patch.setStatus(status);
      context.resourceOperations().jsonMergePatchPrimaryStatus(patch);
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
  public void restored(io.fabric8.kubernetes.api.model.HasMetadata resource) {
    events.normal(resource, "Restored", "the target Secret was changed or deleted outside Kaso; restored the data "
        + "of the last sync without calling AWS");
  }
}
