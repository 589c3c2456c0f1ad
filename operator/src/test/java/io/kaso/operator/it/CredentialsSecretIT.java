package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.kaso.operator.api.v1alpha1.AwsAccess;
import io.kaso.operator.api.v1alpha1.CredentialsSecretRef;
import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.testing.OperatorRun;
import io.kaso.operator.testing.OperatorTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * spec.aws.credentialsSecretRef against moto: the calls of a resource are signed with the access keys of its
 * namespace's Secret (no Namespace annotation needed under the Annotated policy), a roleArn is assumed with those keys
 * (not gated by kaso.io/allowed-roles), a changed Secret is used on the next sync while an unchanged one reuses its
 * session, and a missing Secret or key fails visibly and leaves the target Secret as it was.
 */
class CredentialsSecretIT extends OperatorTest {
  private static final String OPERATOR_KEY = "testing";
  private static final String TENANT_KEY = "AKIATENANT0000000001";
  private static final String NEW_TENANT_KEY = "AKIATENANT0000000002";
  private static final String ROLE = "arn:aws:iam::123456789012:role/shop-reader";

  @Override
  protected Map<String, String> settings() {
    return Map.of("KASO_NAMESPACE_POLICY", "Annotated");
  }

  @Test
  void bothKindsReadWithTheAccessKeysOfTheirNamespacesSecret() {
    keys("aws-keys", TENANT_KEY, "tenant-secret", "session-token");
    aws.putParameter("/shop/a", "1", ParameterType.STRING);
    aws.secretsManager().createSecret(r -> r.name("prod/shop/db").secretString("pw"));

    resources.createParameter(NS, "xp", s -> {
      s.setAws(access(null));
      s.setParameters(List.of(new ParameterRef("/shop/a", "A")));
    });
    resources.createSecret(NS, "xs", s -> {
      s.setAws(access(null));
      s.setData(List.of(new SecretRef("DB", "prod/shop/db")));
    });

    eventually().untilAsserted(() -> {
      assertThat(resources.data(NS, "xp")).containsEntry("A", "1");
      assertThat(resources.data(NS, "xs")).containsEntry("DB", "pw");
    });
    assertThat(operator.calls().signers("GetParameters")).isNotEmpty().containsOnly(TENANT_KEY);
    List<String> secretsManager = new ArrayList<>(operator.calls().signers("GetSecretValue"));
    secretsManager.addAll(operator.calls().signers("BatchGetSecretValue"));
    assertThat(secretsManager).isNotEmpty().containsOnly(TENANT_KEY);
    assertThat(operator.calls().count("AssumeRole")).isZero();
  }

  @Test
  void aRoleIsAssumedWithTheSecretsKeysWithoutTheAllowedRolesAnnotation() {
    keys("aws-keys", TENANT_KEY, "tenant-secret", null);
    aws.putParameter("/shop/a", "1", ParameterType.STRING);

    resources.createParameter(NS, "xp", s -> {
      s.setAws(access(ROLE));
      s.setParameters(List.of(new ParameterRef("/shop/a", "A")));
    });

    eventually().untilAsserted(() -> assertThat(resources.data(NS, "xp")).containsEntry("A", "1"));
    assertThat(operator.calls().assumedRoles()).containsExactly(ROLE);
    assertThat(operator.calls().signers("AssumeRole")).containsOnly(TENANT_KEY);
    String issued = operator.calls().issuedKeys().get(0);
    assertThat(issued).isNotIn(TENANT_KEY, OPERATOR_KEY);
    assertThat(operator.calls().signers("GetParameters")).isNotEmpty().containsOnly(issued);
  }

