package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.kaso.operator.api.v1alpha1.AwsAccess;
import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.testing.OperatorTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** Identities and the namespace policy through the whole operator (DESIGN 4). */
class NamespacePolicyIT extends OperatorTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/shop-config-reader";

  @Override
  protected Map<String, String> settings() {
    return Map.of("KASO_NAMESPACE_POLICY", "Annotated");
  }

  @BeforeEach
  void seed() {
    aws.putParameter("/shop/prod/db-password", "s3cr3t", ParameterType.SECURE_STRING);
  }

  private void create(String name, AwsAccess access) {
    resources.createParameter("shop", name, s -> {
      s.setAws(access);
      s.setParameters(List.of(new ParameterRef("/shop/prod/db-password", "DB_PASSWORD")));
    });
  }

  private static AwsAccess role(String arn) {
    AwsAccess a = new AwsAccess();
    a.setRoleArn(arn);
    return a;
  }

  @Test
  void theOperatorIdentityIsForbiddenWithoutConsentAndMakesNoAwsCall() {
    kube.namespace("shop", Map.of());
    create("plain", null);
    eventually().untilAsserted(() -> assertThat(resources.parameterReady("shop", "plain")).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo("Forbidden");
      assertThat(c.getMessage()).contains("kaso.io/allowed-sources").contains("shop");
    }));
    assertThat(operator.calls().total()).isZero();
    assertThat(resources.secret("shop", "plain")).isNull();
  }

  @Test
  void allowedSourcesLetTheOperatorIdentityRead() {
    kube.namespace("shop", Map.of("kaso.io/allowed-sources", "/shop/*"));
    create("plain", null);
    eventually().untilAsserted(() -> assertThat(resources.data("shop", "plain")).containsEntry("DB_PASSWORD", "s3cr3t"));
  }

  @Test
  void aRoleTheNamespaceDoesNotAllowIsForbiddenBeforeAnyStsCall() {
    kube.namespace("shop", Map.of("kaso.io/allowed-roles", "arn:aws:iam::123456789012:role/billing-*"));
    create("with-role", role(ROLE));
    eventually().untilAsserted(() -> assertThat(resources.parameterReady("shop", "with-role"))
        .hasValueSatisfying(c -> {
          assertThat(c.getReason()).isEqualTo("Forbidden");
          assertThat(c.getMessage()).contains("kaso.io/allowed-roles").contains(ROLE);
        }));
    assertThat(operator.calls().total()).isZero();
  }

  @Test
  void anAllowedRoleIsAssumedOnceAcrossSyncs() {
    kube.namespace("shop", Map.of("kaso.io/allowed-roles", "arn:aws:iam::123456789012:role/shop-*"));
    create("with-role", role(ROLE));
    eventually().untilAsserted(() -> assertThat(resources.data("shop", "with-role"))
        .containsEntry("DB_PASSWORD", "s3cr3t"));
    for (int i = 1; i <= 3; i++) {
      forceSync("with-role", "run-" + i);
      int expected = i + 1;
      eventually().untilAsserted(() -> assertThat(operator.calls().count("GetParameters")).isEqualTo(expected));
    }
    assertThat(operator.calls().count("AssumeRole")).isEqualTo(1);
  }

  @Test
  void aServiceAccountReadsThroughItsIrsaRoleWithATokenRequest() {
    kube.namespace("shop", Map.of());
    kube.client().serviceAccounts().inNamespace("shop").resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("shop-app").withNamespace("shop")
        .addToAnnotations("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/shop-app").endMetadata()
        .build()).create();
    kube.server().expect().post().withPath("/api/v1/namespaces/shop/serviceaccounts/shop-app/token")
        .andReturn(201, new TokenRequestBuilder().withNewStatus().withToken("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
            .endStatus().build()).always();
    AwsAccess sa = new AwsAccess();
    sa.setServiceAccountName("shop-app");
    create("as-app", sa);
    eventually().untilAsserted(() -> assertThat(resources.data("shop", "as-app"))
        .containsEntry("DB_PASSWORD", "s3cr3t"));
    assertThat(operator.calls().count("AssumeRoleWithWebIdentity")).isEqualTo(1);
  }

  @Test
  void aServiceAccountWithoutIrsaRoleIsInvalidSpec() {
    kube.namespace("shop", Map.of());
    kube.client().serviceAccounts().inNamespace("shop").resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("plain").withNamespace("shop").endMetadata().build()).create();
    AwsAccess sa = new AwsAccess();
    sa.setServiceAccountName("plain");
    create("as-plain", sa);
    eventually().untilAsserted(() -> assertThat(resources.parameterReady("shop", "as-plain"))
        .hasValueSatisfying(c -> {
          assertThat(c.getReason()).isEqualTo("InvalidSpec");
          assertThat(c.getMessage()).contains("eks.amazonaws.com/role-arn");
        }));
    assertThat(operator.calls().total()).isZero();
  }

  private void forceSync(String name, String value) {
    resources.forceSync(ExternalParameter.class, "shop", name, value);
  }
}
