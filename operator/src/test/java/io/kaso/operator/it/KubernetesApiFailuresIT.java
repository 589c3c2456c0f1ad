package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.kaso.operator.api.v1alpha1.AwsAccess;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.testing.OperatorTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Failures of the Kubernetes API (DESIGN 3, "Failures never destroy data"): each one reaches the status and a Warning
 * event with the reason KubernetesApiError, and is retried with backoff rather than thrown at JOSDK.
 */
class KubernetesApiFailuresIT extends OperatorTest {
  private static final String OBJECTS = "/apis/kaso.io/v1alpha1/namespaces/" + NS + "/externalparameters/";

  @Test
  void aNamespaceLookupThatFailsIsShownAndRetried() {
    aws.putParameter("/shop/flag", "one", ParameterType.STRING);
    // Twice: the kind's first reconcile asks for every resource's sources at once (resolving its access too), and a
    // failure there is left for the resource's own sync to meet.
    kube.server().expect().get().withPath("/api/v1/namespaces/" + NS)
        .andReturn(403, status(403, "namespaces \"shop\" is forbidden")).times(2);

    create("lookup");

    eventually().untilAsserted(() -> {
      assertThat(resources.parameterReady(NS, "lookup")).hasValueSatisfying(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("KubernetesApiError");
        assertThat(c.getMessage()).contains("Namespace shop").contains("forbidden");
      });
      assertThat(resources.events(NS, "lookup")).anyMatch(e -> e.startsWith("Warning KubernetesApiError"));
    });
    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, "lookup"))
        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Synced")));
    assertThat(resources.data(NS, "lookup")).containsEntry("FLAG", "one");
  }

  @Test
  void aSecretWriteTheApiRefusesIsShownAndRetried() {
    aws.putParameter("/shop/flag", "one", ParameterType.STRING);
    kube.server().expect().post().withPath("/api/v1/namespaces/" + NS + "/secrets")
        .andReturn(403, status(403, "secrets is forbidden")).once();

    create("write");

    eventually().untilAsserted(() -> {
      assertThat(resources.parameterReady(NS, "write")).hasValueSatisfying(c -> {
        assertThat(c.getReason()).isEqualTo("KubernetesApiError");
        assertThat(c.getMessage()).contains("writing Secret shop/write failed").contains("forbidden");
      });
      assertThat(resources.events(NS, "write")).anyMatch(e -> e.startsWith("Warning KubernetesApiError"));
    });
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "write")).containsEntry("FLAG", "one"));
    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, "write"))
        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Synced")));
  }

  @Test
  void aStatusWriteThatFailsIsAWarningEventAndTheStatusIsWrittenLater() {
    aws.putParameter("/shop/flag", "one", ParameterType.STRING);
    kube.server().expect().patch().withPath(OBJECTS + "status-write/status")
        .andReturn(403, status(403, "externalparameters/status is forbidden")).once();

    create("status-write");

    eventually().untilAsserted(() -> assertThat(resources.events(NS, "status-write"))
        .anyMatch(e -> e.startsWith("Warning KubernetesApiError") && e.contains("writing the status failed")));
    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, "status-write"))
        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Synced")));
  }

  @Test
  void aTokenRequestThatFailsIsKubernetesApiErrorNotAccessDenied() {
    kube.client().serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("shop-app").withNamespace(NS)
        .addToAnnotations("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/shop-app").endMetadata()
        .build()).create();
    kube.server().expect().post().withPath("/api/v1/namespaces/" + NS + "/serviceaccounts/shop-app/token")
        .andReturn(401, status(401, "Unauthorized")).always();
    AwsAccess access = new AwsAccess();
    access.setServiceAccountName("shop-app");

    resources.createParameter(NS, "token", s -> {
      s.setParameters(List.of(new ParameterRef("/shop/flag", "FLAG")));
      s.setAws(access);
    });

    eventually().untilAsserted(() -> {
      assertThat(resources.parameterReady(NS, "token")).hasValueSatisfying(c -> {
        assertThat(c.getReason()).isEqualTo("KubernetesApiError");
        assertThat(c.getMessage()).contains("token request for service account shop/shop-app");
      });
      assertThat(resources.parameter(NS, "token").getStatus().getNextRefreshTime()).isNotNull();
    });
    assertThat(operator.calls().total()).isZero();
  }

  private void create(String name) {
    resources.createParameter(NS, name, s -> s.setParameters(List.of(new ParameterRef("/shop/flag", "FLAG"))));
  }

  private static Status status(int code, String message) {
    return new StatusBuilder().withStatus("Failure").withCode(code).withMessage(message).build();
  }
}
