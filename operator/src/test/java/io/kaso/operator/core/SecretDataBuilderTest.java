package io.kaso.operator.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.api.v1alpha1.Reason;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretDataBuilderTest {

  @Test
  void collectsEveryKey() {
    SecretData data = SecretDataBuilder.build(List.of(
        KeyedValue.derived("DB_USER", "shop".getBytes(UTF_8), "path /shop/"),
        KeyedValue.explicit("FLAGS", "{}".getBytes(UTF_8), "parameter /flags", false)));
    assertThat(data.entries()).containsOnlyKeys("DB_USER", "FLAGS");
  }

  @Test
  void twoDerivedKeysCollideNamingBothSources() {
    assertThatThrownBy(() -> SecretDataBuilder.build(List.of(
        KeyedValue.derived("DB_PASSWORD", new byte[] {1}, "path /a/ (parameter /a/db/password)"),
        KeyedValue.derived("DB_PASSWORD", new byte[] {2}, "path /b/ (parameter /b/db-password)"))))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.KeyCollision))
        .hasMessageContaining("DB_PASSWORD").hasMessageContaining("/a/db/password")
        .hasMessageContaining("/b/db-password");
  }

  @Test
  void anExplicitKeyWithoutOverrideCollidesWithADerivedOne() {
    assertThatThrownBy(() -> SecretDataBuilder.build(List.of(
        KeyedValue.derived("TOKEN", new byte[] {1}, "path /a/"),
        KeyedValue.explicit("TOKEN", new byte[] {2}, "parameter /other/token", false))))
        .hasMessageContaining("override: true");
  }

  @Test
  void anExplicitKeyWithOverrideWinsOverADerivedOneInEitherOrder() {
    byte[] explicit = {2};
    SecretData first = SecretDataBuilder.build(List.of(
        KeyedValue.derived("TOKEN", new byte[] {1}, "path /a/"),
        KeyedValue.explicit("TOKEN", explicit, "parameter /other/token", true)));
    SecretData second = SecretDataBuilder.build(List.of(
        KeyedValue.explicit("TOKEN", explicit, "parameter /other/token", true),
        KeyedValue.derived("TOKEN", new byte[] {1}, "path /a/")));
    assertThat(first.entries().get("TOKEN")).isEqualTo(explicit);
    assertThat(second.entries().get("TOKEN")).isEqualTo(explicit);
  }

  @Test
  void twoExplicitKeysCollideEvenWithOverride() {
    assertThatThrownBy(() -> SecretDataBuilder.build(List.of(
        KeyedValue.explicit("TOKEN", new byte[] {1}, "parameter /a", true),
        KeyedValue.explicit("TOKEN", new byte[] {2}, "parameter /b", true))))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.KeyCollision));
  }

  @Test
  void anInvalidDerivedKeyIsASyncFailureAndAnInvalidExplicitKeyIsInvalidSpec() {
    assertThatThrownBy(() -> SecretDataBuilder.build(List.of(KeyedValue.derived("a+b", new byte[0], "find x/"))))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.SyncFailed));
    assertThatThrownBy(() -> SecretDataBuilder.build(List.of(KeyedValue.explicit("a b", new byte[0], "p", false))))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec));
  }

  @Test
  void neverPrintsValues() {
    SecretData data = SecretData.of(Map.of("K", "hunter2".getBytes(UTF_8)));
    assertThat(data.toString()).doesNotContain("hunter2").contains("K");
  }

  @Test
  void dataOverKubernetesSecretLimitIsInvalidSpecNamingTheLargestKeysNeverValues() {
    byte[] half = new byte[SecretData.MAX_BYTES / 2];
    Arrays.fill(half, (byte) 'v');
    assertThatThrownBy(() -> SecretDataBuilder.build(List.of(
        KeyedValue.derived("A", half, "path /a/"), KeyedValue.derived("B", half, "path /a/"),
        KeyedValue.derived("C", new byte[] {'v'}, "path /a/"))))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("1 MiB").hasMessageContaining("1048577 bytes").hasMessageContaining("A (524288 bytes)")
        .hasMessageNotContaining("vvvv");
  }

  @Test
  void dataOfExactlyOneMebibyteIsWritten() {
    assertThat(SecretDataBuilder.build(List.of(KeyedValue.derived("A", new byte[SecretData.MAX_BYTES], "path /a/")))
        .byteSize()).isEqualTo(SecretData.MAX_BYTES);
  }
}
