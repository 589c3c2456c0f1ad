package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.core.NamespacePolicy.Access;
import io.kaso.operator.core.NamespacePolicy.Mode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespacePolicyTest {
  private static final String ROLE = "arn:aws:iam::111122223333:role/shop-config-reader";
  private static final String DB_ARN = "arn:aws:secretsmanager:eu-west-2:111122223333:secret:prod/shop/db-AbCdEf";
  private final NamespacePolicy annotated = new NamespacePolicy(Mode.Annotated);

  private static List<PolicySource> names(String... names) {
    return Arrays.stream(names).map(PolicySource::name).toList();
  }

  private static Map<String, String> sources(String globs) {
    return Map.of("kaso.io/allowed-sources", globs);
  }

  @Test
  void aServiceAccountIsAlwaysAllowed() {
    assertThat(annotated.check("shop", Map.of(), Access.SERVICE_ACCOUNT, null, names("/anything"))).isEmpty();
  }

  @Test
  void theNamespacesOwnAccessKeysAreAllowedWithoutAnnotationsEvenToAssumeAnUnlistedRole() {
    assertThat(annotated.check("shop", Map.of(), Access.SECRET_KEYS, null, names("/anything"))).isEmpty();
    assertThat(annotated.check("shop", Map.of("kaso.io/allowed-roles", "arn:aws:iam::*:role/other"),
        Access.SECRET_KEYS, ROLE, names("/anything"))).isEmpty();
  }

  @Test
  void theOperatorCanRefuseAccessKeysFromSecretsInEitherMode() {
    for (Mode mode : Mode.values()) {
      assertThat(new NamespacePolicy(mode, false).check("shop", Map.of(), Access.SECRET_KEYS, null, names("/x")))
          .hasValueSatisfying(m -> assertThat(m).contains("KASO_ALLOW_CREDENTIALS_SECRETS=false")
              .contains("serviceAccountName"));
    }
    assertThat(new NamespacePolicy(Mode.Annotated, false).check("shop", Map.of(), Access.SERVICE_ACCOUNT, null,
        names("/x"))).as("other identities are not affected").isEmpty();
  }

  @Test
  void openTurnsTheCheckOff() {
    assertThat(new NamespacePolicy(Mode.Open).check("shop", Map.of(), Access.OPERATOR, null, names("/x")))
        .isEmpty();
  }

  @Test
  void theOperatorIdentityNeedsAllowedSourcesNamingTheAnnotation() {
    assertThat(annotated.check("shop", Map.of(), Access.OPERATOR, null, List.of(PolicySource.path("/shop/prod/"))))
        .hasValueSatisfying(m -> assertThat(m).contains("kaso.io/allowed-sources").contains("shop"));
    Map<String, String> ns = sources("/shop/*, prod/shop/*");
    assertThat(annotated.check("shop", ns, Access.OPERATOR, null,
        List.of(PolicySource.path("/shop/prod/"), PolicySource.name("prod/shop/db")))).isEmpty();
    assertThat(annotated.check("shop", ns, Access.OPERATOR, null, List.of(PolicySource.path("/billing/prod/"))))
        .hasValueSatisfying(m -> assertThat(m).contains("/billing/prod/"));
  }

  @Test
  void aRoleNeedsAllowedRoles() {
    assertThat(annotated.check("shop", Map.of(), Access.ROLE, ROLE, names("/shop/")))
        .hasValueSatisfying(m -> assertThat(m).contains("kaso.io/allowed-roles").contains(ROLE));
    Map<String, String> ns = Map.of("kaso.io/allowed-roles", "arn:aws:iam::111122223333:role/shop-*");
    assertThat(annotated.check("shop", ns, Access.ROLE, ROLE, names("/anything"))).isEmpty();
  }

  @Test
  void allowedSourcesAlsoNarrowARole() {
    Map<String, String> ns = Map.of("kaso.io/allowed-roles", "*", "kaso.io/allowed-sources", "/shop/*");
    assertThat(annotated.check("shop", ns, Access.ROLE, ROLE, names("/billing/x"))).isPresent();
  }

  @Test
  void anExactGrantDoesNotOpenItsSiblingsToAFind() {
    Map<String, String> ns = sources("prod/shop/db");
    assertThat(annotated.check("shop", ns, Access.OPERATOR, null, names("prod/shop/db"))).isEmpty();
    assertThat(annotated.check("shop", ns, Access.OPERATOR, null, List.of(PolicySource.namesUnder("prod/shop/db"))))
        .as("the find would read prod/shop/db-admin").hasValueSatisfying(m -> assertThat(m)
            .contains("every name under 'prod/shop/db'").contains("prod/shop/db*"));
    assertThat(annotated.check("shop", ns, Access.OPERATOR, null, names("prod/shop/db-admin"))).isPresent();
  }

  @Test
  void aFindIsAllowedOnlyWhenOneGlobCoversEverythingUnderItsPrefix() {
    Map<String, String> ns = sources("prod/shop/*");
    assertThat(annotated.check("shop", ns, Access.OPERATOR, null, List.of(PolicySource.namesUnder("prod/shop/"))))
        .isEmpty();
    assertThat(annotated.check("shop", ns, Access.OPERATOR, null,
        List.of(PolicySource.namesUnder("prod/shop/cache")))).isEmpty();
    assertThat(annotated.check("shop", ns, Access.OPERATOR, null, List.of(PolicySource.namesUnder("prod/sh"))))
        .as("reads prod/shopping/...").isPresent();
    assertThat(annotated.check("shop", ns, Access.OPERATOR, null, List.of(PolicySource.namesUnder(""))))
        .as("a find by tags only reads every name").isPresent();
    assertThat(annotated.check("shop", sources("prod/*/db"), Access.OPERATOR, null,
        List.of(PolicySource.namesUnder("prod/")))).as("no final star: does not cover prod/x/y").isPresent();
  }

  @Test
  void aPathNeedsAGrantOfEverythingBelowIt() {
    assertThat(annotated.check("shop", sources("/shop"), Access.OPERATOR, null, List.of(PolicySource.path("/shop"))))
        .isPresent();
    assertThat(annotated.check("shop", sources("/shop/*"), Access.OPERATOR, null, List.of(PolicySource.path("/shop"))))
        .isEmpty();
    assertThat(annotated.check("shop", sources("/shop/db/*"), Access.OPERATOR, null,
        List.of(PolicySource.path("/shop/")))).isPresent();
  }

  @Test
  void aSecretArnIsMatchedAsAnArnNeverByItsName() {
    assertThat(annotated.check("shop", sources("prod/shop/*"), Access.OPERATOR, null, names(DB_ARN)))
        .as("a name grant says nothing of the account and region")
        .hasValueSatisfying(m -> assertThat(m).contains(DB_ARN).contains("glob of ARNs"));
    assertThat(annotated.check("shop", sources("arn:aws:secretsmanager:eu-west-2:111122223333:secret:prod/shop/*"),
        Access.OPERATOR, null, names(DB_ARN))).isEmpty();
    assertThat(annotated.check("shop", sources("arn:aws:secretsmanager:eu-west-2:999999999999:secret:prod/shop/*"),
        Access.OPERATOR, null, names(DB_ARN))).as("another account").isPresent();
  }
}
