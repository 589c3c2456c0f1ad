package io.kaso.operator.source.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Collects items requested at about the same time, by any resource, into batch calls: the first item of a group
 * opens a short window; when it closes (or the batch is full) the items go out in calls of at most
 * {@code maxBatch}. Each caller gets its own item's result, so one missing or denied item fails only the callers
 * that asked for it. A call that fails as a whole with a failure one item may cause (a malformed name, a denied
 * resource) is split in halves and retried until the failing items are alone, so the others still get their values;
 * a failure of the whole call that no item causes (throttling, AWS down) fails every item at once. Either way each
 * item's failure is re-described by {@link Isolation#forItem} to name that item only: the items of one call come
 * from many resources, and a resource must never see another's sources in its message.
 *
 * @param <G> what must be equal for items to share a call (scope, for instance)
 * @param <I> an item
 * @param <R> an item's result
 */
final class Batcher<G, I, R> {

  /** The outcome of one item of a batch call: a value, or the failure of that item alone. */
  record Outcome<R>(R value, RuntimeException failure) {
    static <R> Outcome<R> of(R value) {
      return new Outcome<>(value, null);
    }

    static <R> Outcome<R> failed(RuntimeException failure) {
      return new Outcome<>(null, failure);
    }
  }

  /** How the failure of a whole call is shared out to its items. */
  interface Isolation<I> {
    /** Whether one item may cause this failure of a whole call: the call is then split and retried. */
    boolean mayComeFromOneItem(RuntimeException failure);

    /** The failure as seen by one item's callers: same kind, a message that names only that item. */
    RuntimeException forItem(I item, RuntimeException failure);
  }

  private final long windowNanos;
  private final int maxBatch;
  private final ScheduledExecutorService scheduler;
  private final Executor calls;
  private final BiFunction<G, List<I>, Map<I, Outcome<R>>> batchCall;
  private final Isolation<I> isolation;
  private final Map<G, Map<I, List<CompletableFuture<R>>>> pending = new HashMap<>();

  /**
   * @param batchCall makes one call for a group and at most maxBatch distinct items; returns an outcome for each
   *     item (an item left out fails with IllegalStateException), or throws when the call failed as a whole
   * @param isolation which whole-call failures are split and retried, and how they read for one item
   */
  Batcher(Duration window, int maxBatch, ScheduledExecutorService scheduler, Executor calls,
      BiFunction<G, List<I>, Map<I, Outcome<R>>> batchCall, Isolation<I> isolation) {
    this.windowNanos = window.toNanos();
    this.maxBatch = maxBatch;
    this.scheduler = scheduler;
    this.calls = calls;
    this.batchCall = batchCall;
    this.isolation = isolation;
  }

  CompletableFuture<R> submit(G group, I item) {
    CompletableFuture<R> future = new CompletableFuture<>();
    Map<I, List<CompletableFuture<R>>> full = null;
    Map<I, List<CompletableFuture<R>>> opened = null;
    synchronized (pending) {
      Map<I, List<CompletableFuture<R>>> items = pending.get(group);
      if (items == null) {
        items = new LinkedHashMap<>();
        pending.put(group, items);
        opened = items;
      }
      items.computeIfAbsent(item, k -> new ArrayList<>()).add(future);
      if (items.size() >= maxBatch) {
        full = pending.remove(group);
      }
    }
    if (full != null) {
      Map<I, List<CompletableFuture<R>>> batch = full;
      calls.execute(() -> send(group, batch));
    } else if (opened != null) {
      Map<I, List<CompletableFuture<R>>> window = opened;
      if (windowNanos <= 0) {
        flush(group, window);
      } else {
        scheduler.schedule(() -> flush(group, window), windowNanos, TimeUnit.NANOSECONDS);
      }
    }
    return future;
  }

  /** Sends the items of the window this timer opened, unless they went out already because the batch filled up. */
  private void flush(G group, Map<I, List<CompletableFuture<R>>> window) {
    boolean mine;
    synchronized (pending) {
      mine = pending.remove(group, window);
    }
    if (mine && !window.isEmpty()) {
      calls.execute(() -> send(group, window));
    }
  }

  private void send(G group, Map<I, List<CompletableFuture<R>>> items) {
    List<I> all = new ArrayList<>(items.keySet());
    for (int from = 0; from < all.size(); from += maxBatch) {
      List<I> chunk = List.copyOf(all.subList(from, Math.min(all.size(), from + maxBatch)));
      Map<I, Outcome<R>> outcomes;
      try {
        outcomes = isolated(group, chunk);
      } catch (Error e) {
        chunk.forEach(i -> items.get(i).forEach(f -> f.completeExceptionally(e)));
        continue;
      }
      for (I i : chunk) {
        Outcome<R> o = outcomes.get(i);
        for (CompletableFuture<R> f : items.get(i)) {
          if (o == null) {
            f.completeExceptionally(new IllegalStateException("no result for " + i + " in its batch"));
          } else if (o.failure() != null) {
            f.completeExceptionally(o.failure());
          } else {
            f.complete(o.value());
          }
        }
      }
    }
  }

  /**
   * One call for the items; when it fails as a whole with a failure one item may cause, the two halves are called
   * again (recursively), so a poisoned item costs about 2 log2(n) extra calls and is left alone with its failure.
   */
  private Map<I, Outcome<R>> isolated(G group, List<I> chunk) {
    try {
      return batchCall.apply(group, chunk);
    } catch (RuntimeException e) {
      if (chunk.size() > 1 && isolation.mayComeFromOneItem(e)) {
        int half = chunk.size() / 2;
        Map<I, Outcome<R>> out = new HashMap<>(isolated(group, chunk.subList(0, half)));
        out.putAll(isolated(group, chunk.subList(half, chunk.size())));
        return out;
      }
      Map<I, Outcome<R>> out = new HashMap<>();
      chunk.forEach(i -> out.put(i, Outcome.failed(isolation.forItem(i, e))));
      return out;
    }
  }
}
