package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.core.Json.JsonObject;
import io.kaso.operator.source.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** How a Secrets Manager value becomes Secret bytes: as text or binary, by JSON property, base64-decoded, split. */
final class SecretValues {

  private SecretValues() {}

  /** The value's bytes: SecretBinary as is, SecretString as UTF-8. */
  static byte[] bytes(SecretValue v) {
    return v.isBinary() ? v.binary().clone() : utf8(v.string() == null ? "" : v.string());
  }

  /** The value as text, for JSON properties. */
  static String text(SecretValue v, String origin) {
    if (v.isBinary()) {
      throw new SyncFailure(Reason.SyncFailed, origin + " holds SecretBinary, which has no JSON properties");
    }
    return v.string() == null ? "" : v.string();
  }

  /** The value as a JSON object, for dataFrom. */
  static JsonObject object(SecretValue v, String secretId, String origin) {
    if (v.isBinary()) {
      throw SyncFailure.invalidSpec("dataFrom " + origin + " holds SecretBinary, so it cannot be split into keys "
          + "(use data with a key instead)");
    }
    Json.Value parsed;
    try {
      parsed = Json.parse(text(v, origin));
    } catch (Json.NotJsonException e) {
      throw SyncFailure.invalidSpec("dataFrom " + origin + " is " + e.getMessage()
          + ", so it cannot be split into keys (use data with a key instead)");
    }
    if (!(parsed instanceof JsonObject obj)) {
      throw SyncFailure.invalidSpec("dataFrom secret " + secretId
          + " is not a JSON object, so it cannot be split into keys (use data with a key instead)");
    }
    return obj;
  }

  /** Base64 text as the bytes it encodes. */
  static byte[] base64(byte[] text, String origin) {
    try {
      return Base64.getMimeDecoder().decode(new String(text, StandardCharsets.UTF_8).strip());
    } catch (IllegalArgumentException e) {
      throw new SyncFailure(Reason.SyncFailed, origin + " is not base64 text, so decoding: Base64 cannot apply");
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
