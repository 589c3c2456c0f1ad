package io.kaso.operator.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.api.v1alpha1.Reason;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {
  private final SecretData fetched = SecretData.of(Map.of("DB_USER", "shop".getBytes(UTF_8),
      "DB_PASSWORD", "p@ss".getBytes(UTF_8)));

  @Test
  void buildsKeysFromFetchedKeys() {
    SecretData out = TemplateRenderer.render(Map.of("DATABASE_URL",
        "postgres://${DB_USER}:${DB_PASSWORD}@db.shop:5432/shop"), fetched);
    assertThat(new String(out.entries().get("DATABASE_URL"), UTF_8))
        .isEqualTo("postgres://shop:p@ss@db.shop:5432/shop");
    assertThat(out.entries()).containsKeys("DB_USER", "DB_PASSWORD");
  }

  @Test
  void dollarDollarBraceIsALiteral() {
    SecretData out = TemplateRenderer.render(Map.of("T", "$${DB_USER} is ${DB_USER}"), fetched);
    assertThat(new String(out.entries().get("T"), UTF_8)).isEqualTo("${DB_USER} is shop");
  }

  @Test
  void anUnknownReferenceIsInvalidSpecNamingIt() {
    assertThatThrownBy(() -> TemplateRenderer.render(Map.of("T", "${NOPE}"), fetched))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("${NOPE}").hasMessageContaining("DB_USER");
  }

  @Test
  void aTemplateKeyThatIsAlsoFetchedCollides() {
    assertThatThrownBy(() -> TemplateRenderer.render(Map.of("DB_USER", "x"), fetched))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.KeyCollision));
  }

  @Test
  void aTemplatePassingOneMebibyteIsInvalidSpecAndIsNeverBuilt() {
    SecretData big = SecretData.of(Map.of("BIG", new byte[100_000]));
    // Built in full this would be 2 GB; rendering stops at the limit.
    assertThatThrownBy(() -> TemplateRenderer.render(Map.of("T", "${BIG}".repeat(20_000)), big))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("1 MiB").hasMessageContaining("template key T");
  }

  @Test
  void theLimitCountsFetchedDataAndEveryTemplateKeyTogether() {
    SecretData big = SecretData.of(Map.of("BIG", new byte[400_000]));
    assertThat(TemplateRenderer.render(Map.of("T", "${BIG}"), big).byteSize()).isEqualTo(800_000);
    assertThatThrownBy(() -> TemplateRenderer.render(Map.of("T", "${BIG}", "U", "${BIG}"), big))
        .hasMessageContaining("1 MiB");
  }

  @Test
  void valuesAreCopiedAsTheirBytes() {
    SecretData binary = SecretData.of(Map.of("BIN", new byte[] {(byte) 0xff, 0, (byte) 0xfe}));
    assertThat(TemplateRenderer.render(Map.of("T", "<${BIN}>"), binary).entries().get("T"))
        .containsExactly('<', (byte) 0xff, 0, (byte) 0xfe, '>');
  }
}
