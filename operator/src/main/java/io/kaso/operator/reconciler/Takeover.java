package io.kaso.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.CustomResource;
import io.kaso.operator.api.v1alpha1.KasoAnnotations;
import io.kaso.operator.api.v1alpha1.RefreshPolicy;
import io.kaso.operator.api.v1alpha1.SyncSpec;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import io.kaso.operator.core.RefreshPlanner;
import io.kaso.operator.core.ResumedState;
import io.kaso.operator.core.SecretData;
import io.kaso.operator.core.SyncFailure;
import io.kaso.operator.core.SyncState;
import io.kaso.operator.core.TargetPolicies;
import io.kaso.operator.kube.TargetSecrets;
import java.time.Clock;
import java.util.Map;

/**
 * After a start, what the cluster shows of a resource synced before (its status and its intact target Secret), so
 * that a restart reads nothing from AWS and writes nothing until each resource's next refresh.
 */
final class Takeover<S extends SyncSpec, R extends CustomResource<S, SyncStatus>> {
  private final SyncRun<S, ?> sync;
  private final RefreshPlanner planner;
  private final Clock clock;

  Takeover(SyncRun<S, ?> sync, RefreshPlanner planner, Clock clock) {
    this.sync = sync;
    this.planner = planner;
    this.clock = clock;
  }

  /**
   * The state rebuilt from the cluster, or null when the resource must sync now.
   *
   * @param target the target Secret as the informer cache has it, or null
   */
  SyncState of(R resource, Secret target) {
    if (resource.getSpec() == null) {
      return null;
    }
    boolean refreshDisabled;
    try {
      RefreshPolicy policy = resource.getSpec().refreshPolicyOrDefault();
      refreshDisabled = !RefreshPlanner.polls(policy, planner.interval(resource.getSpec().getRefreshInterval()));
    } catch (SyncFailure invalid) {
      return null;
    }
    if (!TargetPolicies.writesSecret(resource.getSpec().targetOrDefault().creationPolicyOrDefault())) {
      return ResumedState.withoutTarget(resource.getStatus(), SyncOutcomes.generation(resource),
          SyncOutcomes.forceSync(resource), refreshDisabled, clock.instant());
    }
    if (target == null) {
      return null;
    }
    Map<String, String> annotations = target.getMetadata().getAnnotations();
    return ResumedState.of(resource.getStatus(), SyncOutcomes.generation(resource), SyncOutcomes.forceSync(resource),
        SecretData.of(TargetSecrets.managedData(target)), sync.hashMatches(target),
        annotations == null ? null : annotations.get(KasoAnnotations.DATA_HASH), refreshDisabled, clock.instant());
  }
}
