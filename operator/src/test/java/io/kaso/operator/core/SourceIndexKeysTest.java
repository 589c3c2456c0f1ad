package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.api.v1alpha1.ExternalParameterSpec;
import io.kaso.operator.api.v1alpha1.ExternalSecretSpec;
import io.kaso.operator.api.v1alpha1.ParameterPath;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.SecretDataFrom;
import io.kaso.operator.api.v1alpha1.SecretFind;
import io.kaso.operator.api.v1alpha1.SecretRef;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceIndexKeysTest {

  private static Set<String> keys(ExternalParameterSpec spec) {
    return ParameterPlan.of(spec).indexKeys();
  }

  private static Set<String> keys(ExternalSecretSpec spec) {
    return SecretPlan.of(spec).indexKeys();
  }

  private static boolean matches(Set<String> resourceKeys, SourceChange change) {
    return SourceIndexKeys.candidates(change).stream().anyMatch(resourceKeys::contains);
  }

  private static ExternalParameterSpec paths(ParameterPath... p) {
    ExternalParameterSpec s = new ExternalParameterSpec();
    s.setPaths(List.of(p));
    return s;
  }

  @Test
  void aRecursivePathCoversEveryParameterBelowIt() {
    Set<String> keys = keys(paths(new ParameterPath("/shop/prod/")));
    assertThat(matches(keys, SourceChange.parameter("/shop/prod/db/password"))).isTrue();
    assertThat(matches(keys, SourceChange.parameter("/shop/prod/x"))).isTrue();
    assertThat(matches(keys, SourceChange.parameter("/shop/production/x"))).isFalse();
    assertThat(matches(keys, SourceChange.parameter("/shop/x"))).isFalse();
  }

  @Test
  void aOneLevelPathCoversOnlyItsChildren() {
    ParameterPath p = new ParameterPath("/shop/prod");
    p.setRecursive(false);
    Set<String> keys = keys(paths(p));
    assertThat(matches(keys, SourceChange.parameter("/shop/prod/x"))).isTrue();
    assertThat(matches(keys, SourceChange.parameter("/shop/prod/db/password"))).isFalse();
  }

  @Test
  void anExplicitParameterMatchesItsNameOnly() {
    ExternalParameterSpec s = new ExternalParameterSpec();
    s.setParameters(List.of(new ParameterRef("/shop/flags", "F")));
    assertThat(matches(keys(s), SourceChange.parameter("/shop/flags"))).isTrue();
    assertThat(matches(keys(s), SourceChange.parameter("/shop/flags2"))).isFalse();
  }

  @Test
  void aSecretMatchesByNameWhetherSpecOrEventUseAnArn() {
    ExternalSecretSpec s = new ExternalSecretSpec();
    s.setData(List.of(new SecretRef("P", "arn:aws:secretsmanager:eu-west-2:111122223333:secret:prod/db-AbCdEf")));
    assertThat(matches(keys(s), SourceChange.secret("prod/db"))).isTrue();
    assertThat(matches(keys(s),
        SourceChange.secret("arn:aws:secretsmanager:eu-west-2:111122223333:secret:prod/db-AbCdEf"))).isTrue();
    assertThat(matches(keys(s), SourceChange.secret("prod/other"))).isFalse();
  }

  @Test
  void aParameterReferenceToSecretsManagerMatchesTheSecret() {
    ExternalParameterSpec s = new ExternalParameterSpec();
    s.setParameters(List.of(new ParameterRef("/aws/reference/secretsmanager/prod/db", "P")));
    assertThat(matches(keys(s), SourceChange.secret("prod/db"))).isTrue();
  }

  @Test
  void findsMatchSecretsUnderTheirPrefix() {
    ExternalSecretSpec s = new ExternalSecretSpec();
    SecretDataFrom from = new SecretDataFrom();
    SecretFind find = new SecretFind();
    find.setNamePrefix("prod/shop/");
    from.setFind(find);
    s.setDataFrom(List.of(from));
    assertThat(matches(keys(s), SourceChange.secret("prod/shop/db"))).isTrue();
    assertThat(SecretPlan.of(s).mayRead(SourceChange.secret("prod/shop/db"))).isTrue();
    assertThat(SecretPlan.of(s).mayRead(SourceChange.secret("prod/billing/db"))).isFalse();
  }
}
