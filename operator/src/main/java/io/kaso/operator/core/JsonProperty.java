package io.kaso.operator.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.function.FunctionCallException;
import io.burt.jmespath.jackson.JacksonRuntime;
import io.kaso.operator.api.v1alpha1.Reason;

/**
 * The {@code property} of a data entry or parameter: which part of a JSON value becomes the Secret key's value.
 *
 * <p>The rule: a property with any JMESPath operator character ({@value #JMESPATH_SYNTAX}) is a JMESPath
 * expression, as in {@code aws --query} ({@code friends[1].first}, {@code items[?name=='x'].value | [0]}); anything
 * else is a dotted path ({@code checkout.enabled}, {@code friends.1.first}), where a segment of digits indexes an
 * array and a member whose name is the whole rest of the path wins ({@code {"a.b": 1}} with {@code a.b}). A dotted
 * path can name members JMESPath would need quotes for ({@code db-password}).
 */
public final class JsonProperty {

  /** Characters that make a property a JMESPath expression rather than a dotted path. */
  public static final String JMESPATH_SYNTAX = "[]{}()|&!=<>*?@`'\",:";

  private static final JacksonRuntime JMESPATH = new JacksonRuntime();
  private static final int MAX_INDEX_DIGITS = 9;
  private static final int MAX_MESSAGE = 300;

  private final String property;
  private final String key;
  private final Expression<JsonNode> expression;

  private JsonProperty(String property, String key, Expression<JsonNode> expression) {
    this.property = property;
    this.key = key;
    this.expression = expression;
  }

  /**
   * A property of the spec, checked (and a JMESPath expression compiled) once.
   *
   * @param key the Secret key it fills, for messages
   * @throws SyncFailure InvalidSpec for an empty property or an expression that is not JMESPath
   */
  public static JsonProperty of(String property, String key) {
    if (property == null || property.isBlank()) {
      throw SyncFailure.invalidSpec("key " + key + ": property is empty; leave it out to take the whole value");
    }
    if (!isJmesPath(property)) {
      return new JsonProperty(property, key, null);
    }
    try {
      return new JsonProperty(property, key, JMESPATH.compile(property));
    } catch (JmesPathException | IllegalArgumentException e) {
      throw SyncFailure.invalidSpec("key " + key + ": property '" + property + "' is not a valid JMESPath expression"
          + " (" + shortened(e.getMessage()) + "); a plain dotted path has none of the characters "
          + JMESPATH_SYNTAX);
    }
  }

  /** Whether a property is read as JMESPath (see the class comment). */
  public static boolean isJmesPath(String property) {
    return property.chars().anyMatch(c -> JMESPATH_SYNTAX.indexOf(c) >= 0);
  }

  public String property() {
    return property;
  }

  /**
   * The property's text as a Secret holds it (see {@link Json.Document#secretText}).
   *
   * @param source names the value in error messages, e.g. "parameter /shop/prod/flags"; the value itself never
   *     appears in a message
   * @throws SyncFailure SyncFailed when the value is not JSON or an expression's function cannot apply to it,
   *     SourceNotFound when it has no such property (or the expression selects nothing); all depend on the data in
   *     AWS, so they are retried
   */
  public String extract(String json, String source) {
    Json.Document doc;
    try {
      doc = Json.parse(json);
    } catch (Json.NotJsonException e) {
      throw new SyncFailure(Reason.SyncFailed,
          "key " + key + ": " + source + " is " + e.getMessage() + ", so its property '" + property
              + "' cannot be read");
    }
    return doc.secretText(expression == null ? dotted(doc.root(), source) : search(doc.root(), source));
  }

  private JsonNode search(JsonNode root, String source) {
    JsonNode result;
    try {
      result = expression.search(root);
    } catch (FunctionCallException e) {
      // These messages name the function and the JSON types involved, never a value.
      throw new SyncFailure(Reason.SyncFailed, "key " + key + ": property '" + property + "' cannot be evaluated on "
          + source + " (" + shortened(e.getMessage()) + ")");
    } catch (RuntimeException e) {
      throw new SyncFailure(Reason.SyncFailed, "key " + key + ": property '" + property + "' cannot be evaluated on "
          + source);
    }
    if (result == null || result.isNull() || result.isMissingNode()) {
      throw new SyncFailure(Reason.SourceNotFound, "key " + key + ": property '" + property + "' selects nothing in "
          + source + " (the JMESPath result is null)");
    }
    return result;
  }

  private JsonNode dotted(JsonNode root, String source) {
    JsonNode current = root;
    String rest = property;
    while (true) {
      if (current.isObject() && current.has(rest)) {
        return current.get(rest);
      }
      int dot = rest.indexOf('.');
      String head = dot < 0 ? rest : rest.substring(0, dot);
      JsonNode next;
      if (current.isObject()) {
        next = current.get(head);
      } else if (current.isArray()) {
        next = element(current, head);
      } else {
        throw missing(source, " (not a JSON object or array at '" + head + "')");
      }
      if (next == null) {
        throw missing(source, current.isArray() ? " (no element " + head + " in an array of " + current.size() + ")"
            : "");
      }
      if (dot < 0) {
        return next;
      }
      current = next;
      rest = rest.substring(dot + 1);
    }
  }

  private static JsonNode element(JsonNode array, String segment) {
    if (segment.isEmpty() || segment.length() > MAX_INDEX_DIGITS || !segment.chars().allMatch(Character::isDigit)) {
      return null;
    }
    return array.get(Integer.parseInt(segment));
  }

  private SyncFailure missing(String source, String detail) {
    return new SyncFailure(Reason.SourceNotFound,
        "key " + key + ": property '" + property + "' does not exist in " + source + detail);
  }

  private static String shortened(String message) {
    String m = message == null ? "" : message.strip();
    return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE) + "...";
  }
}
