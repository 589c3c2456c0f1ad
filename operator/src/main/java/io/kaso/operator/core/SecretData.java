package io.kaso.operator.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The data of a Secret: keys in order, values as bytes. Never printed. */
public final class SecretData {
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
