package io.kaso.operator.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.kaso.operator.core.SourceChange;
import io.kaso.operator.core.SourceIndexKeys;
import io.kaso.operator.core.SourcePlan;
import io.kaso.operator.core.SyncFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which resources of one kind read which AWS sources: an index on the kind's informer cache, built from each
 * resource's plan, and the event source that wakes a resource up when a source it reads changed. It also keeps, per
 * resource, the time of the earliest AWS event not served yet (for {@code kaso_event_to_sync_seconds}): the reconcile
 * that takes it serves it, and an event arriving while that reconcile runs is left for the next one.
 */
public final class SourceIndex<R extends HasMetadata> {
  /** Name of the index of resources by the sources they read. */
  static final String INDEX = "kaso-sources";

  private final Function<R, SourcePlan> plans;
  private final Predicate<R> routed;
  private final SimpleInboundEventSource<R> wakeUps = new SimpleInboundEventSource<>("aws-events");
  private final Map<ResourceID, Instant> pending = new ConcurrentHashMap<>();
  private volatile IndexedResourceCache<R> resources;
  private volatile Consumer<ResourceID> expressLane = id -> { };
  private volatile Consumer<List<R>> prefetch = readers -> { };
  private final Set<ResourceID> deferred = ConcurrentHashMap.newKeySet();
  private final Executor expressThreads;

  /** @param plans the plan of a resource; may throw {@link SyncFailure} for a spec that cannot work */
  public SourceIndex(Function<R, SourcePlan> plans) {
    this(plans, Runnable::run);
  }

  /**
   * @param plans the plan of a resource; may throw {@link SyncFailure} for a spec that cannot work
   * @param expressThreads where the syncs an AWS event asks for run, apart from the controller's queue
   */
  public SourceIndex(Function<R, SourcePlan> plans, Executor expressThreads) {
    this(plans, r -> true, expressThreads);
  }

  /**
   * @param plans the plan of a resource; may throw {@link SyncFailure} for a spec that cannot work
   * @param routed whether AWS events reach a resource at all (refreshPolicy CreatedOnce: no); one that is not routed
   *     is left out of the index
   * @param expressThreads where the syncs an AWS event asks for run, apart from the controller's queue
   */
  public SourceIndex(Function<R, SourcePlan> plans, Predicate<R> routed, Executor expressThreads) {
    this.plans = plans;
    this.routed = routed;
    this.expressThreads = expressThreads;
  }

  /**
   * What serves an AWS event's resync at once, on the express threads, instead of waiting for its turn behind every
   * reconcile queued (a cold start queues thousands): it syncs the resource if the event is still pending.
   */
  public void expressLane(Consumer<ResourceID> lane) {
    this.expressLane = lane;
  }

  /** Indexes the kind's informer cache; returns the event source to register with the controller. */
  public EventSource<?, R> attach(IndexerResourceCache<R> cache) {
    cache.addIndexer(INDEX, r -> !routed.test(r) ? List.of()
        : planOf(r).map(p -> List.copyOf(p.indexKeys())).orElse(List.of()));
    resources = cache;
    return wakeUps;
  }

  /** Every resource of the kind the informer cache holds. */
  public List<R> resources() {
    IndexedResourceCache<R> cache = resources;
    return cache == null ? List.of() : cache.list().toList();
  }

  /** The resources that may read a changed source. */
  public List<R> readersOf(SourceChange change) {
    IndexedResourceCache<R> cache = resources;
    if (cache == null) {
      return List.of();
    }
    Map<ResourceID, R> found = new LinkedHashMap<>();
    for (String key : SourceIndexKeys.candidates(change)) {
      for (R r : cache.byIndex(INDEX, key)) {
        if (planOf(r).map(p -> p.mayRead(change)).orElse(false)) {
          found.putIfAbsent(ResourceID.fromResource(r), r);
        }
      }
    }
    return List.copyOf(found.values());
  }

