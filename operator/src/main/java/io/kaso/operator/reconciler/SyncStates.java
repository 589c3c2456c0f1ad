package io.kaso.operator.reconciler;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kaso.operator.core.SyncState;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the operator remembers of each resource between reconciles (see {@link SyncState}), keyed by kind and
 * namespace/name. In memory only: after a restart every resource syncs once.
 */
public final class SyncStates {
  private record Key(String kind, ResourceID id) {}

  private final Map<Key, SyncState> states = new ConcurrentHashMap<>();
  private final Map<Key, Instant> requests = new ConcurrentHashMap<>();

  public SyncState get(String kind, ResourceID id) {
    return states.get(new Key(kind, id));
  }

  public void put(String kind, ResourceID id, SyncState state) {
    states.put(new Key(kind, id), state);
  }

  public void remove(String kind, ResourceID id) {
    states.remove(new Key(kind, id));
    requests.remove(new Key(kind, id));
  }

  /**
   * Records that an AWS event of that time asked the resource to sync (the earliest pending time is kept, for
   * {@code kaso_event_to_sync_seconds}).
   */
  public void request(String kind, ResourceID id, Instant eventTime) {
    requests.merge(new Key(kind, id), eventTime, (a, b) -> a.isBefore(b) ? a : b);
  }

  /**
   * Takes the pending request of a resource, if any: the reconcile that takes it serves it. An event arriving while
   * that reconcile runs leaves a new request, served by the next reconcile.
   */
  public Instant takeRequest(String kind, ResourceID id) {
    return requests.remove(new Key(kind, id));
  }
}
