package io.kaso.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import io.kaso.operator.core.StatusHeartbeat;
import io.kaso.operator.core.TransitionEvents;
import io.kaso.operator.kube.EventRecorder;
import io.kaso.operator.kube.StatusWriter;

/**
 * Writes a resource's status when it changed (a refresh that only moved its times: once per heartbeat, see
 * {@link StatusHeartbeat}), and the event of the transition, if any.
 */
public final class StatusReporter {
  private final StatusWriter writer;
  private final EventRecorder events;
  private final StatusHeartbeat heartbeat;

  public StatusReporter(StatusWriter writer, EventRecorder events, StatusHeartbeat heartbeat) {
    this.writer = writer;
    this.events = events;
    this.heartbeat = heartbeat;
  }

  public void report(CustomResource<?, SyncStatus> resource, SyncStatus status, boolean created,
      boolean dataChanged) {
    SyncStatus previous = resource.getStatus();
    if (heartbeat.worthWriting(previous, status)) {
      writer.write(resource, status);
    }
    TransitionEvents.after(previous, status, created, dataChanged).ifPresent(e -> {
      if (e.warning()) {
        events.warning(resource, e.reason(), e.message());
      } else {
        events.normal(resource, e.reason(), e.message());
      }
    });
  }

  /** A Warning event for a failure the status could not show (the status write itself failed). */
  public void failed(HasMetadata resource, String reason, String message) {
    events.warning(resource, reason, message);
  }

  /** Tells the resource's owners that its target Secret was put back after an edit or a delete. */
  public void restored(HasMetadata resource) {
    events.normal(resource, "Restored", "the target Secret was changed or deleted outside Kaso; restored the data "
        + "of the last sync without calling AWS");
  }
}