  @Test
  void aChangedSecretIsUsedOnTheNextSyncAndAnUnchangedOneReusesItsSession() {
    keys("aws-keys", TENANT_KEY, "tenant-secret", null);
    aws.putParameter("/shop/a", "1", ParameterType.STRING);
    aws.putParameter("/shop/b", "1", ParameterType.STRING);
    resources.createParameter(NS, "plain", s -> {
      s.setAws(access(null));
      s.setParameters(List.of(new ParameterRef("/shop/a", "A")));
    });
    resources.createParameter(NS, "role", s -> {
      s.setAws(access(ROLE));
      s.setParameters(List.of(new ParameterRef("/shop/b", "B")));
    });
    eventually().untilAsserted(() -> {
      assertThat(resources.data(NS, "plain")).containsEntry("A", "1");
      assertThat(resources.data(NS, "role")).containsEntry("B", "1");
    });

    // Unchanged Secret: the next sync reads again with the session it has.
    aws.putParameter("/shop/b", "2", ParameterType.STRING);
    resources.forceSync(ExternalParameter.class, NS, "role", "1");
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "role")).containsEntry("B", "2"));
    assertThat(operator.calls().count("AssumeRole")).isEqualTo(1);

    // Changed Secret: the next sync of each uses the new keys.
    keys("aws-keys", NEW_TENANT_KEY, "new-secret", null);
    aws.putParameter("/shop/a", "3", ParameterType.STRING);
    aws.putParameter("/shop/b", "3", ParameterType.STRING);
    resources.forceSync(ExternalParameter.class, NS, "plain", "2");
    resources.forceSync(ExternalParameter.class, NS, "role", "2");
    eventually().untilAsserted(() -> {
      assertThat(resources.data(NS, "plain")).containsEntry("A", "3");
      assertThat(resources.data(NS, "role")).containsEntry("B", "3");
    });
    assertThat(operator.calls().signers("AssumeRole")).containsExactly(TENANT_KEY, NEW_TENANT_KEY);
    List<String> signers = operator.calls().signers("GetParameters");
    assertThat(signers).contains(NEW_TENANT_KEY, operator.calls().issuedKeys().get(1));
    assertThat(signers.get(signers.size() - 1)).isIn(NEW_TENANT_KEY, operator.calls().issuedKeys().get(1));
  }

  @Test
  void aMissingSecretOrKeyIsAVisibleRetriedFailureThatLeavesTheTargetAlone() {
    keys("aws-keys", TENANT_KEY, "tenant-secret", null);
    aws.putParameter("/shop/a", "1", ParameterType.STRING);
    resources.createParameter(NS, "xp", s -> {
      s.setAws(access(null));
      s.setParameters(List.of(new ParameterRef("/shop/a", "A")));
    });
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "xp")).containsEntry("A", "1"));
    String written = resources.secret(NS, "xp").getMetadata().getResourceVersion();

    kube.client().secrets().inNamespace(NS).withName("aws-keys").delete();
    aws.putParameter("/shop/a", "2", ParameterType.STRING);
    resources.forceSync(ExternalParameter.class, NS, "xp", "1");
    eventually().untilAsserted(() -> {
      assertThat(resources.parameterReady(NS, "xp")).hasValueSatisfying(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("SyncFailed");
        assertThat(c.getMessage()).contains("Secret shop/aws-keys").contains("does not exist");
      });
      assertThat(resources.events(NS, "xp")).anySatisfy(e -> assertThat(e).startsWith("Warning SyncFailed")
          .contains("shop/aws-keys"));
    });

    // The Secret comes back without its secret access key: the retry names the key.
    Map<String, String> partial = new LinkedHashMap<>();
    partial.put("AWS_ACCESS_KEY_ID", TENANT_KEY);
    kube.client().secrets().inNamespace(NS).resource(secret("aws-keys", partial)).create();
    resources.forceSync(ExternalParameter.class, NS, "xp", "2");
    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, "xp")).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo("SyncFailed");
      assertThat(c.getMessage()).contains("has no key AWS_SECRET_ACCESS_KEY");
    }));
    assertThat(resources.secret(NS, "xp").getMetadata().getResourceVersion()).isEqualTo(written);
    assertThat(resources.data(NS, "xp")).containsEntry("A", "1");

    // Fixed: synced with the new value.
    keys("aws-keys", TENANT_KEY, "tenant-secret", null);
    resources.forceSync(ExternalParameter.class, NS, "xp", "3");
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "xp")).containsEntry("A", "2"));
  }

  @Test
  void aSecretTheApiRefusesToReadIsAKubernetesApiError() {
    kube.server().expect().get().withPath("/api/v1/namespaces/shop/secrets/aws-keys")
        .andReturn(403, new StatusBuilder().withStatus("Failure").withReason("Forbidden").withCode(403)
            .withMessage("secrets \"aws-keys\" is forbidden: User \"system:serviceaccount:kaso-system:kaso\" cannot "
                + "get resource \"secrets\" in API group \"\" in the namespace \"shop\"").build()).always();
    resources.createParameter(NS, "xp", s -> {
      s.setAws(access(null));
      s.setParameters(List.of(new ParameterRef("/shop/a", "A")));
    });
    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, "xp")).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo("KubernetesApiError");
      assertThat(c.getMessage()).contains("Secret shop/aws-keys").contains("is forbidden")
          .contains("needs get on secrets");
    }));
    assertThat(operator.calls().total()).isZero();
  }

  @Test
  void theSpecIsInvalidWithBothServiceAccountNameAndCredentialsSecretRef() {
    keys("aws-keys", TENANT_KEY, "tenant-secret", null);
    resources.createParameter(NS, "xp", s -> {
      AwsAccess both = access(null);
      both.setServiceAccountName("app");
      s.setAws(both);
      s.setParameters(List.of(new ParameterRef("/shop/a", "A")));
    });
    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, "xp")).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo("InvalidSpec");
      assertThat(c.getMessage()).contains("credentialsSecretRef and serviceAccountName");
    }));
    assertThat(operator.calls().total()).isZero();
  }

  @Test
  void anOperatorThatRefusesStaticKeysForbidsThemBeforeAnyCall() {
    operator.close();
    operator = OperatorRun.start(kube, moto.endpoint(), Map.of("KASO_NAMESPACE_POLICY", "Open",
        "KASO_ALLOW_CREDENTIALS_SECRETS", "false"));
    keys("aws-keys", TENANT_KEY, "tenant-secret", null);
    aws.putParameter("/shop/a", "1", ParameterType.STRING);
    resources.createParameter(NS, "xp", s -> {
      s.setAws(access(null));
      s.setParameters(List.of(new ParameterRef("/shop/a", "A")));
    });
    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, "xp")).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo("Forbidden");
      assertThat(c.getMessage()).contains("KASO_ALLOW_CREDENTIALS_SECRETS=false");
    }));
    assertThat(operator.calls().total()).isZero();
    assertThat(resources.secret(NS, "xp")).isNull();
  }

  private static AwsAccess access(String roleArn) {
    AwsAccess aws = new AwsAccess();
    aws.setCredentialsSecretRef(new CredentialsSecretRef("aws-keys"));
    aws.setRoleArn(roleArn);
    return aws;
  }

  /** Creates or replaces the credentials Secret. */
  private void keys(String name, String accessKeyId, String secretAccessKey, String sessionToken) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("AWS_ACCESS_KEY_ID", accessKeyId);
    data.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
    if (sessionToken != null) {
      data.put("AWS_SESSION_TOKEN", sessionToken);
    }
    kube.client().secrets().inNamespace(NS).resource(secret(name, data)).createOr(op -> op.update());
  }

  private static Secret secret(String name, Map<String, String> values) {
    SecretBuilder b = new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata();
    values.forEach((k, v) -> b.addToData(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return b.build();
  }
}
