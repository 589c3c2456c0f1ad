package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.core.NamespacePolicy.Access;
import io.kaso.operator.core.NamespacePolicy.Mode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespacePolicyTest {
  private static final String ROLE = "arn:aws:iam::111122223333:role/shop-config-reader";
  private final NamespacePolicy annotated = new NamespacePolicy(Mode.Annotated);

  @Test
  void aServiceAccountIsAlwaysAllowed() {
    assertThat(annotated.check("shop", Map.of(), Access.SERVICE_ACCOUNT, null, List.of("/anything"))).isEmpty();
  }

  @Test
  void openTurnsTheCheckOff() {
    assertThat(new NamespacePolicy(Mode.Open).check("shop", Map.of(), Access.OPERATOR, null, List.of("/x")))
        .isEmpty();
  }

  @Test
  void theOperatorIdentityNeedsAllowedSourcesNamingTheAnnotation() {
    assertThat(annotated.check("shop", Map.of(), Access.OPERATOR, null, List.of("/shop/prod/")))
        .hasValueSatisfying(m -> assertThat(m).contains("kaso.io/allowed-sources").contains("shop"));
    Map<String, String> ns = Map.of("kaso.io/allowed-sources", "/shop/*, prod/shop/*");
    assertThat(annotated.check("shop", ns, Access.OPERATOR, null, List.of("/shop/prod/", "prod/shop/db"))).isEmpty();
    assertThat(annotated.check("shop", ns, Access.OPERATOR, null, List.of("/billing/prod/")))
        .hasValueSatisfying(m -> assertThat(m).contains("/billing/prod/"));
  }

  @Test
  void aRoleNeedsAllowedRoles() {
    assertThat(annotated.check("shop", Map.of(), Access.ROLE, ROLE, List.of("/shop/")))
        .hasValueSatisfying(m -> assertThat(m).contains("kaso.io/allowed-roles").contains(ROLE));
    Map<String, String> ns = Map.of("kaso.io/allowed-roles", "arn:aws:iam::111122223333:role/shop-*");
    assertThat(annotated.check("shop", ns, Access.ROLE, ROLE, List.of("/anything"))).isEmpty();
  }

  @Test
  void allowedSourcesAlsoNarrowARole() {
    Map<String, String> ns = Map.of("kaso.io/allowed-roles", "*", "kaso.io/allowed-sources", "/shop/*");
    assertThat(annotated.check("shop", ns, Access.ROLE, ROLE, List.of("/billing/x"))).isPresent();
  }

  @Test
  void aSecretArnMatchesAGlobOfItsName() {
    Map<String, String> ns = Map.of("kaso.io/allowed-sources", "prod/shop/*");
    assertThat(annotated.check("shop", ns, Access.OPERATOR, null,
        List.of("arn:aws:secretsmanager:eu-west-2:111122223333:secret:prod/shop/db-AbCdEf"))).isEmpty();
  }
}
