package io.kaso.operator.source;

import java.util.Map;

/** Selects secrets by name prefix and tags; a secret must match all of them. */
public record SecretFilter(String namePrefix, Map<String, String> tags) {
  public SecretFilter {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    if ((namePrefix == null || namePrefix.isEmpty()) && tags.isEmpty()) {
      throw new IllegalArgumentException("a secret filter needs a name prefix or tags");
    }
  }
}
