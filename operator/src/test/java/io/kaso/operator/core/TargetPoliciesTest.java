package io.kaso.operator.core;

import static io.kaso.operator.core.TargetPolicies.Action.DELETE_SECRET;
import static io.kaso.operator.core.TargetPolicies.Action.LEAVE;
import static io.kaso.operator.core.TargetPolicies.Action.REMOVE_KEYS;
import static io.kaso.operator.core.TargetPolicies.Action.UNTIE;
import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.api.v1alpha1.CreationPolicy;
import io.kaso.operator.api.v1alpha1.DeletionPolicy;
import org.junit.jupiter.api.Test;

class TargetPoliciesTest {

  @Test
  void noneIsTheOnlyPolicyThatWritesNoSecret() {
    assertThat(TargetPolicies.writesSecret(CreationPolicy.None)).isFalse();
    assertThat(TargetPolicies.writesSecret(CreationPolicy.Owner)).isTrue();
    assertThat(TargetPolicies.writesSecret(CreationPolicy.Orphan)).isTrue();
    assertThat(TargetPolicies.writesSecret(CreationPolicy.Merge)).isTrue();
  }

  @Test
  void onlyOwnerSetsAnOwnerReference() {
    assertThat(TargetPolicies.ownerReference(CreationPolicy.Owner)).isTrue();
    assertThat(TargetPolicies.ownerReference(CreationPolicy.Orphan)).isFalse();
    assertThat(TargetPolicies.ownerReference(CreationPolicy.Merge)).isFalse();
    assertThat(TargetPolicies.ownerReference(CreationPolicy.None)).isFalse();
  }

  @Test
  void orphanAndOwnerWriteTheWholeSecretMergeOnlyItsKeys() {
    assertThat(TargetPolicies.writesWholeSecret(CreationPolicy.Orphan)).isTrue();
    assertThat(TargetPolicies.writesWholeSecret(CreationPolicy.Owner)).isTrue();
    assertThat(TargetPolicies.writesWholeSecret(CreationPolicy.Merge)).isFalse();
  }

  @Test
  void deletingTheResourceAppliesTheDeletionPolicyToOwnerAndMerge() {
    assertThat(TargetPolicies.onRelease(CreationPolicy.Owner, DeletionPolicy.Delete, false)).isEqualTo(DELETE_SECRET);
    assertThat(TargetPolicies.onRelease(CreationPolicy.Owner, DeletionPolicy.Retain, false)).isEqualTo(UNTIE);
    assertThat(TargetPolicies.onRelease(CreationPolicy.Merge, DeletionPolicy.Delete, true)).isEqualTo(REMOVE_KEYS);
    assertThat(TargetPolicies.onRelease(CreationPolicy.Merge, DeletionPolicy.Retain, true)).isEqualTo(UNTIE);
    assertThat(TargetPolicies.onRelease(CreationPolicy.Owner, DeletionPolicy.Delete, true))
        .as("a Secret written by Merge before the policy changed keeps its other keys").isEqualTo(REMOVE_KEYS);
  }

  @Test
  void onlyDeletionsThatChangeAKeptSecretNeedTheFinalizer() {
    assertThat(TargetPolicies.needsFinalizer(CreationPolicy.Owner, DeletionPolicy.Delete, false))
        .as("the garbage collector deletes an owned Secret").isFalse();
    assertThat(TargetPolicies.needsFinalizer(CreationPolicy.Owner, DeletionPolicy.Retain, false)).isTrue();
    assertThat(TargetPolicies.needsFinalizer(CreationPolicy.Owner, DeletionPolicy.Delete, true))
        .as("merged keys are removed, the Secret kept").isTrue();
    assertThat(TargetPolicies.needsFinalizer(CreationPolicy.Merge, DeletionPolicy.Delete, false)).isTrue();
    assertThat(TargetPolicies.needsFinalizer(CreationPolicy.Merge, DeletionPolicy.Retain, false)).isTrue();
    for (DeletionPolicy d : DeletionPolicy.values()) {
      assertThat(TargetPolicies.needsFinalizer(CreationPolicy.Orphan, d, false)).isFalse();
      assertThat(TargetPolicies.needsFinalizer(CreationPolicy.None, d, false)).isFalse();
    }
  }

  @Test
  void orphanAndNoneNeverDeleteWhateverTheDeletionPolicy() {
    for (DeletionPolicy d : DeletionPolicy.values()) {
      assertThat(TargetPolicies.onRelease(CreationPolicy.Orphan, d, false)).isEqualTo(LEAVE);
      assertThat(TargetPolicies.onRelease(CreationPolicy.None, d, false)).isEqualTo(LEAVE);
    }
  }

  @Test
  void sourcesGoneDeletesWhatKasoWroteAndNothingElse() {
    assertThat(TargetPolicies.onSourcesGone(CreationPolicy.Owner, false)).isEqualTo(DELETE_SECRET);
    assertThat(TargetPolicies.onSourcesGone(CreationPolicy.Orphan, false)).isEqualTo(DELETE_SECRET);
    assertThat(TargetPolicies.onSourcesGone(CreationPolicy.Merge, true)).isEqualTo(REMOVE_KEYS);
    assertThat(TargetPolicies.onSourcesGone(CreationPolicy.Owner, true)).isEqualTo(REMOVE_KEYS);
    assertThat(TargetPolicies.onSourcesGone(CreationPolicy.None, false)).isEqualTo(LEAVE);
  }
}
