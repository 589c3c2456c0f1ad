package io.kaso.operator.core;

import static io.kaso.operator.core.SourcesGone.Presence.GONE;
import static io.kaso.operator.core.SourcesGone.Presence.PRESENT;
import static io.kaso.operator.core.SourcesGone.Presence.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.SourceDeletionPolicy;
import io.kaso.operator.api.v1alpha1.SourceVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourcesGoneTest {

  @Test
  void onlyANotFoundUnderDeleteIsWorthCheckingSourceBySource() {
    SyncFailure notFound = new SyncFailure(Reason.SourceNotFound, "secret a was not found");
    assertThat(SourcesGone.worthChecking(SourceDeletionPolicy.Delete, notFound)).isTrue();
    assertThat(SourcesGone.worthChecking(SourceDeletionPolicy.Retain, notFound)).isFalse();
    for (Reason other : List.of(Reason.AccessDenied, Reason.Throttled, Reason.AwsUnavailable, Reason.SyncFailed,
        Reason.DecryptionFailed, Reason.KubernetesApiError, Reason.Forbidden)) {
      assertThat(SourcesGone.worthChecking(SourceDeletionPolicy.Delete, new SyncFailure(other, "x"))).as("%s", other)
          .isFalse();
    }
  }

  @Test
  void everySourceMustBeGone() {
    assertThat(SourcesGone.everyGone(List.of(GONE, GONE))).isTrue();
    assertThat(SourcesGone.everyGone(List.of(GONE, PRESENT))).as("one still there").isFalse();
    assertThat(SourcesGone.everyGone(List.of(GONE, UNKNOWN))).as("one denied or throttled: not known to be gone")
        .isFalse();
    assertThat(SourcesGone.everyGone(List.of())).as("nothing checked proves nothing").isFalse();
  }

  @Test
  void aReadThatFoundNoSourceAtAllIsEverySourceGoneOnlyUnderDelete() {
    Fetched empty = new Fetched(SecretData.empty(), List.of());
    Fetched some = new Fetched(SecretData.empty(), List.of(new SourceVersion("/a", "1")));
    assertThat(SourcesGone.everyGoneAfterRead(SourceDeletionPolicy.Delete, empty)).isTrue();
    assertThat(SourcesGone.everyGoneAfterRead(SourceDeletionPolicy.Retain, empty)).isFalse();
    assertThat(SourcesGone.everyGoneAfterRead(SourceDeletionPolicy.Delete, some)).isFalse();
  }

  @Test
  void theFailureSaysWhatWasDoneAndIsSourceNotFound() {
    SourcesGone deleted = SourcesGone.deprovisioned("shop/db", TargetPolicies.Action.DELETE_SECRET);
    assertThat(deleted.reason()).isEqualTo(Reason.SourceNotFound);
    assertThat(deleted.getMessage()).contains("every source", "Secret shop/db is deleted", "sourceDeletionPolicy");
    assertThat(SourcesGone.deprovisioned("shop/db", TargetPolicies.Action.REMOVE_KEYS).getMessage())
        .contains("Kaso's keys are removed from Secret shop/db");
  }
}
