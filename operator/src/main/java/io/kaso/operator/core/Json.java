package io.kaso.operator.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Strict JSON (RFC 8259) for secret values, read with Jackson into its tree. Every object, array and number of the
 * document keeps its exact source text, so a nested value is written to a Secret byte for byte as it was stored in
 * AWS (as ESO's gjson does); values a JMESPath expression computes are written as compact JSON.
 */
public final class Json {

  /** Deeper documents are refused (a secret is at most 64 KB; nothing legitimate nests this deep). */
  static final int MAX_DEPTH = 256;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      // Jackson's own messages may quote the document; ours never do, and locations must not carry it either.
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  /** A parsed document: Jackson's tree and the source text of its objects, arrays and numbers. */
  public static final class Document {
    private final JsonNode root;
    private final Map<JsonNode, String> texts;

    private Document(JsonNode root, Map<JsonNode, String> texts) {
      this.root = root;
      this.texts = texts;
    }

    public JsonNode root() {
      return root;
    }

    /**
     * A value the way a Secret holds it: a string as its unescaped content, anything else (objects, arrays, numbers,
     * booleans, null) as its JSON text, exactly as in the document when it comes from it.
     */
    public String secretText(JsonNode node) {
      if (node.isTextual()) {
        return node.textValue();
      }
      String text = texts.get(node);
      return text != null ? text : node.toString();
    }

    /** The top-level fields of an object document with their Secret text, in document order. */
    public Map<String, String> fields() {
      Map<String, String> fields = new LinkedHashMap<>();
      root.properties().forEach(field -> fields.put(field.getKey(), secretText(field.getValue())));
      return Collections.unmodifiableMap(fields);
    }
  }

  /** Thrown when a text is not JSON. The message never contains the text itself (it may be a secret). */
  public static final class NotJsonException extends Exception {
    NotJsonException(String message) {
      super(message, null, false, false);
    }
  }

  /** Parses a whole document. */
  public static Document parse(String text) throws NotJsonException {
    Map<JsonNode, String> texts = new IdentityHashMap<>();
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new NotJsonException("not valid JSON (empty)");
      }
      JsonNode root = read(p, first, text, texts);
      if (p.nextToken() != null) {
        throw error("unexpected content after the JSON value", p.currentTokenLocation());
      }
      return new Document(root, texts);
    } catch (JsonProcessingException e) {
      // Never e.getMessage(): Jackson quotes the offending token, which is part of the secret.
      throw error("malformed", e.getLocation());
    } catch (IOException e) {
      throw new NotJsonException("not valid JSON (unreadable)");
    }
  }

  private static JsonNode read(JsonParser p, JsonToken token, String src, Map<JsonNode, String> texts)
      throws IOException, NotJsonException {
    switch (token) {
      case START_OBJECT -> {
        int start = offset(p.currentTokenLocation());
        ObjectNode object = NODES.objectNode();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
          String name = p.currentName();
          object.set(name, read(p, p.nextToken(), src, texts));
        }
        texts.put(object, src.substring(start, offset(p.currentLocation())));
        return object;
      }
      case START_ARRAY -> {
        int start = offset(p.currentTokenLocation());
        ArrayNode array = NODES.arrayNode();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          array.add(read(p, t, src, texts));
        }
        texts.put(array, src.substring(start, offset(p.currentLocation())));
        return array;
      }
      case VALUE_STRING -> {
        return new TextNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        // A new node per number (Jackson caches small ones), so each keeps its own text, e.g. -0.
        JsonNode n = new BigIntegerNode(p.getBigIntegerValue());
        texts.put(n, p.getText());
        return n;
      }
      case VALUE_NUMBER_FLOAT -> {
        JsonNode n = new DecimalNode(p.getDecimalValue());
        texts.put(n, p.getText());
        return n;
      }
      case VALUE_TRUE -> {
        return BooleanNode.TRUE;
      }
      case VALUE_FALSE -> {
        return BooleanNode.FALSE;
      }
      case VALUE_NULL -> {
        return NullNode.instance;
      }
      default -> throw error("unexpected token", p.currentTokenLocation());
    }
  }

  private static int offset(JsonLocation location) {
    return (int) location.getCharOffset();
  }

  private static NotJsonException error(String what, JsonLocation at) {
    long offset = at == null ? -1 : at.getCharOffset();
    return new NotJsonException("not valid JSON (" + what + (offset < 0 ? "" : " at character " + (offset + 1)) + ")");
  }
}
