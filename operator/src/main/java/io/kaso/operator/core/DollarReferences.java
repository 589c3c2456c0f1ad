package io.kaso.operator.core;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps {@code ${KEY}} working in a template that also uses Jinja syntax: each reference in the template's text (not
 * inside {@code {{ }}}, {@code {% %}}, comments or raw blocks) becomes {@code {{ data["KEY"] }}}, and {@code $${}
 * becomes a literal {@code ${}. Done on the template's text before rendering, so a fetched value is never scanned.
 */
final class DollarReferences {
  private static final Pattern TAG_NAME = Pattern.compile("^[-+]?\\s*(\\w+)");
  private static final Pattern END_RAW = Pattern.compile("\\{%[-+]?\\s*endraw\\s*[-+]?%}");

  private DollarReferences() {}

  /** Whether a template uses Jinja syntax (else it is expanded byte for byte, as before there was an engine). */
  static boolean isJinja(String text) {
    return text.contains("{{") || text.contains("{%") || text.contains("{#");
  }

  /**
   * The template as pure Jinja.
   *
   * @param where names the template in messages
   * @param fetched every fetched key
   * @param textKeys the fetched keys whose values are UTF-8 text (the others cannot be used in a Jinja template)
   * @throws SyncFailure InvalidSpec for an unknown, unterminated or binary reference
   */
  static String toJinja(String where, String text, Set<String> fetched, Set<String> textKeys) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("{{", i)) {
        i = copyThrough(text, i, "}}", out);
      } else if (text.startsWith("{#", i)) {
        i = copyThrough(text, i, "#}", out);
      } else if (text.startsWith("{%", i)) {
        int end = copyThrough(text, i, "%}", out);
        Matcher name = TAG_NAME.matcher(text.substring(i + 2, Math.max(i + 2, end - 2)));
        if (name.find() && name.group(1).equals("raw")) {
          Matcher endRaw = END_RAW.matcher(text);
          int to = endRaw.find(end) ? endRaw.end() : text.length();
          out.append(text, end, to);
          end = to;
        }
        i = end;
      } else if (text.startsWith("$${", i)) {
        out.append("{{ \"${\" }}");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          throw SyncFailure.invalidSpec(where + ": '${' without a closing '}'");
        }
        String ref = text.substring(i + 2, end).trim();
        if (!fetched.contains(ref)) {
          throw SyncFailure.invalidSpec(where + " refers to ${" + ref + "}, which no source produces (known keys: "
              + String.join(", ", fetched) + ")");
        }
        if (!textKeys.contains(ref)) {
          throw SyncFailure.invalidSpec(where + " refers to ${" + ref + "}, whose value is not UTF-8 text: a "
              + "template with Jinja syntax works on text; copy it with a template of only ${" + ref + "} instead");
        }
        out.append("{{ data[\"").append(ref).append("\"] }}");
        i = end + 1;
      } else {
        out.append(text.charAt(i++));
      }
    }
    return out.toString();
  }

  private static int copyThrough(String text, int from, String close, StringBuilder out) {
    int end = text.indexOf(close, from + 2);
    int to = end < 0 ? text.length() : end + close.length();
    out.append(text, from, to);
    return to;
  }
}
