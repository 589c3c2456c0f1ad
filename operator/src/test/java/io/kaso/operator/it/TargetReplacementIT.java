package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.Target;
import io.kaso.operator.testing.OperatorTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * A Secret whose type changes (or an immutable one whose data changes) is replaced: deleted and created again. The
 * old Secret is never lost to a replacement the API server would refuse (DESIGN 4a).
 */
class TargetReplacementIT extends OperatorTest {

  @Test
  void aReplacementTheApiServerWouldRefuseLeavesTheOldSecretAsItWas() {
    aws.putParameter("/shop/flag", "one", ParameterType.STRING);
    resources.createParameter(NS, "swap", s -> s.setParameters(List.of(new ParameterRef("/shop/flag", "FLAG"))));
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "swap")).containsEntry("FLAG", "one"));
    String uid = resources.secret(NS, "swap").getMetadata().getUid();

    // kubernetes.io/tls needs tls.crt and tls.key, which this data does not have.
    resources.editParameter(NS, "swap", s -> {
      Target tls = new Target();
      tls.setType("kubernetes.io/tls");
      s.setTarget(tls);
    });

    eventually().untilAsserted(() -> {
      assertThat(resources.parameterReady(NS, "swap")).hasValueSatisfying(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("SyncFailed");
        assertThat(c.getMessage()).contains("kubernetes.io/tls").contains("tls.crt").contains("left as it was");
      });
      assertThat(resources.events(NS, "swap")).anyMatch(e -> e.startsWith("Warning SyncFailed"));
    });
    assertThat(resources.secret(NS, "swap").getType()).isEqualTo("Opaque");
    assertThat(resources.secret(NS, "swap").getMetadata().getUid()).isEqualTo(uid);
    assertThat(resources.data(NS, "swap")).containsEntry("FLAG", "one");
  }

  @Test
  void aReplacementTheApiServerRefusesPutsTheOldSecretBackAndIsRetried() {
    aws.putParameter("/shop/user", "app", ParameterType.STRING);
    resources.createParameter(NS, "auth", s -> s.setParameters(List.of(new ParameterRef("/shop/user", "username"))));
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "auth")).containsEntry("username", "app"));
    kube.server().expect().post().withPath("/api/v1/namespaces/" + NS + "/secrets")
        .andReturn(422, new StatusBuilder().withStatus("Failure").withCode(422)
            .withMessage("Secret \"auth\" is invalid: refused by an admission webhook").build()).once();

    resources.editParameter(NS, "auth", s -> {
      Target basicAuth = new Target();
      basicAuth.setType("kubernetes.io/basic-auth");
      s.setTarget(basicAuth);
    });

    eventually().untilAsserted(() -> assertThat(resources.events(NS, "auth")).anyMatch(e ->
        e.startsWith("Warning KubernetesApiError") && e.contains("admission webhook")
            && e.contains("the previous Secret was put back")));
    // Put back at once, not only by the retry: the Secret is there (old or, after the retry, new).
    assertThat(resources.data(NS, "auth")).containsEntry("username", "app");
    eventually().untilAsserted(() -> {
      // Between the retry's delete and create the Secret is briefly absent: null is "not yet", not an error.
      assertThat(resources.secret(NS, "auth")).isNotNull().extracting(Secret::getType)
          .isEqualTo("kubernetes.io/basic-auth");
      assertThat(resources.parameterReady(NS, "auth"))
          .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Synced"));
    });
    assertThat(resources.data(NS, "auth")).containsEntry("username", "app");
  }
}
