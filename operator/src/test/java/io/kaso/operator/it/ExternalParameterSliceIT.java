package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.testing.OperatorTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The first slice end to end: reconciler, core, port, AWS adapter, SDK, moto, in-memory Kubernetes API. */
class ExternalParameterSliceIT extends OperatorTest {

  @Test
  void writesExplicitParametersIntoAnOwnedSecretAndReportsReady() {
    List<ParameterRef> refs = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      aws.putParameter("/shop/prod/p" + i, "value-" + i, ParameterType.STRING);
      refs.add(new ParameterRef("/shop/prod/p" + i, "P" + i));
    }
    aws.putParameter("/shop/prod/db-password", "s3cr3t", ParameterType.SECURE_STRING);
    refs.add(new ParameterRef("/shop/prod/db-password", "DB_PASSWORD"));
    aws.putParameter("/shop/prod/hosts", "a.shop,b.shop", ParameterType.STRING_LIST);
    refs.add(new ParameterRef("/shop/prod/hosts", null));

    ExternalParameter xp = resources.createParameter("shop", "shop-config", s -> s.setParameters(refs));

    eventually().untilAsserted(() -> assertThat(resources.parameterReady("shop", "shop-config"))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True")));
    Map<String, String> data = resources.data("shop", "shop-config");
    assertThat(data).hasSize(14);
    for (int i = 1; i <= 12; i++) {
      assertThat(data).containsEntry("P" + i, "value-" + i);
    }
    assertThat(data).containsEntry("DB_PASSWORD", "s3cr3t").containsEntry("HOSTS", "a.shop,b.shop");

    Secret secret = resources.secret("shop", "shop-config");
    assertThat(secret.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "kaso");
    assertThat(secret.getMetadata().getAnnotations().get("kaso.io/data-hash")).startsWith("hmac-sha256:");
    assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
      assertThat(ref.getKind()).isEqualTo("ExternalParameter");
      assertThat(ref.getUid()).isEqualTo(xp.getMetadata().getUid());
      assertThat(ref.getController()).isTrue();
    });
    assertThat(secret.getType()).isEqualTo("Opaque");

    ExternalParameter synced = resources.parameter("shop", "shop-config");
    assertThat(synced.getStatus().getObservedGeneration()).isEqualTo(synced.getMetadata().getGeneration());
    assertThat(synced.getStatus().getSyncedKeys()).isEqualTo(14);
    assertThat(synced.getStatus().ready().orElseThrow().getReason()).isEqualTo("Synced");
    assertThat(synced.getStatus().ready().orElseThrow().getMessage()).isEqualTo("14 keys from 14 parameters");
    assertThat(synced.getStatus().getLastSyncTime()).isNotNull();
    assertThat(synced.getStatus().getSources()).hasSize(14)
        .anySatisfy(s -> assertThat(s.getName()).isEqualTo("/shop/prod/db-password"));
    // 14 names in calls of at most 10.
    assertThat(operator.calls().count("GetParameters")).isEqualTo(2);
  }

  @Test
  void aMissingParameterIsSourceNotFoundAndCreatesNoSecret() {
    aws.putParameter("/shop/prod/present", "x", ParameterType.STRING);
    resources.createParameter("shop", "broken", s -> s.setParameters(List.of(
        new ParameterRef("/shop/prod/present", "PRESENT"), new ParameterRef("/shop/prod/absent", "ABSENT"))));

    eventually().untilAsserted(() -> assertThat(resources.parameterReady("shop", "broken"))
        .hasValueSatisfying(c -> {
          assertThat(c.getStatus()).isEqualTo("False");
          assertThat(c.getReason()).isEqualTo("SourceNotFound");
          assertThat(c.getMessage()).contains("/shop/prod/absent").doesNotContain("/shop/prod/present");
        }));
    assertThat(resources.secret("shop", "broken")).isNull();
  }

  @Test
  void servesPrometheusMetricsAndProbes() {
    aws.putParameter("/shop/prod/a", "x", ParameterType.STRING);
    resources.createParameter("shop", "metered", s -> s.setParameters(List.of(new ParameterRef("/shop/prod/a", "A"))));
    eventually().untilAsserted(() -> assertThat(resources.parameterReady("shop", "metered")).isPresent());

    eventually().untilAsserted(() -> {
      String metrics = operator.scrapeMetrics();
      assertThat(metrics).contains("kaso_sync_total{kind=\"ExternalParameter\",result=\"Synced\"}");
      assertThat(metrics).contains("kaso_aws_requests_total{operation=\"GetParameters\",outcome=\"ok\",service=\"ssm\"}");
      assertThat(metrics).contains("kaso_sync_duration_seconds_bucket");
      assertThat(metrics).contains("kaso_resources{kind=\"ExternalParameter\",ready=\"true\"} 1");
      assertThat(metrics).contains("jvm_memory_used_bytes");
      assertThat(metrics).contains("reconciliations");
    });
    assertThat(operator.probe("/healthz").statusCode()).isEqualTo(200);
    eventually().untilAsserted(() -> assertThat(operator.probe("/readyz").statusCode()).isEqualTo(200));
  }
}
