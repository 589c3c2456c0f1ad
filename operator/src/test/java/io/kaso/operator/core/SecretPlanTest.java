package io.kaso.operator.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.api.v1alpha1.Decoding;
import io.kaso.operator.api.v1alpha1.ExternalSecretSpec;
import io.kaso.operator.api.v1alpha1.KeyRewrite;
import io.kaso.operator.api.v1alpha1.KmsValue;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.SecretDataFrom;
import io.kaso.operator.api.v1alpha1.SecretFind;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.source.SecretFilter;
import io.kaso.operator.source.SecretSelector;
import io.kaso.operator.source.SecretValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretPlanTest {

  private static ExternalSecretSpec spec() {
    ExternalSecretSpec s = new ExternalSecretSpec();
    SecretRef byArn = new SecretRef("PW", "arn:aws:secretsmanager:eu-west-2:111122223333:secret:prod/db-AbCdEf");
    SecretDataFrom whole = new SecretDataFrom();
    whole.setSecretId("prod/db");
    SecretDataFrom find = new SecretDataFrom();
    SecretFind f = new SecretFind();
    f.setNamePrefix("prod/shop/");
    find.setFind(f);
    KmsValue kms = new KmsValue();
    kms.setKey("TOKEN");
    kms.setCiphertext("AQID");
    s.setData(List.of(byArn));
    s.setDataFrom(List.of(whole, find));
    s.setKms(List.of(kms));
    return s;
  }

  @Test
  void thePlanNamesWhatThePolicyChecksWhatTheIndexHoldsAndWhatStatusSays() {
    SecretPlan plan = SecretPlan.of(spec());
    assertThat(plan.policySources()).containsExactly(
        PolicySource.name("arn:aws:secretsmanager:eu-west-2:111122223333:secret:prod/db-AbCdEf"),
        PolicySource.name("prod/db"), PolicySource.namesUnder("prod/shop/"), PolicySource.name("kms:(any key)"));
    assertThat(plan.indexKeys()).containsExactlyInAnyOrder(SourceIndexKeys.secret("prod/db"), SourceIndexKeys.ANY_FIND);
    assertThat(plan.mayRead(SourceChange.secret("prod/db"))).isTrue();
    assertThat(plan.mayRead(SourceChange.secret("prod/shop/cache"))).as("under the find's prefix").isTrue();
    assertThat(plan.mayRead(SourceChange.secret("prod/billing"))).isFalse();
    assertThat(plan.mayRead(SourceChange.parameter("/prod/db"))).isFalse();
    assertThat(plan.describe(4)).isEqualTo("4 keys from 1 secret, 1 find, 1 ciphertext");
  }

  @Test
  void aCiphertextThatIsNotBase64IsInvalidBeforeAnyRead() {
    ExternalSecretSpec s = spec();
    s.getKms().get(0).setCiphertext("not base64!");
    assertThatThrownBy(() -> SecretPlan.of(s))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("kms entry TOKEN");
  }

  @Test
  void aMissingSecretIsSourceNotFound() {
    SecretPlan plan = SecretPlan.of(spec());
    assertThatThrownBy(() -> plan.assemble(Map.of(), Map.of(), Map.of()))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.SourceNotFound));
  }

  @Test
  void idsPrefixesAndKeyIdsLongerThanAwsAcceptsAreInvalidSpec() {
    ExternalSecretSpec byId = new ExternalSecretSpec();
    byId.setData(List.of(new SecretRef("PW", "s".repeat(2049))));
    assertThatThrownBy(() -> SecretPlan.of(byId))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("secretId").hasMessageContaining("2048");
    ExternalSecretSpec finding = new ExternalSecretSpec();
    SecretDataFrom from = new SecretDataFrom();
    SecretFind f = new SecretFind();
    f.setNamePrefix("p".repeat(513));
    from.setFind(f);
    finding.setDataFrom(List.of(from));
    assertThatThrownBy(() -> SecretPlan.of(finding)).hasMessageContaining("namePrefix").hasMessageContaining("512");
    ExternalSecretSpec kms = new ExternalSecretSpec();
    KmsValue k = new KmsValue();
    k.setKey("TOKEN");
    k.setCiphertext("AQID");
    k.setKeyId("alias/" + "k".repeat(2043));
    kms.setKms(List.of(k));
    assertThatThrownBy(() -> SecretPlan.of(kms)).hasMessageContaining("keyId").hasMessageContaining("2048");
    SecretRef staged = new SecretRef("PW", "prod/db");
    staged.setVersionStage("S".repeat(257));
    ExternalSecretSpec stage = new ExternalSecretSpec();
    stage.setData(List.of(staged));
    assertThatThrownBy(() -> SecretPlan.of(stage)).hasMessageContaining("versionStage");
  }

  // ---- property, decoding, rewrite ------------------------------------------------------------------------------

  private static SecretValue string(String name, String value) {
    return new SecretValue(name, "arn:" + name, "v1", List.of("AWSCURRENT"), value, null);
  }

  private static Map<String, String> text(Fetched fetched) {
    Map<String, String> out = new LinkedHashMap<>();
    fetched.data().entries().forEach((k, v) -> out.put(k, new String(v, UTF_8)));
    return out;
  }

  @Test
  void dataTakesArrayElementsByDottedPathOrJmesPathThenDecodes() {
    ExternalSecretSpec s = new ExternalSecretSpec();
    SecretRef dotted = new SecretRef("FIRST", "prod/users");
    dotted.setProperty("friends.1.first");
    SecretRef jmes = new SecretRef("PW", "prod/users");
    jmes.setProperty("friends[?first=='Ann'].pw | [0]");
    jmes.setDecoding(Decoding.Auto);
    s.setData(List.of(dotted, jmes));
    Fetched fetched = SecretPlan.of(s).assemble(Map.of(SecretSelector.current("prod/users"), string("prod/users",
        "{\"friends\":[{\"first\":\"Ann\",\"pw\":\"cHc=\"},{\"first\":\"Bob\"}]}")), Map.of(), Map.of());
    assertThat(text(fetched)).containsOnly(Map.entry("FIRST", "Bob"), Map.entry("PW", "pw"));
  }

  @Test
  void anInvalidExpressionOrRewriteIsInvalidSpecBeforeAnyRead() {
    ExternalSecretSpec s = new ExternalSecretSpec();
    SecretRef bad = new SecretRef("PW", "prod/db");
    bad.setProperty("friends[");
    s.setData(List.of(bad));
    assertThatThrownBy(() -> SecretPlan.of(s))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("key PW").hasMessageContaining("friends[");

    ExternalSecretSpec r = new ExternalSecretSpec();
    SecretDataFrom from = new SecretDataFrom();
    from.setSecretId("prod/db");
    from.setRewrite(List.of(new KeyRewrite("^(a)", "$2")));
    r.setDataFrom(List.of(from));
    assertThatThrownBy(() -> SecretPlan.of(r))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("dataFrom[0].rewrite[0].regexp.target");
  }

  @Test
  void dataFromDecodesEveryFieldAndRewritesKeysBeforeThePrefix() {
    ExternalSecretSpec s = new ExternalSecretSpec();
    SecretDataFrom whole = new SecretDataFrom();
    whole.setSecretId("prod/db");
    whole.setDecoding(Decoding.Base64);
    whole.setRewrite(List.of(new KeyRewrite("^pass", "PASS"), new KeyRewrite("^PASSword$", "PW")));
    whole.setKeyPrefix("DB_");
    s.setDataFrom(List.of(whole));
    Fetched fetched = SecretPlan.of(s).assemble(Map.of(SecretSelector.current("prod/db"),
        string("prod/db", "{\"password\":\"cHc=\",\"user\":\"c2hvcA==\"}")), Map.of(), Map.of());
    assertThat(text(fetched)).containsOnly(Map.entry("DB_PW", "pw"), Map.entry("DB_user", "shop"));

    whole.setDecoding(Decoding.Base64URL);
    assertThatThrownBy(() -> SecretPlan.of(s).assemble(Map.of(SecretSelector.current("prod/db"),
        string("prod/db", "{\"password\":\"c2Vj+cmV0\"}")), Map.of(), Map.of()))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.SyncFailed))
        .hasMessageContaining("field password").hasMessageNotContaining("c2Vj");
  }

  @Test
  void aFindRewritesKeysAfterKeyStyleAndARewriteToAnInvalidKeyIsInvalidSpec() {
    ExternalSecretSpec s = new ExternalSecretSpec();
    SecretDataFrom find = new SecretDataFrom();
    SecretFind f = new SecretFind();
    f.setNamePrefix("prod/shop/");
    find.setFind(f);
    find.setRewrite(List.of(new KeyRewrite("^DB_(.*)", "DATABASE_$1")));
    find.setDecoding(Decoding.Auto);
    s.setDataFrom(List.of(find));
    SecretPlan plan = SecretPlan.of(s);
    Map<SecretFilter, List<SecretValue>> found = Map.of(plan.finds().get(0),
        List.of(string("prod/shop/db/password", "cHc="), string("prod/shop/api", "plain")));
    assertThat(text(plan.assemble(Map.of(), found, Map.of())))
        .containsOnly(Map.entry("DATABASE_PASSWORD", "pw"), Map.entry("API", "plain"));

    find.setRewrite(List.of(new KeyRewrite("^API$", "")));
    assertThatThrownBy(() -> SecretPlan.of(s).assemble(Map.of(), found, Map.of()))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("dataFrom[0].rewrite").hasMessageContaining("'API'");
  }
}
