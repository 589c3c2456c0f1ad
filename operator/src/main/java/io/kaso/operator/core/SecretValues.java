package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.source.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** How a Secrets Manager value becomes Secret bytes: as text or binary, by JSON property, split into fields. */
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

  /** The top-level fields of a secret holding a JSON object, for dataFrom. */
  static Map<String, String> fields(SecretValue v, String origin) {
    if (v.isBinary()) {
      throw SyncFailure.invalidSpec("dataFrom " + origin + " holds SecretBinary, so it cannot be split into keys "
          + "(use data with a key instead)");
    }
    return JsonFields.of(text(v, origin), "dataFrom " + origin, "use data with a key instead");
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
