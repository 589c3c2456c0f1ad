package io.kaso.operator.template;

import com.hubspot.jinjava.interpret.OutputTooBigException;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.TemplateError.ErrorReason;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the engine's errors into messages a person can act on that never hold a fetched value. The engine's messages
 * can quote what a filter failed on (a number that is not one, a map it could not read, an exception's message), so
 * they are cut down to what is known to be safe: the template's own text, the engine's words, names. Whatever stands
 * in quotes and is not part of the template's text is cut out, Java exception messages are cut to the exception's
 * name, and every fetched value is cut out wherever it stands.
 */
final class EngineErrors {
  /** Shorter values are not cut out of messages: they would cut up every word. */
  private static final int MIN_SCRUBBED_LENGTH = 3;
  private static final Pattern WITH_VALUE = Pattern.compile("(?s)with (value|length) .* must");
  private static final Pattern EXPRESSION = Pattern.compile("(?s)^Error resolving expression \\[(.*)]: .*$");
  private static final Pattern JAVA_EXCEPTION = Pattern.compile(
      "(?s)(?:[a-z][a-z0-9_]*\\.)+([A-Z]\\w*(?:Exception|Error))(?::.*)?");
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
  private static final Pattern FILTER_USE = Pattern.compile("\\|\\s*([A-Za-z_]\\w*)");
  private static final String UNKNOWN_TOKEN = "Unknown token found: ";

  private EngineErrors() {}

  /**
   * The message of the first error, or of the sandbox violation when there was one.
   *
   * @param template the template's text, which messages may quote
   * @param values the fetched values, which they must not
   */
  static String message(Collection<TemplateError> errors, SandboxViolation violation, String template,
      Collection<String> values) {
    if (violation != null) {
      return violation.getMessage();
    }
    TemplateError first = errors.iterator().next();
    SandboxViolation inner = find(first.getException(), SandboxViolation.class);
    String text = inner != null ? inner.getMessage() : describe(first, template);
    String line = first.getLineno() > 0 ? " (line " + first.getLineno() + ")" : "";
    return scrub(text, values) + line;
  }

  private static String describe(TemplateError e, String template) {
    if (e.getReason() == ErrorReason.OUTPUT_TOO_BIG || find(e.getException(), OutputTooBigException.class) != null) {
      return "its output, or a string it builds, passes the limit of characters for this key";
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    int unknown = message.indexOf(UNKNOWN_TOKEN);
    if (unknown >= 0) {
      String token = message.substring(unknown + UNKNOWN_TOKEN.length());
      Matcher filter = FILTER_USE.matcher(token);
      while (filter.find()) {
        if (!JinjavaTemplateEngine.FILTERS.contains(filter.group(1))) {
          return "filter '" + filter.group(1) + "' is not available in Kaso templates";
        }
      }
      return "unknown variable or key: " + quotedOnly(token, template);
    }
    if (e.getReason() == ErrorReason.UNKNOWN && e.getItem() == TemplateError.ErrorItem.PROPERTY) {
      return "cannot resolve property '" + e.getFieldName() + "'";
    }
    Matcher expression = EXPRESSION.matcher(message);
    if (expression.matches()) {
      Throwable root = rootCause(e.getException());
      return "cannot evaluate [" + expression.group(1) + "]"
          + (root == null ? "" : " (" + root.getClass().getSimpleName() + ")");
    }
    if (message.isBlank()) {
      return "error in " + e.getItem().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
    String safe = WITH_VALUE.matcher(message).replaceAll("must").replace(" is disabled in this context",
        " is not available in Kaso templates");
    safe = JAVA_EXCEPTION.matcher(safe).replaceAll("$1");
    return quotedOnly(safe, template);
  }

  /** The text with quoted parts that are not in the template cut out. */
  private static String quotedOnly(String text, String template) {
    Matcher quoted = QUOTED.matcher(text);
    StringBuilder out = new StringBuilder();
    while (quoted.find()) {
      boolean fromTemplate = Set.of("", "filter").contains(quoted.group(1)) || Pattern.compile(
          "(?<![\\w.])" + Pattern.quote(quoted.group(1)) + "(?![\\w])").matcher(template).find();
      quoted.appendReplacement(out, Matcher.quoteReplacement(fromTemplate ? quoted.group() : "'...'"));
    }
    quoted.appendTail(out);
    return out.toString();
  }

  /** The text with every fetched value (of at least three characters) cut out. */
  static String scrub(String text, Collection<String> values) {
    String out = text;
    for (String v : values) {
      if (v.length() >= MIN_SCRUBBED_LENGTH && out.contains(v)) {
        out = out.replace(v, "[a fetched value]");
      }
    }
    return out;
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c != null && c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }
}
