package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.RefreshPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.api.v1alpha1.Condition;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResumedStateTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final SecretData DATA = SecretData.of(Map.of("A", "a".getBytes(StandardCharsets.UTF_8)));

  private static SyncStatus status(String ready, long generation, String nextRefresh) {
    SyncStatus s = new SyncStatus();
    s.setObservedGeneration(generation);
    Condition c = new Condition();
    c.setType("Ready");
    c.setStatus(ready);
    s.setConditions(List.of(c));
    s.setNextRefreshTime(nextRefresh);
    return s;
  }

  @Test
  void aReadyResourceWhoseSecretIsIntactIsTakenOverUntilItsNextRefresh() {
    SyncState state = ResumedState.of(status("True", 3, "2026-12-02T10:30:00Z"), 3, null, DATA, true, "h", false, NOW);
    assertThat(state).isNotNull();
    assertThat(state.nextSyncAt()).isEqualTo(Instant.parse("2026-12-02T10:30:00Z"));
    assertThat(state.lastGood().data()).isEqualTo(DATA);
    assertThat(state.lastGood().hash()).isEqualTo("h");
    assertThat(SyncDecision.decide(state, 3, null, false, NOW).readAws()).isFalse();
  }

  @Test
  void everythingElseSyncs() {
    String later = "2026-12-02T10:30:00Z";
    assertThat(ResumedState.of(null, 3, null, DATA, true, "h", false, NOW)).as("no status").isNull();
    assertThat(ResumedState.of(status("False", 3, later), 3, null, DATA, true, "h", false, NOW)).as("failing").isNull();
    assertThat(ResumedState.of(status("True", 2, later), 3, null, DATA, true, "h", false, NOW)).as("spec changed")
        .isNull();
    assertThat(ResumedState.of(status("True", 3, later), 3, "x", DATA, true, "h", false, NOW)).as("force-sync")
        .isNull();
    assertThat(ResumedState.of(status("True", 3, later), 3, null, null, false, null, false, NOW)).as("no Secret")
        .isNull();
    assertThat(ResumedState.of(status("True", 3, later), 3, null, DATA, false, "h", false, NOW)).as("Secret edited")
        .isNull();
    assertThat(ResumedState.of(status("True", 3, "2026-12-02T09:59:59Z"), 3, null, DATA, true, "h", false, NOW))
        .as("refresh due").isNull();
  }

  @Test
  void aResourceThatNeverRefreshesIsTakenOverWithoutANextRefresh() {
    SyncState state = ResumedState.of(status("True", 1, null), 1, null, DATA, true, "h", true, NOW);
    assertThat(state).isNotNull();
    assertThat(state.nextSyncAt()).isNull();
  }

  @Test
  void aResourceThatDoesNotPollIsTakenOverWithoutANextRefresh() {
    // CreatedOnce and OnChange (like refreshInterval 0) have no nextRefreshTime: nothing is due after a restart.
    SyncState state = ResumedState.of(status("True", 3, null), 3, null, DATA, true, "h", true, NOW);
    assertThat(state).isNotNull();
    assertThat(state.nextSyncAt()).isNull();
    assertThat(SyncDecision.decide(state, 3, null, false, RefreshPolicy.CreatedOnce, NOW.plusSeconds(86400))
        .readAws()).isFalse();
  }

  @Test
  void aResourceThatWritesNoSecretIsTakenOverFromItsStatusAlone() {
    SyncState state = ResumedState.withoutTarget(status("True", 3, "2026-12-02T10:30:00Z"), 3, null, false, NOW);
    assertThat(state).isNotNull();
    assertThat(state.lastGood()).as("nothing to restore drift from").isNull();
    assertThat(state.nextSyncAt()).isEqualTo(Instant.parse("2026-12-02T10:30:00Z"));
    assertThat(ResumedState.withoutTarget(status("True", 3, null), 3, null, true, NOW).nextSyncAt()).isNull();
    assertThat(ResumedState.withoutTarget(status("False", 3, null), 3, null, true, NOW)).as("failing").isNull();
    assertThat(ResumedState.withoutTarget(status("True", 2, null), 3, null, true, NOW)).as("spec changed").isNull();
    assertThat(ResumedState.withoutTarget(status("True", 3, "2026-12-02T09:00:00Z"), 3, null, false, NOW))
        .as("refresh due").isNull();
  }
}
