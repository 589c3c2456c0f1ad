package io.kaso.operator.source.aws;

import io.kaso.operator.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Coalesces reads of the same source and keeps results for a short TTL (DESIGN 3, "Coalescing and caching"):
 * concurrent requests for one key join the call in flight, a completed result is reused until the TTL passes, and a
 * failure is never kept. Keys include the scope (identity and region), so identities never share results. Entries
 * are bounded: expired ones are swept, and beyond {@link #MAX_ENTRIES} a result is still shared with the callers
 * waiting for it but not kept (tenants asking for many distinct sources cannot grow the heap without limit).
 */
public final class SourceCache {
  private record Entry(CompletableFuture<Object> future, long[] completedAt, long ttlNanos) {}

  private static final long DEFERRABLE_KEEP_NANOS = Duration.ofMinutes(1).toNanos();

  /** Entries kept at most: well above W10k's distinct sources in one TTL (about 7,500). */
  static final int MAX_ENTRIES = 50_000;

  private final long ttlNanos;
  private final int maxEntries;
  private final LongSupplier nanoTime;
  private final Map<Object, Entry> entries = new ConcurrentHashMap<>();
  private final Counter hits;
  private final Counter misses;
  private final Counter joined;
  private volatile long lastSweep;

  public SourceCache(Duration ttl, LongSupplier nanoTime, MeterRegistry registry) {
    this(ttl, MAX_ENTRIES, nanoTime, registry);
  }

  SourceCache(Duration ttl, int maxEntries, LongSupplier nanoTime, MeterRegistry registry) {
    this.ttlNanos = ttl.toNanos();
    this.maxEntries = maxEntries;
    this.nanoTime = nanoTime;
    this.hits = counter(registry, "hit");
    this.misses = counter(registry, "miss");
    this.joined = counter(registry, "joined");
    this.lastSweep = nanoTime.getAsLong();
  }

  private static Counter counter(MeterRegistry registry, String result) {
    return Counter.builder(MetricNames.CACHE_REQUESTS).description("Reads of AWS sources by cache result")
        .tag("result", result).register(registry);
  }

  /** The value for a key: cached, joined, or loaded on the calling thread. */
  @SuppressWarnings("unchecked")
  <V> V get(Object key, Supplier<V> loader) {
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> theirs = claim(key, mine, ttlNanos);
    if (theirs != null) {
      return (V) await(theirs);
    }
    try {
      V value = loader.get();
      complete(key, mine, value);
      return value;
    } catch (RuntimeException | Error e) {
      fail(key, mine, e);
      throw e;
    }
  }

  /**
   * The value for a key as a future: cached, joined, or started with {@code loader} (which must complete the
   * returned future eventually, e.g. from a batch).
   */
  <V> CompletableFuture<V> getAsync(Object key, Supplier<CompletableFuture<V>> loader) {
    return getAsync(key, loader, ttlNanos);
  }

  /**
   * As {@link #getAsync(Object, Supplier)}, keeping a value it loads for {@code ttl} (at least the cache's TTL): what
   * a prefetch reads must stay until the reconciles that need it run.
   */
  <V> CompletableFuture<V> getAsync(Object key, Supplier<CompletableFuture<V>> loader, Duration ttl) {
    return getAsync(key, loader, Math.max(ttlNanos, ttl.toNanos()));
  }

  @SuppressWarnings("unchecked")
  private <V> CompletableFuture<V> getAsync(Object key, Supplier<CompletableFuture<V>> loader, long keepNanos) {
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> theirs = claim(key, mine, keepNanos);
    if (theirs != null) {
      return (CompletableFuture<V>) (CompletableFuture<?>) theirs;
    }
    CompletableFuture<V> started;
    try {
      started = loader.get();
    } catch (RuntimeException | Error e) {
      fail(key, mine, e);
      throw e;
    }
    started.whenComplete((v, e) -> {
      if (e == null) {
        complete(key, mine, v);
      } else {
        fail(key, mine, e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
      }
    });
    return (CompletableFuture<V>) (CompletableFuture<?>) mine;
  }

  /**
   * The read of a key still in flight, or null: only a read whose value is kept for a minute or more (a prefetch's),
   * so a sync that gives its thread back and is woken up later (a cold start's queue is long) still finds the value;
   * a short-lived read of another resource is joined by waiting, as before.
   */
  CompletableFuture<?> inFlight(Object key) {
    Entry e = entries.get(key);
    return e == null || e.future.isDone() || e.ttlNanos < DEFERRABLE_KEEP_NANOS ? null : e.future;
  }

  /** Forgets every entry whose key matches, in flight or not: the next read goes to AWS. */
  void invalidate(Predicate<Object> keys) {
    entries.keySet().removeIf(keys);
  }

  /** Returns the future to join, or null when the caller must load (its future was registered). */
  private CompletableFuture<Object> claim(Object key, CompletableFuture<Object> mine, long keepNanos) {
    sweepIfDue();
    Entry fresh = new Entry(mine, new long[] {-1}, keepNanos);
    while (true) {
      Entry existing = entries.putIfAbsent(key, fresh);
      if (existing == null) {
        misses.increment();
        return null;
      }
      if (!existing.future.isDone()) {
        joined.increment();
        return existing.future;
      }
      // Read after isDone(): a load that completes between the two reads must not look expired.
      long done = existing.completedAt[0];
      if (done >= 0 && nanoTime.getAsLong() - done < existing.ttlNanos && !existing.future.isCompletedExceptionally()) {
        hits.increment();
        return existing.future;
      }
      entries.remove(key, existing);
    }
  }

  private void complete(Object key, CompletableFuture<Object> mine, Object value) {
    Entry e = entries.get(key);
    if (e != null && e.future == mine) {
      if (entries.size() > maxEntries) {
        entries.remove(key, e);
      } else {
        e.completedAt[0] = nanoTime.getAsLong();
      }
    }
    mine.complete(value);
  }

  /** Entries held now, in flight or completed. */
  int size() {
    return entries.size();
  }

  private void fail(Object key, CompletableFuture<Object> mine, Throwable error) {
    entries.computeIfPresent(key, (k, e) -> e.future == mine ? null : e);
    mine.completeExceptionally(error);
  }

  /** Joins a read in flight, as long as a batched read may take at most (the loader is bounded the same way). */
  private static Object await(CompletableFuture<Object> future) {
    return Futures.await(future, "waiting for a read in flight");
  }

  private void sweepIfDue() {
    long now = nanoTime.getAsLong();
    if (now - lastSweep < Math.max(ttlNanos, 1_000_000_000L)) {
      return;
    }
    lastSweep = now;
    entries.values().removeIf(e -> e.future.isDone() && e.completedAt[0] >= 0 && now - e.completedAt[0] >= e.ttlNanos);
  }
}
