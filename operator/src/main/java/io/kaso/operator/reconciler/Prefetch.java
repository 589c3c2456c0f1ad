package io.kaso.operator.reconciler;

import io.fabric8.kubernetes.client.CustomResource;
import io.kaso.operator.api.v1alpha1.SyncSpec;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import io.kaso.operator.core.ResumedState;
import io.kaso.operator.core.SourcePlan;
import io.kaso.operator.source.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Batching from knowing the workload: when many resources are about to sync at once (a cold start), their sources
 * are grouped per scope (identity and region) from the informer cache and read in full batches before the syncs ask
 * for them; each sync then joins a read in flight or finds the value. A resource already Ready for its generation is
 * left out (it is taken over from the cluster, see {@link io.kaso.operator.core.ResumedState}); one whose plan or
 * access fails is left to fail its own sync with the reason.
 */
public final class Prefetch<R extends CustomResource<S, SyncStatus>, S extends SyncSpec, P extends SourcePlan> {
  private final Function<S, P> plans;
  private final SourceReader<P> reader;
  private final AccessResolver access;

  public Prefetch(Function<S, P> plans, SourceReader<P> reader, AccessResolver access) {
    this.plans = plans;
    this.reader = reader;
    this.access = access;
  }

  /**
   * Starts the reads of every resource that will sync; returns at once.
   *
   * @return how many resources' sources were asked for
   */
  public int of(Collection<R> resources) {
    Map<Scope, List<P>> byScope = new LinkedHashMap<>();
    int asked = 0;
    for (R r : resources) {
      if (r.getSpec() == null || readyForItsGeneration(r)) {
        continue;
      }
      try {
        P plan = plans.apply(r.getSpec());
        byScope.computeIfAbsent(access.resolve(r, r.getSpec().awsOrEmpty(), plan.policySources()),
            k -> new ArrayList<>()).add(plan);
        asked++;
      } catch (RuntimeException skipped) {
        // Its own sync meets the failure and reports it.
      }
    }
    byScope.forEach(reader::prefetch);
    return asked;
  }

  private static boolean readyForItsGeneration(CustomResource<?, SyncStatus> r) {
    return ResumedState.readyFor(r.getStatus(), SyncOutcomes.generation(r));
  }
}
