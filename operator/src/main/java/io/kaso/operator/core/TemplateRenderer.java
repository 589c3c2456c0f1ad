package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the target's template keys from the fetched keys: {@code ${KEY}} is replaced by KEY's value (its bytes, as
 * fetched), {@code $${} is a literal {@code ${}. Output is counted as it is built: rendering stops, with InvalidSpec,
 * as soon as the Secret would pass Kubernetes' 1 MiB limit, so a template repeating a large value is never built.
 * This is how a template without Jinja syntax is rendered (see {@link TargetTemplates}): byte for byte.
 */
public final class TemplateRenderer {

  private TemplateRenderer() {}

  /**
   * The fetched data plus the template's keys.
   *
   * @throws SyncFailure InvalidSpec for an unknown or unterminated reference, an invalid key, or data over 1 MiB;
   *     KeyCollision when a template key is also a fetched key
   */
  public static SecretData render(Map<String, String> template, SecretData fetched) {
    if (template.isEmpty()) {
      return fetched;
    }
    Map<String, byte[]> out = new LinkedHashMap<>(fetched.entries());
    Budget budget = new Budget(SecretData.MAX_BYTES - fetched.byteSize());
    template.forEach((key, text) -> {
      if (!KeyDeriver.isValidKey(key)) {
        throw SyncFailure.invalidSpec("template key '" + key + "' is not a valid Secret key");
      }
      if (fetched.containsKey(key)) {
        throw new SyncFailure(Reason.KeyCollision,
            "key " + key + " comes from both target.template and a fetched source (rename the template key)");
      }
      out.put(key, expand("template key " + key, text == null ? "" : text, fetched, budget));
    });
    return SecretData.of(out);
  }

  /**
   * KEY's bytes for each {@code ${KEY}} of a text, counted against the budget.
   *
   * @param where names the template in messages, e.g. "template key T"
   */
  static byte[] expand(String where, String text, SecretData fetched, Budget budget) {
    Output out = new Output(where, budget);
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        literal.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          throw SyncFailure.invalidSpec(where + ": '${' without a closing '}'");
        }
        String ref = text.substring(i + 2, end).trim();
        byte[] value = fetched.entries().get(ref);
        if (value == null) {
          throw SyncFailure.invalidSpec(where + " refers to ${" + ref
              + "}, which no source produces (known keys: " + String.join(", ", fetched.entries().keySet()) + ")");
        }
        out.append(literal.toString().getBytes(StandardCharsets.UTF_8));
        literal.setLength(0);
        out.append(value);
        i = end + 1;
      } else {
        literal.append(text.charAt(i++));
      }
    }
    out.append(literal.toString().getBytes(StandardCharsets.UTF_8));
    return out.bytes();
  }

  /** What is left of the 1 MiB for all template keys together. */
  static final class Budget {
    private long left;

    Budget(long left) {
      this.left = left;
    }

    long left() {
      return left;
    }

    /** Takes n bytes, or fails naming where when they are not left. */
    void take(long n, String where) {
      if (n > left) {
        throw SecretData.tooLarge(where + " passes it");
      }
      left -= n;
    }
  }

  /** A growing byte buffer that refuses to pass the budget, so it never holds more than the limit. */
  private static final class Output {
    private final String where;
    private final Budget budget;
    private byte[] buf = new byte[64];
    private int size;

    Output(String where, Budget budget) {
      this.where = where;
      this.budget = budget;
    }

    void append(byte[] bytes) {
      if (bytes.length > budget.left) {
        throw SecretData.tooLarge(where + " passes it after " + size + " bytes");
      }
      budget.left -= bytes.length;
      if (size + bytes.length > buf.length) {
        // Double, but never past what the budget still allows: the buffer stays within the limit too.
        long allowed = size + bytes.length + budget.left;
        buf = Arrays.copyOf(buf, (int) Math.max(size + bytes.length, Math.min(2L * buf.length, allowed)));
      }
      System.arraycopy(bytes, 0, buf, size, bytes.length);
      size += bytes.length;
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, size);
    }
  }
}
