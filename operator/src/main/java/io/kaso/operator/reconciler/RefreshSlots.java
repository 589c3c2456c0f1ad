package io.kaso.operator.reconciler;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kaso.operator.api.v1alpha1.SyncSpec;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import io.kaso.operator.core.RefreshPlanner;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps periodic refreshes batched. Refreshes are due on slot boundaries ({@link io.kaso.operator.core.RefreshPlanner#slot}),
 * so the resources of one slot wake up together; the first of them to run asks for the sources of all of them at
 * once, grouped per scope in full batches ({@link Prefetch#read}), and each of their syncs then joins a read in
 * flight or finds its value, instead of each reading alone when its timer fires.
 */
public final class RefreshSlots<R extends CustomResource<S, SyncStatus>, S extends SyncSpec> {
  private static final Logger LOG = LoggerFactory.getLogger(RefreshSlots.class);
  /** Slots remembered as read; older ones are forgotten (a slot is at most a minute). */
  private static final Duration REMEMBERED = Duration.ofMinutes(10);

  private final String kind;
  private final SyncStateStore states;
  private final Function<ResourceID, Optional<R>> cached;
  private final Prefetch<R, S, ?> prefetch;
  private final Map<Instant, Boolean> read = new ConcurrentHashMap<>();
  private final AtomicBoolean started = new AtomicBoolean();

  public RefreshSlots(String kind, SyncStateStore states, Function<ResourceID, Optional<R>> cached,
      Prefetch<R, S, ?> prefetch) {
    this.kind = kind;
    this.states = states;
    this.cached = cached;
    this.prefetch = prefetch;
  }

  /**
   * The first reconcile of the kind after a start: the sources of every resource about to sync are asked for at once
   * (see {@link Prefetch#of}), before the reconciles that follow ask for them one by one and queue their own reads
   * behind the quota. Later calls do nothing.
   */
  public void firstReconcile(Supplier<Collection<R>> all) {
    if (started.compareAndSet(false, true)) {
      int asked = prefetch.of(all.get());
      LOG.info("first {} reconcile: asked for the sources of {} resources about to sync at once", kind, asked);
    }
  }

  /**
   * A resource's refresh planned for {@code slot} is running: the first call for a slot reads the whole slot, and
   * keeps what it read for two slots of {@code interval}, long enough for the slot's syncs, short enough that no
   * later refresh takes it for a fresh read.
   */
  public void due(Instant slot, Duration interval) {
    if (read.putIfAbsent(slot, Boolean.TRUE) != null) {
      return;
    }
    read.keySet().removeIf(s -> s.isBefore(slot.minus(REMEMBERED)));
    List<ResourceID> due = states.dueAt(kind, slot);
    if (due.size() < 2) {
      return;
    }
    int asked = prefetch.read(due.stream().map(cached).flatMap(Optional::stream).toList(),
        RefreshPlanner.slot(interval).multipliedBy(2));
    LOG.debug("refresh slot {}: asked for the sources of {} resources at once", slot, asked);
  }
}
