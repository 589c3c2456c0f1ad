package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.Decoding;
import io.kaso.operator.api.v1alpha1.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Turns a value into Secret bytes by its {@code decoding}: None, Base64, Base64URL or Auto. */
public final class ValueDecoding {

  private ValueDecoding() {}

  /**
   * @param origin names the value in messages (never the value itself)
   * @throws SyncFailure SyncFailed when Base64 or Base64URL meets a value that is not such text (the data in AWS
   *     may be fixed, so it is retried)
   */
  public static byte[] decode(Decoding decoding, byte[] value, String origin) {
    return switch (decoding == null ? Decoding.None : decoding) {
      case None -> value;
      case Base64 -> base64(value, origin);
      case Base64URL -> base64Url(value, origin);
      case Auto -> strictBase64(text(value)).orElse(value);
    };
  }

  /** Base64 text (standard alphabet; line breaks and surrounding space allowed) as the bytes it encodes. */
  static byte[] base64(byte[] value, String origin) {
    try {
      return Base64.getMimeDecoder().decode(text(value).strip());
    } catch (IllegalArgumentException e) {
      throw new SyncFailure(Reason.SyncFailed, origin + " is not base64 text, so decoding: Base64 cannot apply");
    }
  }

  /** Base64url text (URL-safe alphabet, padding optional; surrounding space and line breaks allowed). */
  static byte[] base64Url(byte[] value, String origin) {
    try {
      return Base64.getUrlDecoder().decode(withoutLineBreaks(text(value).strip()));
    } catch (IllegalArgumentException e) {
      throw new SyncFailure(Reason.SyncFailed,
          origin + " is not base64url text, so decoding: Base64URL cannot apply");
    }
  }

  /**
   * The bytes a text encodes when it is clean base64: one alphabet (standard or URL-safe, not mixed), padding absent
   * or exact, a length a base64 encoder can produce, and no stray bits (re-encoding gives the same text). Surrounding
   * space and line breaks (as {@code base64} wraps) are allowed. Empty text is not base64.
   */
  static Optional<byte[]> strictBase64(String text) {
    String s = withoutLineBreaks(text.strip());
    int padding = 0;
    while (padding < s.length() && s.charAt(s.length() - 1 - padding) == '=') {
      padding++;
    }
    String body = s.substring(0, s.length() - padding);
    if (body.isEmpty() || padding > 2 || (padding > 0 && s.length() % 4 != 0) || body.length() % 4 == 1) {
      return Optional.empty();
    }
    boolean standard = false;
    boolean url = false;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      boolean alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      standard |= c == '+' || c == '/';
      url |= c == '-' || c == '_';
      if (!alnum && c != '+' && c != '/' && c != '-' && c != '_') {
        return Optional.empty();
      }
    }
    if (standard && url) {
      return Optional.empty();
    }
    byte[] decoded = (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(body);
    String again = (url ? Base64.getUrlEncoder() : Base64.getEncoder()).withoutPadding().encodeToString(decoded);
    return again.equals(body) ? Optional.of(decoded) : Optional.empty();
  }

  private static String withoutLineBreaks(String s) {
    return s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : s.replace("\r", "").replace("\n", "");
  }

  private static String text(byte[] value) {
    return new String(value, StandardCharsets.UTF_8);
  }
}
