package io.kaso.operator.core;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.kaso.operator.api.v1alpha1.Limits;

/**
 * Compiles a regular expression a tenant wrote. RE2J matches in linear time (no backtracking, so no ReDoS), but it
 * expands counted repetitions while compiling: {@code ((a{1000}){1000}){1000}} would need a billion instructions
 * and exhaust the operator's memory. So the size after expansion is estimated first, from the text alone, and a
 * pattern over {@link #MAX_SIZE} is refused.
 */
public final class TenantRegexp {
  /** Estimated program size a tenant's pattern may have; a pattern over keys and names needs far less. */
  public static final long MAX_SIZE = 20_000;

  private final String src;
  private int pos;

  private TenantRegexp(String src) {
    this.src = src;
  }

  /**
   * @param field names the spec field in messages
   * @throws SyncFailure InvalidSpec for a pattern that is empty, not RE2 syntax, or too large once expanded
   */
  public static Pattern compile(String pattern, String field) {
    if (pattern == null || pattern.isEmpty()) {
      throw SyncFailure.invalidSpec(field + " is empty");
    }
    if (pattern.length() > Limits.REGEXP) {
      // Checked before the size estimate, which reads the text; the pattern is not quoted (it may come from a value).
      throw SyncFailure.invalidSpec(field + " is " + pattern.length() + " characters long, more than the "
          + Limits.REGEXP + " a regular expression may have");
    }
    long size = estimatedSize(pattern);
    if (size > MAX_SIZE) {
      throw SyncFailure.invalidSpec(field + " '" + pattern + "' is too large once its repetitions are expanded "
          + "(more than " + MAX_SIZE + " steps); use fewer or smaller {n,m} counts");
    }
    try {
      return Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw SyncFailure.invalidSpec(field + " '" + pattern + "' is not a valid regular expression (RE2 syntax): "
          + e.getDescription());
    }
  }

  /** An upper estimate of the compiled size: atoms count 1, a group its content, a repetition multiplies. */
  static long estimatedSize(String pattern) {
    TenantRegexp p = new TenantRegexp(pattern);
    long size = 0;
    while (p.pos < p.src.length()) {
      size = add(size, p.alternation());
      p.pos++; // an unbalanced ')' (RE2J will refuse it)
    }
    return size;
  }

  private long alternation() {
    long size = sequence();
    while (pos < src.length() && src.charAt(pos) == '|') {
      pos++;
      size = add(size, sequence());
    }
    return size;
  }

  private long sequence() {
    long size = 0;
    while (pos < src.length() && src.charAt(pos) != '|' && src.charAt(pos) != ')') {
      size = add(size, repeated(atom()));
    }
    return size;
  }

  private long atom() {
    char c = src.charAt(pos++);
    switch (c) {
      case '(' -> {
        long inner = alternation();
        if (pos < src.length()) {
          pos++; // ')'
        }
        return add(inner, 1);
      }
      case '[' -> {
        skipClass();
        return 1;
      }
      case '\\' -> {
        return escape();
      }
      default -> {
        return 1;
      }
    }
  }

  private long repeated(long size) {
    long result = size;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '*' || c == '+' || c == '?') {
        pos++;
        result = multiply(result, 2);
      } else if (c == '{' && countedRepeat() >= 0) {
        result = multiply(result, lastCount);
      } else {
        return result;
      }
    }
    return result;
  }

  private long lastCount;

  /** Reads {n}, {n,} or {n,m} at pos into lastCount; returns -1 (and leaves pos) when it is a literal '{'. */
  private long countedRepeat() {
    int end = src.indexOf('}', pos);
    if (end < 0 || !src.substring(pos + 1, end).matches("\\d{1,9}(,\\d{0,9})?")) {
      return -1;
    }
    long max = 1;
    for (String n : src.substring(pos + 1, end).split(",")) {
      max = Math.max(max, Long.parseLong(n));
    }
    if (src.substring(pos + 1, end).endsWith(",")) {
      max += 1; // {n,} is n copies and a star
    }
    pos = end + 1;
    lastCount = max;
    return max;
  }

  private void skipClass() {
    if (pos < src.length() && src.charAt(pos) == '^') {
      pos++;
    }
    if (pos < src.length() && src.charAt(pos) == ']') {
      pos++;
    }
    while (pos < src.length() && src.charAt(pos) != ']') {
      if (src.charAt(pos) == '\\') {
        pos++;
      } else if (src.startsWith("[:", pos)) {
        int end = src.indexOf(":]", pos + 2);
        pos = end < 0 ? pos : end + 1;
      }
      pos++;
    }
    pos++;
  }

  private long escape() {
    if (pos >= src.length()) {
      return 1;
    }
    char c = src.charAt(pos++);
    if (c == 'Q') {
      int end = src.indexOf("\\E", pos);
      int stop = end < 0 ? src.length() : end;
      long size = Math.max(1, stop - pos);
      pos = end < 0 ? src.length() : end + 2;
      return size;
    }
    if ((c == 'p' || c == 'P' || c == 'x') && pos < src.length() && src.charAt(pos) == '{') {
      int end = src.indexOf('}', pos);
      pos = end < 0 ? src.length() : end + 1;
    } else if (c == 'p' || c == 'P') {
      pos = Math.min(src.length(), pos + 1);
    }
    return 1;
  }

  private static long add(long a, long b) {
    return Math.min(a + b, Long.MAX_VALUE / 4);
  }

  private static long multiply(long a, long b) {
    return b != 0 && a > (Long.MAX_VALUE / 4) / b ? Long.MAX_VALUE / 4 : a * b;
  }
}
