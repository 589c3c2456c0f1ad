package io.kaso.operator.core;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.kaso.operator.api.v1alpha1.Limits;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A tenant's regular expression over source names (nameRegexp of finds and paths). Compiled with RE2J: matching takes
 * time linear in the name, whatever the expression, so a hostile pattern cannot stall a reconcile thread. Unanchored,
 * as ESO's {@code find.name.regexp}: {@code shop} matches {@code prod/shop/db}; {@code ^...$} matches whole names.
 * RE2J bounds matching time but not the size of the compiled program: nested counted repetitions such as
 * {@code ((a{1000}){1000}){1000}} would fill the heap while compiling, so such expressions are refused first.
 */
public final class NameRegexp {
  /** The largest expansion accepted: far above real name patterns (a UUID pattern is about 40). */
  static final long MAX_EXPANSION = 10_000;

  private final String source;
  private final Pattern pattern;

  private NameRegexp(String source, Pattern pattern) {
    this.source = source;
    this.pattern = pattern;
  }

  /**
   * @param field the spec field, for the message
   * @throws SyncFailure InvalidSpec when the expression is empty, too long or not RE2 syntax
   */
  public static NameRegexp compile(String regexp, String field) {
    if (regexp == null || regexp.isEmpty()) {
      throw SyncFailure.invalidSpec(field + " is empty; leave it out to keep every name");
    }
    FieldLengths.check(regexp, Limits.NAME_REGEXP, field);
    if (expansion(regexp) > MAX_EXPANSION) {
      throw SyncFailure.invalidSpec(field + " '" + regexp + "' repeats too much: its counted repetitions ({n}) "
          + "multiply to more than " + MAX_EXPANSION + " steps; use + or * instead of nested counts");
    }
    try {
      return new NameRegexp(regexp, Pattern.compile(regexp));
    } catch (PatternSyntaxException e) {
      throw SyncFailure.invalidSpec(field + " '" + regexp + "' is not a valid regular expression (RE2 syntax: no "
          + "backreferences or lookaround): " + e.getDescription());
    }
  }

  /**
   * An upper estimate of the compiled program's size: each atom counts 1, a group the sum of its contents, a counted
   * repetition multiplies what it repeats by its largest count. Saturates just above {@link #MAX_EXPANSION}.
   * Malformed syntax is left for the compiler to report.
   */
  static long expansion(String p) {
    Deque<long[]> frames = new ArrayDeque<>();
    long total = 0;
    long last = 0;
    int i = 0;
    while (i < p.length() && total <= MAX_EXPANSION) {
      char c = p.charAt(i);
      if (c == '\\') {
        i = skipEscape(p, i);
        total = add(total, 1);
        last = 1;
      } else if (c == '[') {
        i = skipClass(p, i);
        total = add(total, 1);
        last = 1;
      } else if (c == '(') {
        frames.push(new long[] {total, last});
        total = 0;
        last = 0;
        i++;
      } else if (c == ')' && !frames.isEmpty()) {
        long group = Math.max(total, 1);
        long[] outer = frames.pop();
        total = add(outer[0], group);
        last = group;
        i++;
      } else if (c == '{' && count(p, i) >= 0) {
        long times = count(p, i);
        total = add(total, multiply(last, Math.max(times, 1) - 1));
        last = multiply(last, Math.max(times, 1));
        i = p.indexOf('}', i) + 1;
      } else if (c == '*' || c == '+' || c == '?') {
        i++;
      } else if (c == '|') {
        last = 0;
        i++;
      } else {
        total = add(total, 1);
        last = 1;
        i++;
      }
    }
    while (!frames.isEmpty() && total <= MAX_EXPANSION) {
      total = add(frames.pop()[0], total);
    }
    return total;
  }

  /** The largest count of a repetition {n}, {n,} or {n,m} starting at i, or -1 when it is no repetition. */
  private static long count(String p, int i) {
    int end = p.indexOf('}', i);
    if (end < 0) {
      return -1;
    }
    String body = p.substring(i + 1, end);
    if (!body.matches("[0-9]{1,4}(,[0-9]{0,4})?")) {
      return -1;
    }
    String[] parts = body.split(",", -1);
    long n = Long.parseLong(parts[0]);
    if (parts.length == 1) {
      return n;
    }
    return parts[1].isEmpty() ? n + 1 : Math.max(n, Long.parseLong(parts[1]));
  }

  private static int skipEscape(String p, int i) {
    if (i + 1 >= p.length()) {
      return i + 1;
    }
    char next = p.charAt(i + 1);
    if ((next == 'p' || next == 'P' || next == 'x') && i + 2 < p.length() && p.charAt(i + 2) == '{') {
      int end = p.indexOf('}', i);
      return end < 0 ? p.length() : end + 1;
    }
    if (next == 'Q') {
      int end = p.indexOf("\\E", i + 2);
      return end < 0 ? p.length() : end + 2;
    }
    return i + 2;
  }

  private static int skipClass(String p, int i) {
    int j = i + 1;
    if (j < p.length() && p.charAt(j) == '^') {
      j++;
    }
    if (j < p.length() && p.charAt(j) == ']') {
      j++;
    }
    while (j < p.length() && p.charAt(j) != ']') {
      if (p.charAt(j) == '\\') {
        j += 2;
      } else if (p.startsWith("[:", j)) {
        int end = p.indexOf(":]", j + 2);
        j = end < 0 ? j + 1 : end + 2;
      } else {
        j++;
      }
    }
    return Math.min(p.length(), j + 1);
  }

  private static long add(long a, long b) {
    return Math.min(a + b, MAX_EXPANSION + 1);
  }

  private static long multiply(long a, long b) {
    return a == 0 || b == 0 ? 0 : a > (MAX_EXPANSION + 1) / b ? MAX_EXPANSION + 1 : Math.min(a * b, MAX_EXPANSION + 1);
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
