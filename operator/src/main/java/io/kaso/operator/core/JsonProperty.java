package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.core.Json.JsonObject;
import io.kaso.operator.core.Json.Value;

/** Takes a dotted property (checkout.enabled) out of a JSON value. */
public final class JsonProperty {

  private JsonProperty() {}

  /**
   * The property's text as a Secret holds it (see {@link Json#secretText}).
   *
   * @param source names the value in error messages, e.g. "parameter /shop/prod/flags"; the value itself never
   *     appears in a message
   * @throws SyncFailure SyncFailed when the value is not JSON, SourceNotFound when it has no such property; both
   *     depend on the data in AWS, so they are retried
   */
  public static String extract(String json, String property, String source) {
    Value root;
    try {
      root = Json.parse(json);
    } catch (Json.NotJsonException e) {
      throw new SyncFailure(Reason.SyncFailed,
          source + " is " + e.getMessage() + ", so its property '" + property + "' cannot be read");
    }
    return Json.secretText(find(root, property, source));
  }

  private static Value find(Value root, String property, String source) {
    // A member whose name itself contains dots wins over descending, so {"a.b": 1} works with property a.b.
    Value current = root;
    String rest = property;
    while (true) {
      if (!(current instanceof JsonObject obj)) {
        throw new SyncFailure(Reason.SourceNotFound,
            "property '" + property + "' does not exist in " + source + " (not a JSON object at that point)");
      }
      Value whole = obj.members().get(rest);
      if (whole != null) {
        return whole;
      }
      int dot = rest.indexOf('.');
      String head = dot < 0 ? rest : rest.substring(0, dot);
      Value next = obj.members().get(head);
      if (next == null || dot < 0) {
        throw new SyncFailure(Reason.SourceNotFound, "property '" + property + "' does not exist in " + source);
      }
      current = next;
      rest = rest.substring(dot + 1);
    }
  }
}
