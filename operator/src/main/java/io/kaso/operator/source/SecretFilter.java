package io.kaso.operator.source;

import java.util.Map;

/**
 * Selects secrets by name prefix, tags and a name regular expression; a secret must match all that are set.
 *
 * @param nameRegexp RE2 syntax, matched anywhere in the name; null for none. The port only carries it: the
 *     secrets are listed and their names matched by the caller's predicate
 *     ({@link SecretStore#find(Scope, SecretFilter, java.util.function.Predicate)}).
 */
public record SecretFilter(String namePrefix, Map<String, String> tags, String nameRegexp) {
  public SecretFilter {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    if ((namePrefix == null || namePrefix.isEmpty()) && tags.isEmpty() && nameRegexp == null) {
      throw new IllegalArgumentException("a secret filter needs a name prefix, tags or a name regexp");
    }
  }

  public SecretFilter(String namePrefix, Map<String, String> tags) {
    this(namePrefix, tags, null);
  }
}
