package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.Condition;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import io.kaso.operator.core.SyncState.LastGood;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * What an operator that just started can take over from the cluster instead of reading AWS again: a resource that
 * was synced before (by this operator's previous run or another leader) needs no AWS read and no write until its next
 * refresh, if its status says so and its target Secret still holds the data Kaso wrote.
 */
public final class ResumedState {

  private ResumedState() {}

  /**
   * The state of a resource rebuilt from its status and its target Secret, or null when it must sync now.
   *
   * @param status the resource's status as the API has it
   * @param generation the resource's generation
   * @param forceSync the resource's kaso.io/force-sync annotation: when set, whether it was honoured is not recorded, so
   *     the resource syncs once
   * @param target the data Kaso manages in the target Secret, or null when the Secret does not exist
   * @param targetHashMatches whether the Secret's data-hash annotation is the hash of that data (nobody edited it)
   * @param targetHash the Secret's data-hash annotation
   * @param refreshDisabled the resource does not poll (refreshInterval 0, or refreshPolicy CreatedOnce or OnChange,
   *     see {@link RefreshPlanner#polls}): the status has no next refresh, and none is due
   */
  public static SyncState of(SyncStatus status, long generation, String forceSync, SecretData target,
      boolean targetHashMatches, String targetHash, boolean refreshDisabled, Instant now) {
    if (!readyFor(status, generation) || forceSync != null || target == null || !targetHashMatches) {
      return null;
    }
    Instant next = instant(status.getNextRefreshTime());
    if (!refreshDisabled && (next == null || !now.isBefore(next))) {
      return null;
    }
    return new SyncState(generation, null, new LastGood(target, targetHash, generation), refreshDisabled ? null : next,
        0, null);
  }

  /**
   * The state of a resource that writes no Secret (creationPolicy None), rebuilt from its status alone, or null when it
   * must sync now. There is no data to restore drift from, so the state holds none.
   *
   * @param refreshDisabled the resource does not poll (see {@link RefreshPlanner#polls})
   */
  public static SyncState withoutTarget(SyncStatus status, long generation, String forceSync, boolean refreshDisabled,
      Instant now) {
    if (!readyFor(status, generation) || forceSync != null) {
      return null;
    }
    Instant next = instant(status.getNextRefreshTime());
    if (!refreshDisabled && (next == null || !now.isBefore(next))) {
      return null;
    }
    return new SyncState(generation, null, null, refreshDisabled ? null : next, 0, null);
  }

  /**
   * Whether a resource would be taken over at start without reading AWS, judged from its status alone: Ready for its
   * generation, its next refresh still ahead (or none planned). The start-up prefetch reads the sources of the rest.
   */
  public static boolean takenOver(SyncStatus status, long generation, Instant now) {
    if (!readyFor(status, generation)) {
      return false;
    }
    Instant next = instant(status.getNextRefreshTime());
    return next == null || now.isBefore(next);
  }

  /** Whether a status says the last sync of this generation succeeded (such a resource is taken over, not read). */
  public static boolean readyFor(SyncStatus status, long generation) {
    return status != null && Objects.equals(status.getObservedGeneration(), generation)
        && status.ready().map(Condition::getStatus).map("True"::equals).orElse(false);
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
