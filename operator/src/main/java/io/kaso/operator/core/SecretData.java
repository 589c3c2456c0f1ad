package io.kaso.operator.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The data of a Secret: keys in order, values as bytes. Never printed. */
public final class SecretData {
  /**
   * Kubernetes refuses a Secret whose values add up to more than 1 MiB (corev1.MaxSecretSize, counted over the
   * decoded values of data); Kaso refuses such data before it builds or writes it.
   */
  public static final int MAX_BYTES = 1024 * 1024;

  private final SortedMap<String, byte[]> entries;

  private SecretData(SortedMap<String, byte[]> entries) {
    this.entries = entries;
  }

  public static SecretData of(Map<String, byte[]> entries) {
    TreeMap<String, byte[]> copy = new TreeMap<>();
    entries.forEach((k, v) -> copy.put(k, v.clone()));
    return new SecretData(Collections.unmodifiableSortedMap(copy));
  }

  public static SecretData empty() {
    return of(Map.of());
  }

  /** The entries; values are shared, do not modify them. */
  public SortedMap<String, byte[]> entries() {
    return entries;
  }

  /** The size Kubernetes counts against {@link #MAX_BYTES}: the values' bytes. */
  public long byteSize() {
    return byteSize(entries);
  }

  static long byteSize(Map<String, byte[]> entries) {
    return entries.values().stream().mapToLong(v -> v.length).sum();
  }

  /**
   * @throws SyncFailure InvalidSpec when values of this size could not be written, naming the largest keys (never a
   *     value)
   */
  static void checkSize(Map<String, byte[]> entries, String what) {
    long size = byteSize(entries);
    if (size <= MAX_BYTES) {
      return;
    }
    String largest = String.join(", ", entries.entrySet().stream()
        .sorted((a, b) -> Integer.compare(b.getValue().length, a.getValue().length)).limit(3)
        .map(e -> e.getKey() + " (" + e.getValue().length + " bytes)").toList());
    throw tooLarge(what + " add up to " + size + " bytes; largest keys: " + largest);
  }

  static SyncFailure tooLarge(String detail) {
    return SyncFailure.invalidSpec("the Secret's data would exceed Kubernetes' 1 MiB limit (" + MAX_BYTES
        + " bytes): " + detail + ". Read fewer or smaller sources, or split them across resources; the Secret is "
        + "left as it was");
  }

  public int size() {
    return entries.size();
  }

  public boolean containsKey(String key) {
    return entries.containsKey(key);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SecretData other) || !entries.keySet().equals(other.entries.keySet())) {
      return false;
    }
    return entries.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), other.entries.get(e.getKey())));
  }

  @Override
  public int hashCode() {
    return entries.keySet().hashCode();
  }

  /** Keys only: values never reach logs. */
  @Override
  public String toString() {
    return "SecretData" + entries.keySet();
  }
}
