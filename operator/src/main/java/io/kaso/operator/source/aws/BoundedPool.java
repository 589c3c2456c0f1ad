package io.kaso.operator.source.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Objects kept per key (SDK clients, credentials, rate limiters per identity and region), bounded so that a tenant
 * editing its region or role in a loop cannot grow the heap: at most {@code capacity} values, the least recently used
 * dropped first, and any value dropped once unused for {@code idleExpiry}. Dropped values go to {@code onEvict}
 * outside the lock (clients are closed there). A key asked for again after it was dropped gets a new value.
 */
final class BoundedPool<K, V> {
  private static final class Slot<V> {
    final V value;
    long lastUsed;

    Slot(V value) {
      this.value = value;
    }
  }

  private final int capacity;
  private final long idleNanos;
  private final LongSupplier nanoTime;
  private final Consumer<? super V> onEvict;
  /** In access order: the least recently used first, so expiry stops at the first entry still in use. */
  private final LinkedHashMap<K, Slot<V>> slots = new LinkedHashMap<>(16, 0.75f, true);

  BoundedPool(int capacity, Duration idleExpiry, LongSupplier nanoTime, Consumer<? super V> onEvict) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
    this.idleNanos = idleExpiry.toNanos();
    this.nanoTime = nanoTime;
    this.onEvict = onEvict;
  }

  /** The value of a key, created with {@code create} (under the pool's lock) when there is none. */
  V get(K key, Function<? super K, ? extends V> create) {
    return get(key, create, k -> false);
  }

  /**
   * The value of a key, created with {@code create} when there is none; creating it drops the values whose keys
   * {@code superseded} names (an older version of what the new key stands for), so they do not wait for expiry.
   */
  V get(K key, Function<? super K, ? extends V> create, Predicate<? super K> superseded) {
    List<V> dropped = new ArrayList<>();
    V value;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      Slot<V> slot = slots.get(key);
      if (slot == null) {
        Iterator<Map.Entry<K, Slot<V>>> all = slots.entrySet().iterator();
        while (all.hasNext()) {
          Map.Entry<K, Slot<V>> entry = all.next();
          if (superseded.test(entry.getKey())) {
            all.remove();
            dropped.add(entry.getValue().value);
          }
        }
        slot = new Slot<>(create.apply(key));
        slots.put(key, slot);
      }
      slot.lastUsed = now;
      value = slot.value;
      dropOverflowAndIdle(now, dropped);
    }
    dropped.forEach(onEvict);
    return value;
  }

  /** Drops the values unused for the idle expiry; for callers that want memory back without a new get. */
  void sweep() {
    List<V> dropped = new ArrayList<>();
    synchronized (this) {
      dropOverflowAndIdle(nanoTime.getAsLong(), dropped);
    }
    dropped.forEach(onEvict);
  }

  synchronized int size() {
    return slots.size();
  }

  /** Drops every value (to onEvict) and empties the pool. */
  void clear() {
    List<V> dropped = new ArrayList<>();
    synchronized (this) {
      slots.values().forEach(s -> dropped.add(s.value));
      slots.clear();
    }
    dropped.forEach(onEvict);
  }

  private void dropOverflowAndIdle(long now, List<V> dropped) {
    Iterator<Map.Entry<K, Slot<V>>> eldestFirst = slots.entrySet().iterator();
    while (eldestFirst.hasNext()) {
      Slot<V> slot = eldestFirst.next().getValue();
      if (slots.size() <= capacity && now - slot.lastUsed < idleNanos) {
        return;
      }
      eldestFirst.remove();
      dropped.add(slot.value);
    }
  }
}
