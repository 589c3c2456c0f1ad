package io.kaso.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ExternalSecret;
import io.kaso.operator.core.ParameterPlan;
import io.kaso.operator.core.SecretPlan;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SourceIndexTest {
  private static final ResourceID ID = new ResourceID("a", "shop");
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private final SourceIndex<ExternalParameter> parameters = new SourceIndex<>(r -> ParameterPlan.of(r.getSpec()));

  @Test
  void aReconcileTakesThePendingRequestWithItsEarliestTime() {
    parameters.request(ID, T0.plusSeconds(5));
    parameters.request(ID, T0);
    assertThat(parameters.takePending(ID)).isEqualTo(T0);
    assertThat(parameters.takePending(ID)).isNull();
  }

  @Test
  void anEventArrivingDuringASyncWaitsForTheNextReconcile() {
    parameters.request(ID, T0);
    assertThat(parameters.takePending(ID)).isEqualTo(T0);
    // The sync runs; meanwhile AWS reports another change, in the same second.
    parameters.request(ID, T0);
    assertThat(parameters.takePending(ID)).as("served by the next reconcile").isEqualTo(T0);
  }

  @Test
  void requestsAreKeptPerKind() {
    SourceIndex<ExternalSecret> secrets = new SourceIndex<>(r -> SecretPlan.of(r.getSpec()));
    parameters.request(ID, T0);
    assertThat(secrets.takePending(ID)).isNull();
  }
}
