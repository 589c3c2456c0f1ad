package io.kaso.operator.core;

import java.util.Arrays;
import java.util.List;

/** Shell-style globs: {@code *} matches any run of characters (slashes too), {@code ?} exactly one. */
public final class Glob {
  private final String pattern;

  private Glob(String pattern) {
    this.pattern = pattern;
  }

  public static Glob of(String pattern) {
    return new Glob(pattern);
  }

  /** The globs of a comma-separated annotation value; blanks are ignored. */
  public static List<Glob> list(String commaSeparated) {
    if (commaSeparated == null) {
      return List.of();
    }
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Glob::of)
        .toList();
  }

  public boolean matches(String text) {
    // Iterative matching with one backtrack point: linear in practice, no regex to escape.
    int p = 0;
    int t = 0;
    int star = -1;
    int mark = 0;
    while (t < text.length()) {
      if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
        p++;
        t++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  /**
   * Whether this glob matches every text that starts with {@code prefix}. That holds exactly when the glob ends with
   * {@code *} and matches the prefix itself: the final star then takes any continuation. A glob without a final star
   * matches texts of a bounded shape, so it never covers all continuations (a glob such as {@code a?*} is refused too,
   * which errs on the safe side).
   */
  public boolean coversEverythingUnder(String prefix) {
    return pattern.endsWith("*") && matches(prefix);
  }

  @Override
  public String toString() {
    return pattern;
  }
}
