package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.SourceVersion;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusBuilderTest {
  private static final Instant T1 = Instant.parse("2026-11-29T10:00:00Z");
  private static final Instant T2 = T1.plusSeconds(3600);

  @Test
  void aSuccessStampsGenerationTimesKeysAndSources() {
    SyncStatus s = StatusBuilder.synced(null, 4, T1, true, 14, List.of(new SourceVersion("/a", "7")),
        T1.plusSeconds(3600), "14 keys from 2 paths");
    assertThat(s.getObservedGeneration()).isEqualTo(4);
    assertThat(s.ready()).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("Synced");
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-29T10:00:00Z");
    });
    assertThat(s.getLastSyncTime()).isEqualTo("2026-11-29T10:00:00Z");
    assertThat(s.getLastChangeTime()).isEqualTo("2026-11-29T10:00:00Z");
    assertThat(s.getNextRefreshTime()).isEqualTo("2026-11-29T11:00:00Z");
    assertThat(s.getSyncedKeys()).isEqualTo(14);
  }

  @Test
  void anUnchangedResyncKeepsTransitionAndChangeTimes() {
    SyncStatus first = StatusBuilder.synced(null, 4, T1, true, 1, List.of(), null, "m");
    SyncStatus second = StatusBuilder.synced(first, 4, T2, false, 1, List.of(), null, "m");
    assertThat(second.ready().orElseThrow().getLastTransitionTime()).isEqualTo(StatusBuilder.time(T1));
    assertThat(second.getLastChangeTime()).isEqualTo(StatusBuilder.time(T1));
    assertThat(second.getLastSyncTime()).isEqualTo(StatusBuilder.time(T2));
  }

  @Test
  void aFailureKeepsWhatDescribesTheSecretAndMovesTheTransition() {
    SyncStatus ok = StatusBuilder.synced(null, 4, T1, true, 3, List.of(new SourceVersion("/a", "1")), null, "m");
    SyncStatus failed = StatusBuilder.failed(ok, 4, T2, Reason.AwsUnavailable, "AWS could not be reached", null);
    assertThat(failed.ready().orElseThrow().getStatus()).isEqualTo("False");
    assertThat(failed.ready().orElseThrow().getReason()).isEqualTo("AwsUnavailable");
    assertThat(failed.ready().orElseThrow().getLastTransitionTime()).isEqualTo(StatusBuilder.time(T2));
    assertThat(failed.getLastSyncTime()).isEqualTo(ok.getLastSyncTime());
    assertThat(failed.getSyncedKeys()).isEqualTo(3);
    assertThat(failed.getSources()).isEqualTo(ok.getSources());
  }

  @Test
  void equalOutcomesGiveEqualStatusSoNothingIsWritten() {
    SyncStatus a = StatusBuilder.failed(null, 1, T1, Reason.Forbidden, "no", T2);
    SyncStatus b = StatusBuilder.failed(a, 1, T1, Reason.Forbidden, "no", T2);
    assertThat(b).isEqualTo(a);
  }

  @Test
  void sourcesGoneSaysTheSecretHoldsNoKeysAnyMore() {
    SyncStatus ok = StatusBuilder.synced(null, 4, T1, true, 3, List.of(new SourceVersion("/a", "1")), null, "m");
    SyncStatus gone = StatusBuilder.sourcesGone(ok, 4, T2, "every source is gone", T2.plusSeconds(5));
    assertThat(gone.ready().orElseThrow().getStatus()).isEqualTo("False");
    assertThat(gone.ready().orElseThrow().getReason()).isEqualTo("SourceNotFound");
    assertThat(gone.getSyncedKeys()).isZero();
    assertThat(gone.getSources()).isEmpty();
    assertThat(gone.getLastChangeTime()).isEqualTo(StatusBuilder.time(T2));
    assertThat(gone.getLastSyncTime()).isEqualTo(ok.getLastSyncTime());
    SyncStatus again = StatusBuilder.sourcesGone(gone, 4, T2.plusSeconds(60), "every source is gone",
        T2.plusSeconds(5));
    assertThat(again.getLastChangeTime()).as("nothing changed on the retry").isEqualTo(gone.getLastChangeTime());
  }
}
