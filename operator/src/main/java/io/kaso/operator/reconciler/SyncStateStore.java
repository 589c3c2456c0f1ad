package io.kaso.operator.reconciler;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kaso.operator.core.SyncState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the operator remembers of each resource between reconciles (see {@link SyncState}), keyed by kind and
 * namespace/name. In memory only: after a restart every resource syncs once.
 */
public final class SyncStateStore {
  private record Key(String kind, ResourceID id) {}

  private final Map<Key, SyncState> states = new ConcurrentHashMap<>();

  public SyncState get(String kind, ResourceID id) {
    return states.get(new Key(kind, id));
  }

  public void put(String kind, ResourceID id, SyncState state) {
    states.put(new Key(kind, id), state);
  }

  public void remove(String kind, ResourceID id) {
    states.remove(new Key(kind, id));
  }

  /** The resources of a kind whose next AWS read is due exactly at {@code at} (a refresh slot). */
  public List<ResourceID> dueAt(String kind, Instant at) {
    List<ResourceID> due = new ArrayList<>();
    states.forEach((key, state) -> {
      if (key.kind().equals(kind) && at.equals(state.nextSyncAt())) {
        due.add(key.id());
      }
    });
    return due;
  }
}
