package io.kaso.operator.source;

import java.util.Objects;

/** An identity in a region: the unit that shares credentials, clients, cache entries and rate budgets. */
public record Scope(Identity identity, String region) {
  public Scope {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(region, "region");
  }
}
