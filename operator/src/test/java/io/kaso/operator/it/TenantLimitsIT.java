package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kaso.operator.api.v1alpha1.AwsAccess;
import io.kaso.operator.api.v1alpha1.CreationPolicy;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.api.v1alpha1.Target;
import io.kaso.operator.testing.OperatorTest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** What a tenant may ask for (DESIGN 4a): specs the operator cannot serve safely are refused before any AWS call. */
class TenantLimitsIT extends OperatorTest {

  @Test
  void aNameLongerThanAwsAllowsIsInvalidSpecWithoutAnAwsCall() {
    resources.createParameter(NS, "long-name", s -> s.setParameters(
        List.of(new ParameterRef("/" + "a".repeat(2100), "K"))));
    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, "long-name")).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo("InvalidSpec");
      assertThat(c.getMessage()).contains("parameters[].name").contains("2048");
    }));
    assertThat(operator.calls().total()).isZero();
    assertThat(resources.secret(NS, "long-name")).isNull();
  }

  @Test
  void aRefreshIntervalUnderTheFloorIsInvalidSpecAndNeverPolls() {
    aws.putParameter("/shop/a", "x", ParameterType.STRING);
    resources.createParameter(NS, "hot", s -> {
      s.setRefreshInterval("1ms");
      s.setParameters(List.of(new ParameterRef("/shop/a", "A")));
    });
    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, "hot")).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo("InvalidSpec");
      assertThat(c.getMessage()).contains("1ms").contains("10s").contains("KASO_MIN_REFRESH_INTERVAL");
    }));
    assertThat(resources.parameter(NS, "hot").getStatus().getNextRefreshTime()).isNull();
    // A resource synced after it is the barrier: by then a hot loop would have synced "hot" again and again.
    resources.createParameter(NS, "barrier", s -> s.setParameters(List.of(new ParameterRef("/shop/a", "A"))));
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "barrier")).containsEntry("A", "x"));
    assertThat(operator.scrapeMetrics())
        .containsPattern("kaso_sync_total\\{kind=\"ExternalParameter\",result=\"InvalidSpec\"\\} 1(\\.0)?\\n");
    assertThat(operator.calls().count("GetParameters")).isEqualTo(1);
    assertThat(resources.secret(NS, "hot")).isNull();
  }

  @Test
  void dataOverOneMebibyteIsInvalidSpecAndLeavesTheSecretByteIdentical() {
    try (var sm = aws.secretsManager()) {
      sm.createSecret(r -> r.name("prod/big").secretString("x".repeat(60_000)));
    }
    resources.createSecret(NS, "big", s -> {
      s.setData(List.of(new SecretRef("BIG", "prod/big")));
      Target target = new Target();
      target.setTemplate(Map.of("TWICE", "${BIG}${BIG}"));
      s.setTarget(target);
    });
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "big")).containsKeys("BIG", "TWICE"));
    Secret before = resources.secret(NS, "big");

    resources.editSecret(NS, "big", s -> s.getTarget().setTemplate(Map.of("MANY", "${BIG}".repeat(20))));
    eventually().untilAsserted(() -> assertThat(resources.secretReady(NS, "big")).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo("InvalidSpec");
      assertThat(c.getMessage()).contains("1 MiB").contains("template key MANY");
    }));
    Secret after = resources.secret(NS, "big");
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(after.getData()).isEqualTo(before.getData());
    assertThat(after.getMetadata().getAnnotations()).isEqualTo(before.getMetadata().getAnnotations());
  }

  @Test
  void anUnknownRegionIsInvalidSpecWithoutAnAwsCall() {
    AwsAccess access = new AwsAccess();
    access.setRegion("eu-west-9");
    resources.createParameter(NS, "nowhere", s -> {
      s.setAws(access);
      s.setParameters(List.of(new ParameterRef("/shop/a", "A")));
    });
    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, "nowhere")).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo("InvalidSpec");
      assertThat(c.getMessage()).contains("eu-west-9");
    }));
    assertThat(operator.calls().total()).isZero();
  }

  @Test
  void mergeIntoAServiceAccountTokenIsRefusedAndLeavesItUnchanged() {
    Secret token = kube.client().secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata()
        .withName("app-token").withNamespace(NS).addToAnnotations("kubernetes.io/service-account.name", "app")
        .endMetadata().withType("kubernetes.io/service-account-token")
        .addToData("token", Base64.getEncoder().encodeToString("eyJhbGciOiJSUzI1NiJ9.e30.c2ln".getBytes(UTF_8)))
        .build()).create();
    mergeInto("app-token");
    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, "merger")).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo("TargetConflict");
      assertThat(c.getMessage()).contains("ServiceAccount token");
    }));
    assertUnchanged(token);
  }

  @Test
  void mergeIntoAHelmReleaseIsRefusedAndLeavesItUnchanged() {
    Secret release = kube.client().secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata()
        .withName("sh.helm.release.v1.shop.v1").withNamespace(NS).addToLabels("owner", "helm")
        .addToLabels("name", "shop").endMetadata().withType("helm.sh/release.v1")
        .addToData("release", Base64.getEncoder().encodeToString("H4sI".getBytes(UTF_8))).build()).create();
    mergeInto("sh.helm.release.v1.shop.v1");
    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, "merger")).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo("TargetConflict");
      assertThat(c.getMessage()).contains("Helm release");
    }));
    assertUnchanged(release);
  }

  private void mergeInto(String secretName) {
    aws.putParameter("/shop/a", "x", ParameterType.STRING);
    resources.createParameter(NS, "merger", s -> {
      Target target = new Target();
      target.setName(secretName);
      target.setCreationPolicy(CreationPolicy.Merge);
      s.setTarget(target);
      s.setParameters(List.of(new ParameterRef("/shop/a", "A")));
    });
  }

  private void assertUnchanged(Secret before) {
    Secret after = resources.secret(NS, before.getMetadata().getName());
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(after.getData()).isEqualTo(before.getData());
    assertThat(after.getMetadata().getLabels()).isEqualTo(before.getMetadata().getLabels());
    assertThat(after.getMetadata().getAnnotations()).isEqualTo(before.getMetadata().getAnnotations());
  }
}
