package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.testing.OperatorTest;
import java.util.List;
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
}
