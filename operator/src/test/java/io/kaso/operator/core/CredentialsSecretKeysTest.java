package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.api.v1alpha1.CredentialsSecretRef;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.source.AccessKeys;
import io.kaso.operator.source.Identity;
import io.kaso.operator.source.Scope;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialsSecretKeysTest {
  private static final Identity.SecretVersion VERSION = new Identity.SecretVersion("shop", "aws-keys", "u1", "42");
  private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> data(String... pairs) {
    Map<String, String> data = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      data.put(pairs[i], b64(pairs[i + 1]));
    }
    return data;
  }

  @Test
  void readsTheDefaultKeysAndTheSessionTokenWhenPresent() {
    CredentialsSecretRef ref = new CredentialsSecretRef("aws-keys");

    Identity.SecretKeys plain = CredentialsSecretKeys.read(ref, VERSION,
        data("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET));
    Identity.SecretKeys session = CredentialsSecretKeys.read(ref, VERSION,
        data("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET, "AWS_SESSION_TOKEN", "tok"));

    assertThat(plain.keys()).isEqualTo(new AccessKeys(KEY_ID, SECRET, null));
    assertThat(plain.secret()).isEqualTo(VERSION);
    assertThat(session.keys().sessionToken()).isEqualTo("tok");
  }

  @Test
  void readsTheKeysTheSpecNamesAndDropsATrailingNewline() {
    CredentialsSecretRef ref = new CredentialsSecretRef("aws-keys");
    ref.setAccessKeyIdKey("id");
    ref.setSecretAccessKeyKey("secret");
    ref.setSessionTokenKey("token");

    Identity.SecretKeys keys = CredentialsSecretKeys.read(ref, VERSION,
        data("id", KEY_ID + "\n", "secret", SECRET, "token", "tok"));

    assertThat(keys.keys()).isEqualTo(new AccessKeys(KEY_ID, SECRET, "tok"));
  }

  @Test
  void aMissingKeyIsRetriedAndNamesTheSecretAndTheKeyButNoValue() {
    CredentialsSecretRef ref = new CredentialsSecretRef("aws-keys");

    assertThatThrownBy(() -> CredentialsSecretKeys.read(ref, VERSION, data("AWS_ACCESS_KEY_ID", KEY_ID)))
        .isInstanceOfSatisfying(SyncFailure.class, f -> {
          assertThat(f.reason()).isEqualTo(Reason.SyncFailed);
          assertThat(f.reason().retried()).isTrue();
          assertThat(f.getMessage()).contains("shop/aws-keys").contains("AWS_SECRET_ACCESS_KEY")
              .doesNotContain(KEY_ID);
        });
    assertThatThrownBy(() -> CredentialsSecretKeys.read(ref, VERSION, null))
        .hasMessageContaining("AWS_ACCESS_KEY_ID");
  }

  @Test
  void aSessionTokenKeyNamedInTheSpecMustExist() {
    CredentialsSecretRef ref = new CredentialsSecretRef("aws-keys");
    ref.setSessionTokenKey("token");

    assertThatThrownBy(() -> CredentialsSecretKeys.read(ref, VERSION,
        data("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET)))
        .isInstanceOf(SyncFailure.class).hasMessageContaining("token");
  }

  @Test
  void emptyOrNonTextValuesAreRefusedWithoutShowingThem() {
    CredentialsSecretRef ref = new CredentialsSecretRef("aws-keys");

    assertThatThrownBy(() -> CredentialsSecretKeys.read(ref, VERSION,
        data("AWS_ACCESS_KEY_ID", " \n", "AWS_SECRET_ACCESS_KEY", SECRET)))
        .isInstanceOf(SyncFailure.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> CredentialsSecretKeys.read(ref, VERSION,
        data("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", "wJal rX\u00e9")))
        .isInstanceOf(SyncFailure.class).hasMessageContaining("AWS_SECRET_ACCESS_KEY")
        .hasMessageNotContaining("wJal");
  }

  @Test
  void identitiesScopesAndRolesNeverPrintTheKeys() {
    Identity.SecretKeys keys = CredentialsSecretKeys.read(new CredentialsSecretRef("aws-keys"), VERSION,
        data("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET, "AWS_SESSION_TOKEN", "tok-value"));
    Identity role = new Identity.AssumedRole("arn:aws:iam::111122223333:role/r", null, "kaso-shop.db", Map.of(),
        keys);

    for (Object printed : new Object[] {keys, role, new Scope(keys, "eu-west-2"), new Scope(role, "eu-west-2"),
        keys.describe(), role.describe(), keys.account()}) {
      assertThat(printed.toString()).doesNotContain(KEY_ID).doesNotContain(SECRET).doesNotContain("tok-value");
    }
    assertThat(role.describe()).contains("role arn:aws:iam::111122223333:role/r").contains("shop/aws-keys");
  }

  @Test
  void aNewVersionOfTheSameSecretSupersedesTheOldOneOnly() {
    AccessKeys k = new AccessKeys(KEY_ID, SECRET, null);
    Identity v1 = new Identity.SecretKeys(VERSION, k);
    Identity v2 = new Identity.SecretKeys(new Identity.SecretVersion("shop", "aws-keys", "u1", "43"), k);
    Identity other = new Identity.SecretKeys(new Identity.SecretVersion("shop", "other", "u2", "1"), k);
    Identity roleV1 = new Identity.AssumedRole("arn:aws:iam::111122223333:role/r", null, "s", Map.of(),
        (Identity.SecretKeys) v1);

    assertThat(v2.otherVersionOf(v1)).isTrue();
    assertThat(v2.otherVersionOf(roleV1)).isTrue();
    assertThat(v1.otherVersionOf(v1)).isFalse();
    assertThat(v2.otherVersionOf(other)).isFalse();
    assertThat(v2.otherVersionOf(Identity.operator())).isFalse();
    assertThat(Identity.operator().otherVersionOf(v1)).isFalse();
  }
}
