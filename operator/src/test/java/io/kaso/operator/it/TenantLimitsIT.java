package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.testing.OperatorTest;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
