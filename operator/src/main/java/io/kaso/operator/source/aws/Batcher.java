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
 * that asked for it.
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

  private final long windowNanos;
  private final int maxBatch;
  private final ScheduledExecutorService scheduler;
  private final Executor calls;
  private final BiFunction<G, List<I>, Map<I, Outcome<R>>> batchCall;
  private final Map<G, Map<I, List<CompletableFuture<R>>>> pending = new HashMap<>();

  /**
   * @param batchCall makes one call for a group and at most maxBatch distinct items; returns an outcome for each
   *     item (an item left out fails with IllegalStateException), or throws to fail them all
   */
  Batcher(Duration window, int maxBatch, ScheduledExecutorService scheduler, Executor calls,
      BiFunction<G, List<I>, Map<I, Outcome<R>>> batchCall) {
    this.windowNanos = window.toNanos();
    this.maxBatch = maxBatch;
    this.scheduler = scheduler;
    this.calls = calls;
    this.batchCall = batchCall;
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
      List<I> chunk = all.subList(from, Math.min(all.size(), from + maxBatch));
      Map<I, Outcome<R>> outcomes;
      try {
        outcomes = batchCall.apply(group, List.copyOf(chunk));
      } catch (RuntimeException | Error e) {
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
}
