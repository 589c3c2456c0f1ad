package io.kaso.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SyncStatesTest {
  private static final ResourceID ID = new ResourceID("a", "shop");
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private final SyncStates states = new SyncStates();

  @Test
  void aReconcileTakesThePendingRequestWithItsEarliestTime() {
    states.request("XP", ID, T0.plusSeconds(5));
    states.request("XP", ID, T0);
    assertThat(states.takeRequest("XP", ID)).isEqualTo(T0);
    assertThat(states.takeRequest("XP", ID)).isNull();
  }

  @Test
  void anEventArrivingDuringASyncWaitsForTheNextReconcile() {
    states.request("XP", ID, T0);
    assertThat(states.takeRequest("XP", ID)).isEqualTo(T0);
    // The sync runs; meanwhile AWS reports another change, in the same second.
    states.request("XP", ID, T0);
    assertThat(states.takeRequest("XP", ID)).as("served by the next reconcile").isEqualTo(T0);
  }

  @Test
  void requestsAreKeptPerKind() {
    states.request("XP", ID, T0);
    assertThat(states.takeRequest("XS", ID)).isNull();
  }
}
