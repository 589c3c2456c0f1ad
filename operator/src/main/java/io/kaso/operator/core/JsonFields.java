package io.kaso.operator.core;

import java.util.Map;

/** Splits a value holding a JSON object into its top-level fields: dataFrom of both kinds. */
final class JsonFields {

  private JsonFields() {}

  /**
   * The fields with their Secret text (a string as is, anything else as its exact JSON text), in document order.
   *
   * @param origin names the value in messages, e.g. "dataFrom secret prod/db"; the value itself never appears
   * @param instead what to use instead, for the message
   * @throws SyncFailure InvalidSpec when the value is not a JSON object
   */
  static Map<String, String> of(String text, String origin, String instead) {
    Json.Document doc;
    try {
      doc = Json.parse(text);
    } catch (Json.NotJsonException e) {
      throw SyncFailure.invalidSpec(origin + " is " + e.getMessage() + ", so it cannot be split into keys ("
          + instead + ")");
    }
    if (!doc.root().isObject()) {
      throw SyncFailure.invalidSpec(origin + " is not a JSON object, so it cannot be split into keys (" + instead
          + ")");
    }
    return doc.fields();
  }
}
