package io.kaso.operator.core;

import com.google.re2j.Pattern;

/**
 * A tenant's regular expression over source names (nameRegexp of finds and paths), compiled by {@link TenantRegexp}
 * (RE2J, linear-time matching, size-bounded compiling). Unanchored, as ESO's {@code find.name.regexp}: {@code shop}
 * matches {@code prod/shop/db}; {@code ^...$} matches whole names.
 */
public final class NameRegexp {
  private final String source;
  private final Pattern pattern;

  private NameRegexp(String source, Pattern pattern) {
    this.source = source;
    this.pattern = pattern;
  }

  /**
   * @param field the spec field, for the message
   * @throws SyncFailure InvalidSpec when the expression is empty, too long, too large once its repetitions are
   *     expanded ({@link TenantRegexp}) or not RE2 syntax
   */
  public static NameRegexp compile(String regexp, String field) {
    if (regexp == null || regexp.isEmpty()) {
      throw SyncFailure.invalidSpec(field + " is empty; leave it out to keep every name");
    }
    return new NameRegexp(regexp, TenantRegexp.compile(regexp, field));
  }

  /** Whether the expression matches somewhere in the name. */
  public boolean matches(String name) {
    return pattern.matcher(name).find();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NameRegexp r && source.equals(r.source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
