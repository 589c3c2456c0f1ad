package io.kaso.operator.core;

import java.util.Map;
import java.util.TreeMap;

/**
 * The labels and annotations that target.templateLabels and target.templateAnnotations rendered, set on the target
 * Secret beside target.labels and target.annotations.
 */
public record TargetMetadata(Map<String, String> labels, Map<String, String> annotations) {
  /** No rendered labels or annotations. */
  public static final TargetMetadata NONE = new TargetMetadata(Map.of(), Map.of());

  public TargetMetadata {
    labels = Map.copyOf(new TreeMap<>(labels));
    annotations = Map.copyOf(new TreeMap<>(annotations));
  }

  /** Keys only: rendered values are the user's business, but they stay out of logs anyway. */
  @Override
  public String toString() {
    return "TargetMetadata[labels=" + new TreeMap<>(labels).keySet() + ", annotations="
        + new TreeMap<>(annotations).keySet() + "]";
  }
}
