package io.kaso.operator.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of a Secret's data, keyed per installation, so the {@code kaso.io/data-hash} annotation reveals
 * nothing about low-entropy values.
 */
public final class DataHasher {
  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec key;

  public DataHasher(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the data hash key must have at least 32 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  /** Hex HMAC over the keys and values in key order, each length-prefixed so no two data sets share an input. */
  public String hash(SecretData data) {
    return hash(data.entries());
  }

  /** As {@link #hash(SecretData)}, for data as Kubernetes holds it (any map; keys are sorted here). */
  public String hash(Map<String, byte[]> entries) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      entries.keySet().stream().sorted().forEach(k -> {
        byte[] name = k.getBytes(StandardCharsets.UTF_8);
        byte[] value = entries.get(k);
        mac.update(ByteBuffer.allocate(4).putInt(name.length).array());
        mac.update(name);
        mac.update(ByteBuffer.allocate(4).putInt(value.length).array());
        mac.update(value);
      });
      return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
