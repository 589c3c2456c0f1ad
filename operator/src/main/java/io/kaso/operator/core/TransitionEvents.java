package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.Condition;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import java.util.Objects;
import java.util.Optional;

/** Which Kubernetes Event a reconcile emits: one per state change, none when nothing changed. */
public final class TransitionEvents {

  /** An event to emit. */
  public record Event(boolean warning, String reason, String message) {}

  private TransitionEvents() {}

  /**
   * @param dataChanged the Secret's data changed from data Kaso had written before
   * @param created the Secret was written for the first time
   */
  public static Optional<Event> after(SyncStatus previous, SyncStatus current, boolean created, boolean dataChanged) {
    Condition now = current.ready().orElseThrow();
    Optional<Condition> before = previous == null ? Optional.empty() : previous.ready();
    if ("False".equals(now.getStatus())) {
      boolean same = before.filter(b -> "False".equals(b.getStatus()) && Objects.equals(b.getReason(), now.getReason())
          && Objects.equals(b.getMessage(), now.getMessage())).isPresent();
      return same ? Optional.empty() : Optional.of(new Event(true, now.getReason(), now.getMessage()));
    }
    if (dataChanged) {
      return Optional.of(new Event(false, "Updated", "Secret data changed: " + now.getMessage()));
    }
    boolean wasReady = before.filter(b -> "True".equals(b.getStatus())).isPresent();
    if (created || !wasReady) {
      return Optional.of(new Event(false, "Synced", now.getMessage()));
    }
    return Optional.empty();
  }
}
