package io.kaso.operator.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataHasherTest {
  private final byte[] key = new byte[32];
  private final DataHasher hasher = new DataHasher(key);

  @Test
  void sameDataSameHashWhateverTheOrder() {
    assertThat(hasher.hash(Map.of("A", b("1"), "B", b("2")))).isEqualTo(hasher.hash(Map.of("B", b("2"), "A", b("1"))));
  }

  @Test
  void keyBoundariesMatter() {
    assertThat(hasher.hash(Map.of("AB", b("C")))).isNotEqualTo(hasher.hash(Map.of("A", b("BC"))));
  }

  @Test
  void anotherInstallationKeyGivesAnotherHashSoLowEntropyValuesCannotBeGuessed() {
    byte[] other = new byte[32];
    Arrays.fill(other, (byte) 7);
    Map<String, byte[]> pin = Map.of("PIN", b("1234"));
    assertThat(new DataHasher(other).hash(pin)).isNotEqualTo(hasher.hash(pin)).startsWith("hmac-sha256:");
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }
}
