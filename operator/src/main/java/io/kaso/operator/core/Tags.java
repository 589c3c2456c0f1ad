package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.Limits;
import io.kaso.operator.api.v1alpha1.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** A source's tags as Secret data (ESO's {@code metadataPolicy: Fetch}) and tag filters of a spec. */
final class Tags {
  /** What a source read for its tags reports as its version in status (tags have no versions). */
  static final String VERSION = "tags";

  private Tags() {}

  /**
   * One tag's value, or all tags as a JSON object (keys sorted) when no property is named.
   *
   * @throws SyncFailure SourceNotFound when the source does not carry the named tag
   */
  static byte[] value(Map<String, String> tags, String property, String origin) {
    if (property == null) {
      return json(tags).getBytes(StandardCharsets.UTF_8);
    }
    String value = tags.get(property);
    if (value == null) {
      throw new SyncFailure(Reason.SourceNotFound, origin + " carries no tag '" + property + "'");
    }
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** The tags as a JSON object with sorted keys, so the same tags always make the same bytes. */
  static String json(Map<String, String> tags) {
    StringBuilder out = new StringBuilder("{");
    new TreeMap<>(tags).forEach((k, v) -> {
      if (out.length() > 1) {
        out.append(',');
      }
      quote(out, k);
      out.append(':');
      quote(out, v);
    });
    return out.append('}').toString();
  }

  /**
   * Checks the tags a spec filters by.
   *
   * @throws SyncFailure InvalidSpec for too many tags, an empty key or value, or one longer than AWS takes
   */
  static void checkFilter(Map<String, String> tags, String field) {
    if (tags.size() > Limits.TAGS) {
      throw SyncFailure.invalidSpec(field + " has " + tags.size() + " tags; a resource carries at most " + Limits.TAGS);
    }
    tags.forEach((k, v) -> {
      if (k == null || k.isEmpty()) {
        throw SyncFailure.invalidSpec(field + " has an empty tag key");
      }
      if (v == null || v.isEmpty()) {
        throw SyncFailure.invalidSpec(field + " tag " + k + " has no value (DescribeParameters filters by a value of "
            + "at least one character)");
      }
      FieldLengths.check(k, Limits.TAG_KEY, field + " key");
      FieldLengths.check(v, Limits.TAG_VALUE, field + " value of " + k);
    });
  }

  private static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
