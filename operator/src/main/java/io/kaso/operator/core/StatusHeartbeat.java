package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.SyncStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Whether a status computed by a reconcile is worth a write. A refresh that finds nothing new (still Ready, same
 * generation, keys, sources and message) only moves {@code lastSyncTime} and {@code nextRefreshTime}: writing that
 * for every resource on every refresh is 10,000 writes an hour at 10,000 resources. Such a status is written when
 * the last written {@code lastSyncTime} is at least one heartbeat old, so it stays true to within the heartbeat;
 * anything else that changed is written at once.
 */
public final class StatusHeartbeat {
  private final Duration heartbeat;

  /** @param heartbeat the most a written lastSyncTime lags behind; zero writes every refresh */
  public StatusHeartbeat(Duration heartbeat) {
    this.heartbeat = heartbeat;
  }

  public boolean worthWriting(SyncStatus previous, SyncStatus next) {
    if (previous == null) {
      return true;
    }
    if (next.equals(previous)) {
      return false;
    }
    if (heartbeat.isZero() || !onlyTimesMoved(previous, next)) {
      return true;
    }
    Instant written = instant(previous.getLastSyncTime());
    Instant now = instant(next.getLastSyncTime());
    return written == null || now == null || Duration.between(written, now).compareTo(heartbeat) >= 0;
  }

  private static boolean onlyTimesMoved(SyncStatus previous, SyncStatus next) {
    if (!ResumedState.readyFor(previous, generation(previous)) || !ResumedState.readyFor(next, generation(next))) {
      return false;
    }
    return Objects.equals(withoutTimes(previous), withoutTimes(next));
  }

  private static long generation(SyncStatus s) {
    return s.getObservedGeneration() == null ? -1 : s.getObservedGeneration();
  }

  private static SyncStatus withoutTimes(SyncStatus s) {
    SyncStatus copy = new SyncStatus();
    copy.setObservedGeneration(s.getObservedGeneration());
    copy.setConditions(s.getConditions());
    copy.setLastChangeTime(s.getLastChangeTime());
    copy.setSyncedKeys(s.getSyncedKeys());
    copy.setSources(s.getSources());
    return copy;
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
