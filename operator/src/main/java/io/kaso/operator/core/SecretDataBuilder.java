package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.Reason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves keys from all sources into one Secret's data (DESIGN 2.3): two sources with the same key are a
 * KeyCollision naming both, unless one is an explicit key with override, which wins over derived keys.
 */
public final class SecretDataBuilder {

  private SecretDataBuilder() {}

  /**
   * @throws SyncFailure KeyCollision naming both sources and the key; SyncFailed for a derived key that is not a
   *     valid Secret key; InvalidSpec for an explicit one, or for values over Kubernetes' 1 MiB Secret limit
   */
  public static SecretData build(List<KeyedValue> values) {
    Map<String, KeyedValue> byKey = new LinkedHashMap<>();
    for (KeyedValue v : values) {
      checkKey(v);
      KeyedValue existing = byKey.get(v.key());
      if (existing == null) {
        byKey.put(v.key(), v);
      } else {
        byKey.put(v.key(), winner(existing, v));
      }
    }
    Map<String, byte[]> data = new LinkedHashMap<>();
    byKey.forEach((k, v) -> data.put(k, v.value()));
    SecretData.checkSize(data, "the values read");
    return SecretData.of(data);
  }

  private static KeyedValue winner(KeyedValue a, KeyedValue b) {
    if (a.explicit() && a.override() && !b.explicit()) {
      return a;
    }
    if (b.explicit() && b.override() && !a.explicit()) {
      return b;
    }
    String hint = a.explicit() != b.explicit()
        ? " (set override: true on the explicit entry to let it win, or use a keyPrefix)"
        : " (give one of them another key or a keyPrefix)";
    throw new SyncFailure(Reason.KeyCollision,
        "key " + a.key() + " comes from both " + a.origin() + " and " + b.origin() + hint);
  }

  private static void checkKey(KeyedValue v) {
    if (KeyDeriver.isValidKey(v.key())) {
      return;
    }
    String message = "key '" + v.key() + "' from " + v.origin()
        + " is not a valid Secret key (allowed: letters, digits, '-', '_', '.'; at most 253)";
    if (v.explicit()) {
      throw SyncFailure.invalidSpec(message);
    }
    throw new SyncFailure(Reason.SyncFailed, message + "; use keyStyle EnvVar or an explicit key");
  }
}
