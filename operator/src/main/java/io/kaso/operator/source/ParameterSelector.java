package io.kaso.operator.source;

import java.util.Objects;

/**
 * A parameter name with an optional version or label, as GetParameters accepts it ({@code name:3},
 * {@code name:live}).
 */
public record ParameterSelector(String name, Long version, String label) {
  public ParameterSelector {
    Objects.requireNonNull(name, "name");
    if (version != null && label != null) {
      throw new IllegalArgumentException("a parameter selector takes a version or a label, not both");
    }
  }

  public static ParameterSelector latest(String name) {
    return new ParameterSelector(name, null, null);
  }

  /** The selector in GetParameters syntax. */
  public String wireName() {
    if (version != null) {
      return name + ":" + version;
    }
    return label != null ? name + ":" + label : name;
  }

  @Override
  public String toString() {
    return wireName();
  }
}
