package io.kaso.operator.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as Kubernetes users write them: 1h, 15m, 1h30m, 90s, 500ms, 0. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException with a message naming the text when it is not a duration
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration");
    }
    String s = text.trim();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a duration (write e.g. 1h, 15m, 1h30m, 90s, 500ms or 0)");
      }
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
      at = m.end();
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("'" + text + "' is too long a duration");
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /** Formats a duration the way {@link #parse} reads it, e.g. 1h30m, 10s, 250ms. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    StringBuilder sb = new StringBuilder();
    long h = d.toHours();
    int m = d.toMinutesPart();
    int s = d.toSecondsPart();
    int ms = d.toMillisPart();
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (m > 0) {
      sb.append(m).append('m');
    }
    if (s > 0) {
      sb.append(s).append('s');
    }
    if (ms > 0) {
      sb.append(ms).append("ms");
    }
    return sb.isEmpty() ? d.toNanos() + "ns" : sb.toString();
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> throw new IllegalStateException(unit);
    };
  }
}
