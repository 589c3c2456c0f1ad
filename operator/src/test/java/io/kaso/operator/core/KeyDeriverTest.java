package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.api.v1alpha1.KeyStyle;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NotBlank;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class KeyDeriverTest {

  @Test
  void derivesTheKeysOfTheDesignExample() {
    String rel = KeyDeriver.relativeName("/shop/prod/", "/shop/prod/db/password");
    assertThat(rel).isEqualTo("db/password");
    assertThat(KeyDeriver.derive(KeyStyle.EnvVar, rel)).isEqualTo("DB_PASSWORD");
    assertThat(KeyDeriver.derive(KeyStyle.Relative, rel)).isEqualTo("db.password");
    assertThat(KeyDeriver.derive(KeyStyle.Basename, rel)).isEqualTo("password");
  }

  @Test
  void treatsAPathWithoutTrailingSlashAsAFolder() {
    assertThat(KeyDeriver.relativeName("/shop/prod", "/shop/prod/db/password")).isEqualTo("db/password");
  }

  @Test
  void envVarStyleReplacesOtherCharactersAndPrefixesALeadingDigit() {
    assertThat(KeyDeriver.envVar("feature-flags.v2")).isEqualTo("FEATURE_FLAGS_V2");
    assertThat(KeyDeriver.envVar("3rd/party_key")).isEqualTo("_3RD_PARTY_KEY");
  }

  @Property
  void envVarKeysAreAlwaysValidSecretKeysAndFitEnvFrom(
      @ForAll @NotBlank @StringLength(max = 200) @Chars({'a', 'Z', '0', '9', '/', '.', '-', '_', 'x', 'é'}) String name) {
    String key = KeyDeriver.envVar(name);
    if (!key.isEmpty()) {
      assertThat(KeyDeriver.isValidKey(key)).isTrue();
      assertThat(key).matches("[A-Z_][A-Z0-9_]*");
    }
  }

  @Property
  void relativeKeysOfParameterNamesAreValidSecretKeys(
      @ForAll @NotBlank @StringLength(max = 200) @Chars({'a', 'Z', '0', '/', '.', '-', '_'}) String name) {
    String key = KeyDeriver.derive(KeyStyle.Relative, name);
    if (!key.isEmpty()) {
      assertThat(key).doesNotContain("/");
      assertThat(key).matches("[-._a-zA-Z0-9]+");
    }
  }
}
