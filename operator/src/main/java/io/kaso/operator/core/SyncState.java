package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.Reason;
import java.time.Instant;

/**
 * What the operator remembers of one resource between reconciles: the data of the last successful sync (the cache
 * that drift is restored from without calling AWS) and when to read AWS next.
 *
 * @param generation the spec generation last synced or attempted
 * @param forceSync the kaso.io/force-sync value last honoured
 * @param lastGood data and hash of the last successful sync, or null when there was none
 * @param nextSyncAt when AWS is read next; null for never (refreshInterval 0, or InvalidSpec)
 * @param failures consecutive failed syncs
 * @param lastFailure reason of the last failed sync, null after a success
 */
public record SyncState(long generation, String forceSync, LastGood lastGood, Instant nextSyncAt, int failures,
    Reason lastFailure) {

  /**
   * The data the target Secret must hold, its hash, the spec generation that produced it, and the labels and
   * annotations its templates rendered (NONE when unknown, as after a restart: the Secret's own are then kept).
   */
  public record LastGood(SecretData data, String hash, long generation, TargetMetadata metadata) {
    public LastGood(SecretData data, String hash, long generation) {
      this(data, hash, generation, TargetMetadata.NONE);
    }
  }
}
