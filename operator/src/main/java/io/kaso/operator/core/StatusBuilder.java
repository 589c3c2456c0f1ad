package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.Condition;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.SourceVersion;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes the status of a resource after a reconcile. The Ready condition keeps its lastTransitionTime while its
 * status does not change; on failure everything that describes the Secret's content (last sync, keys, sources)
 * stays as it was, because the Secret stays as it was.
 */
public final class StatusBuilder {

  private StatusBuilder() {}

  /** The status after a successful sync. */
  public static SyncStatus synced(SyncStatus previous, long generation, Instant now, boolean dataChanged,
      int keys, List<SourceVersion> sources, Instant nextRefresh, String message) {
    SyncStatus s = new SyncStatus();
    s.setObservedGeneration(generation);
    s.setConditions(List.of(ready(previous, "True", Reason.Synced, message, now)));
    s.setLastSyncTime(time(now));
    String previousChange = previous == null ? null : previous.getLastChangeTime();
    s.setLastChangeTime(dataChanged || previousChange == null ? time(now) : previousChange);
    s.setNextRefreshTime(nextRefresh == null ? null : time(nextRefresh));
    s.setSyncedKeys(keys);
    s.setSources(new ArrayList<>(sources));
    return s;
  }

  /** The status after a failed sync. */
  public static SyncStatus failed(SyncStatus previous, long generation, Instant now, Reason reason, String message,
      Instant nextRetry) {
    SyncStatus s = new SyncStatus();
    s.setObservedGeneration(generation);
    s.setConditions(List.of(ready(previous, "False", reason, message, now)));
    if (previous != null) {
      s.setLastSyncTime(previous.getLastSyncTime());
      s.setLastChangeTime(previous.getLastChangeTime());
      s.setSyncedKeys(previous.getSyncedKeys());
      s.setSources(previous.getSources() == null ? new ArrayList<>() : new ArrayList<>(previous.getSources()));
    }
    s.setNextRefreshTime(nextRetry == null ? null : time(nextRetry));
    return s;
  }

  /**
   * The status after every source was found gone in AWS and the target was deprovisioned (sourceDeletionPolicy
   * Delete): a failure, SourceNotFound, and the Secret no longer holds the keys, so the status shows none.
   */
  public static SyncStatus sourcesGone(SyncStatus previous, long generation, Instant now, String message,
      Instant nextRetry) {
    SyncStatus s = failed(previous, generation, now, Reason.SourceNotFound, message, nextRetry);
    boolean hadKeys = previous != null && previous.getSyncedKeys() != null && previous.getSyncedKeys() > 0;
    if (hadKeys) {
      s.setLastChangeTime(time(now));
    }
    s.setSyncedKeys(0);
    s.setSources(new ArrayList<>());
    return s;
  }

  /** RFC 3339 in UTC, to the second, as Kubernetes writes times. */
  public static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static Condition ready(SyncStatus previous, String status, Reason reason, String message, Instant now) {
    String transition = time(now);
    if (previous != null) {
      transition = previous.ready().filter(c -> status.equals(c.getStatus()))
          .map(Condition::getLastTransitionTime).orElse(transition);
    }
    return new Condition(Condition.READY, status, reason.name(), message, transition);
  }
}