  /**
   * Wakes up, at once, every resource that may read a changed source.
   *
   * @param eventTime when AWS reported the change
   * @return how many resources were woken up
   */
  public int resync(SourceChange change, Instant eventTime) {
    return resync(List.of(new TimedChange(change, eventTime))).get(0);
  }

  /**
   * Wakes up, at once, every resource that may read one of the changed sources, once each, after asking for what
   * all of them read in full batches ({@link #prefetchWith}).
   *
   * @return how many resources were woken up, per change
   */
  public List<Integer> resync(List<TimedChange> changes) {
    Map<ResourceID, R> woken = new LinkedHashMap<>();
    List<Integer> counts = new ArrayList<>();
    for (TimedChange c : changes) {
      List<R> readers = readersOf(c.change());
      counts.add(readers.size());
      for (R r : readers) {
        ResourceID id = ResourceID.fromResource(r);
        request(id, c.time());
        woken.putIfAbsent(id, r);
      }
    }
    if (woken.size() > 1) {
      prefetch.accept(List.copyOf(woken.values()));
    }
    Consumer<ResourceID> lane = expressLane;
    for (ResourceID id : woken.keySet()) {
      wakeUps.propagateEvent(id);
      try {
        expressThreads.execute(() -> lane.accept(id));
      } catch (RejectedExecutionException stopping) {
        // The controller's reconcile serves it.
      }
    }
    return counts;
  }

  /**
   * What reads, at once and in full batches, the sources of the resources an AWS event batch wakes up (the changed
   * sources were forgotten just before), so their syncs join those reads instead of each reading alone.
   */
  public void prefetchWith(Consumer<List<R>> prefetch) {
    this.prefetch = prefetch;
  }

  /**
   * A sync that found its sources being read gave its thread back: it is woken up when those reads are done, on the
   * express threads when an AWS event asked for it (its event stays pending), else through the controller.
   */
  public void wakeWhenRead(ResourceID id, Instant requested, CompletableFuture<?> reads) {
    deferred.add(id);
    if (requested != null) {
      request(id, requested);
    }
    reads.whenComplete((done, failed) -> {
      wakeUps.propagateEvent(id);
      if (requested != null) {
        Consumer<ResourceID> lane = expressLane;
        try {
          expressThreads.execute(() -> lane.accept(id));
        } catch (RejectedExecutionException stopping) {
          // The controller's reconcile serves it.
        }
      }
    });
  }

  /**
   * Whether the resource's last sync gave its thread back to wait for reads ({@link #wakeWhenRead}); cleared. Its next
   * sync waits for any read in flight rather than giving back again, so a source read over and over by others
   * cannot keep it waiting.
   */
  public boolean takeDeferred(ResourceID id) {
    return deferred.remove(id);
  }

  /** Records that an AWS event of that time asked the resource to sync; the earliest pending time is kept. */
  void request(ResourceID id, Instant eventTime) {
    pending.merge(id, eventTime, (a, b) -> a.isBefore(b) ? a : b);
  }

  /** The resource as the informer cache has it now. */
  public Optional<R> cached(ResourceID id) {
    IndexedResourceCache<R> cache = resources;
    return cache == null ? Optional.empty() : cache.get(id);
  }

  /** Whether an AWS event asked the resource to sync and no reconcile has served it yet. */
  public boolean hasPending(ResourceID id) {
    return pending.containsKey(id);
  }

  /** Takes the pending event time of a resource, or null: the reconcile that takes it serves it. */
  public Instant takePending(ResourceID id) {
    return pending.remove(id);
  }

  /** Forgets a resource that is gone. */
  public void forget(ResourceID id) {
    pending.remove(id);
  }

  /** The plan of a resource, or nothing when its spec is invalid (it is then not read until the spec changes). */
  private Optional<SourcePlan> planOf(R resource) {
    try {
      return Optional.of(plans.apply(resource));
    } catch (SyncFailure invalid) {
      return Optional.empty();
    }
  }
}
