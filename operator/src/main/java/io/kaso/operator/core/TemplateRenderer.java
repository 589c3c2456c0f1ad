package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.Reason;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the target's template keys from the fetched keys: {@code ${KEY}} is replaced by KEY's value,
 * {@code $${} is a literal {@code ${}.
 */
public final class TemplateRenderer {

  private TemplateRenderer() {}

  /**
   * The fetched data plus the template's keys.
   *
   * @throws SyncFailure InvalidSpec for an unknown or unterminated reference or an invalid key; KeyCollision when a
   *     template key is also a fetched key
   */
  public static SecretData render(Map<String, String> template, SecretData fetched) {
    if (template.isEmpty()) {
      return fetched;
    }
    Map<String, byte[]> out = new LinkedHashMap<>(fetched.entries());
    template.forEach((key, text) -> {
      if (!KeyDeriver.isValidKey(key)) {
        throw SyncFailure.invalidSpec("template key '" + key + "' is not a valid Secret key");
      }
      if (fetched.containsKey(key)) {
        throw new SyncFailure(Reason.KeyCollision,
            "key " + key + " comes from both target.template and a fetched source (rename the template key)");
      }
      out.put(key, expand(key, text == null ? "" : text, fetched).getBytes(StandardCharsets.UTF_8));
    });
    return SecretData.of(out);
  }

  private static String expand(String templateKey, String text, SecretData fetched) {
    StringBuilder sb = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        sb.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          throw SyncFailure.invalidSpec("template key " + templateKey + ": '${' without a closing '}'");
        }
        String ref = text.substring(i + 2, end).trim();
        byte[] value = fetched.entries().get(ref);
        if (value == null) {
          throw SyncFailure.invalidSpec("template key " + templateKey + " refers to ${" + ref
              + "}, which no source produces (known keys: " + String.join(", ", fetched.entries().keySet()) + ")");
        }
        sb.append(new String(value, StandardCharsets.UTF_8));
        i = end + 1;
      } else {
        sb.append(text.charAt(i++));
      }
    }
    return sb.toString();
  }
}
