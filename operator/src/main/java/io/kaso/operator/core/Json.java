package io.kaso.operator.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader (RFC 8259) for secret values. Every parsed value keeps its exact source text, so a
 * nested object is written to a Secret byte for byte as it was stored in AWS.
 */
public final class Json {

  /** A parsed JSON value with its source text. */
  public sealed interface Value permits JsonObject, JsonArray, JsonString, JsonScalar {
    /** The exact text of this value in the document. */
    String text();
  }

  /** A JSON object; members keep their order. */
  public record JsonObject(Map<String, Value> members, String text) implements Value {}

  /** A JSON array. */
  public record JsonArray(List<Value> items, String text) implements Value {}

  /** A JSON string, unescaped. */
  public record JsonString(String value, String text) implements Value {}

  /** A number, true, false or null, as written. */
  public record JsonScalar(String text) implements Value {}

  /** Thrown when a text is not JSON. The message never contains the text itself (it may be a secret). */
  public static final class NotJsonException extends Exception {
    NotJsonException(String message) {
      super(message);
    }
  }

  private final String src;
  private int pos;

  private Json(String src) {
    this.src = src;
  }

  /** Parses a whole document. */
  public static Value parse(String text) throws NotJsonException {
    Json p = new Json(text);
    p.skipWs();
    Value v = p.value(0);
    p.skipWs();
    if (p.pos != p.src.length()) {
      throw p.error("unexpected content after the JSON value");
    }
    return v;
  }

  /**
   * Writes a value the way a Secret holds it: a string as its unescaped content, anything else (objects, arrays,
   * numbers, booleans, null) as its JSON text.
   */
  public static String secretText(Value v) {
    return v instanceof JsonString s ? s.value() : v.text();
  }

  private static final int MAX_DEPTH = 256;

  private Value value(int depth) throws NotJsonException {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH);
    }
    if (pos >= src.length()) {
      throw error("unexpected end");
    }
    char c = src.charAt(pos);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("unexpected character");
      }
    };
  }

  private JsonObject object(int depth) throws NotJsonException {
    int start = pos++;
    Map<String, Value> members = new LinkedHashMap<>();
    skipWs();
    if (peek() == '}') {
      pos++;
      return new JsonObject(Collections.unmodifiableMap(members), src.substring(start, pos));
    }
    while (true) {
      skipWs();
      if (peek() != '"') {
        throw error("expected a member name");
      }
      String name = string().value();
      skipWs();
      expect(':');
      skipWs();
      members.put(name, value(depth + 1));
      skipWs();
      char c = next();
      if (c == '}') {
        return new JsonObject(Collections.unmodifiableMap(members), src.substring(start, pos));
      }
      if (c != ',') {
        throw error("expected , or }");
      }
    }
  }

  private JsonArray array(int depth) throws NotJsonException {
    int start = pos++;
    List<Value> items = new ArrayList<>();
    skipWs();
    if (peek() == ']') {
      pos++;
      return new JsonArray(List.copyOf(items), src.substring(start, pos));
    }
    while (true) {
      skipWs();
      items.add(value(depth + 1));
      skipWs();
      char c = next();
      if (c == ']') {
        return new JsonArray(List.copyOf(items), src.substring(start, pos));
      }
      if (c != ',') {
        throw error("expected , or ]");
      }
    }
  }

  private JsonString string() throws NotJsonException {
    int start = pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= src.length()) {
        throw error("unterminated string");
      }
      char c = src.charAt(pos++);
      if (c == '"') {
        return new JsonString(sb.toString(), src.substring(start, pos));
      }
      if (c < 0x20) {
        throw error("control character in string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > src.length()) {
            throw error("bad \\u escape");
          }
          try {
            sb.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> throw error("bad escape");
      }
    }
  }

  private JsonScalar literal(String word) throws NotJsonException {
    if (!src.startsWith(word, pos)) {
      throw error("unexpected character");
    }
    pos += word.length();
    return new JsonScalar(word);
  }

  private JsonScalar number() throws NotJsonException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (isDigit(peek())) {
      digits();
    } else {
      throw error("bad number");
    }
    if (peek() == '.') {
      pos++;
      if (!isDigit(peek())) {
        throw error("bad number");
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw error("bad number");
      }
      digits();
    }
    return new JsonScalar(src.substring(start, pos));
  }

  private void digits() {
    while (isDigit(peek())) {
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private char peek() {
    return pos < src.length() ? src.charAt(pos) : '\0';
  }

  private char next() throws NotJsonException {
    if (pos >= src.length()) {
      throw error("unexpected end");
    }
    return src.charAt(pos++);
  }

  private void expect(char c) throws NotJsonException {
    if (next() != c) {
      throw error("expected " + c);
    }
  }

  private void skipWs() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private NotJsonException error(String what) {
    return new NotJsonException("not valid JSON (" + what + " at character " + (pos + 1) + ")");
  }
}
