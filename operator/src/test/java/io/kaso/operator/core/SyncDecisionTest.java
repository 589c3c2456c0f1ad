package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.RefreshPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.api.v1alpha1.Reason;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SyncDecisionTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

  private static SyncState synced(Instant next) {
    return new SyncState(3, "a", new SyncState.LastGood(SecretData.empty(), "h", 3), next, 0, null);
  }

  @Test
  void readsAwsOnTheFirstReconcile() {
    assertThat(SyncDecision.decide(null, 1, null, false, NOW).readAws()).isTrue();
  }

  @Test
  void readsAwsWhenTheSpecChanged() {
    assertThat(SyncDecision.decide(synced(NOW.plusSeconds(60)), 4, "a", false, NOW).readAws()).isTrue();
  }

  @Test
  void readsAwsFreshWhenForceSyncHasANewValue() {
    SyncDecision d = SyncDecision.decide(synced(NOW.plusSeconds(60)), 3, "b", false, NOW);
    assertThat(d.why()).contains("force-sync");
    assertThat(d.fresh()).isTrue();
  }

  @Test
  void readsAwsWhenAnEventAskedForItSharingOneFreshReadWithOthers() {
    SyncDecision d = SyncDecision.decide(synced(NOW.plusSeconds(60)), 3, "a", true, NOW);
    assertThat(d.readAws()).isTrue();
    assertThat(d.fresh()).isFalse();
  }

  @Test
  void aSpecChangeMayUseWhatOthersJustRead() {
    assertThat(SyncDecision.decide(synced(NOW.plusSeconds(60)), 4, "a", false, NOW).fresh()).isFalse();
  }

  @Test
  void otherwiseOnlyWhenTheRefreshIsDue() {
    SyncDecision early = SyncDecision.decide(synced(NOW.plusSeconds(60)), 3, "a", false, NOW);
    assertThat(early.readAws()).isFalse();
    assertThat(early.wakeUpIn()).isEqualTo(Duration.ofSeconds(60));
    assertThat(SyncDecision.decide(synced(NOW), 3, "a", false, NOW).readAws()).isTrue();
  }

  @Test
  void neverPollsWithRefreshZero() {
    SyncDecision d = SyncDecision.decide(synced(null), 3, "a", false, NOW);
    assertThat(d.readAws()).isFalse();
    assertThat(d.wakeUpIn()).isNull();
  }

  @Test
  void doesNotRetryInvalidSpecUntilTheSpecChanges() {
    SyncState invalid = new SyncState(3, null, null, null, 4, Reason.InvalidSpec);
    assertThat(SyncDecision.decide(invalid, 3, null, false, NOW.plusSeconds(86400)).readAws()).isFalse();
    assertThat(SyncDecision.decide(invalid, 4, null, false, NOW).readAws()).isTrue();
  }

  @Test
  void createdOnceIgnoresAnAwsEventOnceItSyncedThisSpec() {
    SyncDecision d = SyncDecision.decide(synced(null), 3, "a", true, RefreshPolicy.CreatedOnce, NOW);
    assertThat(d.readAws()).isFalse();
    assertThat(d.wakeUpIn()).isNull();
    assertThat(d.why()).contains("CreatedOnce");
  }

  @Test
  void createdOnceReadsAgainOnlyForANewSpecOrForceSync() {
    assertThat(SyncDecision.decide(synced(null), 4, "a", false, RefreshPolicy.CreatedOnce, NOW).readAws()).isTrue();
    assertThat(SyncDecision.decide(synced(null), 3, "b", false, RefreshPolicy.CreatedOnce, NOW).readAws()).isTrue();
    assertThat(SyncDecision.decide(synced(null), 3, "a", false, RefreshPolicy.CreatedOnce, NOW).readAws()).isFalse();
  }

  @Test
  void createdOnceKeepsRetryingUntilItSynced() {
    SyncState failing = new SyncState(3, "a", null, NOW, 1, Reason.AwsUnavailable);
    assertThat(SyncDecision.decide(failing, 3, "a", false, RefreshPolicy.CreatedOnce, NOW).readAws()).isTrue();
  }

  @Test
  void onChangeReadsOnAnAwsEventButNeverOnATimer() {
    assertThat(SyncDecision.decide(synced(null), 3, "a", true, RefreshPolicy.OnChange, NOW).readAws()).isTrue();
    SyncDecision idle = SyncDecision.decide(synced(null), 3, "a", false, RefreshPolicy.OnChange,
        NOW.plusSeconds(86400));
    assertThat(idle.readAws()).isFalse();
    assertThat(idle.wakeUpIn()).isNull();
  }
}
