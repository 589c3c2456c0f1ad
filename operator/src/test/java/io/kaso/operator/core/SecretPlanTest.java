package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.api.v1alpha1.ExternalSecretSpec;
import io.kaso.operator.api.v1alpha1.KmsValue;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.SecretDataFrom;
import io.kaso.operator.api.v1alpha1.SecretFind;
import io.kaso.operator.api.v1alpha1.SecretRef;
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
}
