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
}
