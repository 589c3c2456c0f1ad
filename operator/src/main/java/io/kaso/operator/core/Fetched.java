package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.SourceVersion;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a sync read and the keys it made of it, before templates: the Secret data and the sources with versions.
 */
public record Fetched(SecretData data, List<SourceVersion> sources) {

  /** Sources sorted by name and version, each (name, version) once. */
  public static List<SourceVersion> distinctSources(List<SourceVersion> sources) {
    Map<String, SourceVersion> byKey = new TreeMap<>();
    sources.forEach(s -> byKey.putIfAbsent(s.getName() + "\u0000" + s.getVersion(), s));
    return byKey.values().stream().sorted(Comparator.comparing(SourceVersion::getName)
        .thenComparing(v -> String.valueOf(v.getVersion()))).toList();
  }
}
