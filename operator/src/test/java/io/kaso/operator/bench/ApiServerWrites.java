package io.kaso.operator.bench;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The writes a real API server has served, by verb and resource(/subresource), read from its own
 * {@code apiserver_request_total} counters (Prometheus text): every client's writes since the server started.
 */
final class ApiServerWrites {
  private static final Pattern SAMPLE = Pattern.compile("(?m)^apiserver_request_total\\{([^}]*)} (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE", "DELETECOLLECTION", "APPLY");

  private ApiServerWrites() {}

  /** {@code PATCH externalparameters/status -> 1234}, summed over codes, groups, versions and scopes. */
  static Map<String, Long> parse(String metrics) {
    Map<String, Long> writes = new TreeMap<>();
    Matcher sample = SAMPLE.matcher(metrics);
    while (sample.find()) {
      Map<String, String> labels = labels(sample.group(1));
      String verb = labels.getOrDefault("verb", "");
      if (WRITES.contains(verb)) {
        String subresource = labels.getOrDefault("subresource", "");
        String kind = labels.getOrDefault("resource", "?") + (subresource.isEmpty() ? "" : "/" + subresource);
        writes.merge(verb + " " + kind, (long) Double.parseDouble(sample.group(2)), Long::sum);
      }
    }
    return writes;
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new TreeMap<>();
    Matcher label = LABEL.matcher(text);
    while (label.find()) {
      labels.put(label.group(1), label.group(2));
    }
    return labels;
  }
}
