package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.RefreshPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether a reconcile reads AWS, or only makes sure the target holds the cached data.
 *
 * @param fresh read AWS itself, not results other resources read within the cache TTL (a forced sync)
 */
public record SyncDecision(boolean readAws, boolean fresh, String why, Duration wakeUpIn) {

  /**
   * Decides for one reconcile.
   *
   * @param state what is remembered of the resource, or null when nothing is (first reconcile since start)
   * @param generation the resource's current generation
   * @param forceSync the resource's current kaso.io/force-sync annotation, or null
   * @param requested an AWS event named a source of the resource since the last sync
   */
  public static SyncDecision decide(SyncState state, long generation, String forceSync, boolean requested,
      Instant now) {
    return decide(state, generation, forceSync, requested, RefreshPolicy.Periodic, now);
  }

  /**
   * Decides for one reconcile under a refresh policy. CreatedOnce ignores AWS events once it has synced (they are not
   * routed to it; one pending from before is dropped here); the timer of Periodic is the nextSyncAt the state holds,
   * which CreatedOnce and OnChange set only to retry a failure.
   *
   * @param policy the spec's refreshPolicy
   */
  public static SyncDecision decide(SyncState state, long generation, String forceSync, boolean requested,
      RefreshPolicy policy, Instant now) {
    if (state == null) {
      return read("first sync");
    }
    if (state.generation() != generation) {
      return read("spec changed");
    }
    if (!Objects.equals(state.forceSync(), forceSync)) {
      return new SyncDecision(true, true, "forced by the kaso.io/force-sync annotation", null);
    }
    boolean createdOnce = policy == RefreshPolicy.CreatedOnce && state.lastGood() != null
        && state.lastGood().generation() == generation;
    if (requested && !createdOnce) {
      // The event's source was already forgotten from the cache, once for every resource reading it.
      return read("an AWS event named a source of this resource");
    }
    if (state.lastFailure() == Reason.InvalidSpec) {
      return new SyncDecision(false, false, "waiting for the spec to change", null);
    }
    if (state.nextSyncAt() == null) {
      return new SyncDecision(false, false, policy == null || policy == RefreshPolicy.Periodic
          ? "refresh disabled (refreshInterval 0)" : "refreshPolicy " + policy + ": no refresh due", null);
    }
    if (!now.isBefore(state.nextSyncAt())) {
      return read(state.lastFailure() == null ? "refresh interval elapsed" : "retry after " + state.lastFailure());
    }
    return new SyncDecision(false, false, "not due", Duration.between(now, state.nextSyncAt()));
  }

  private static SyncDecision read(String why) {
    return new SyncDecision(true, false, why, null);
  }
}
