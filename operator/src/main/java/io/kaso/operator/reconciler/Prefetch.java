package io.kaso.operator.reconciler;

import io.fabric8.kubernetes.client.CustomResource;
import io.kaso.operator.api.v1alpha1.SyncSpec;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import io.kaso.operator.core.ResumedState;
import io.kaso.operator.core.SourcePlan;
import io.kaso.operator.source.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * left out when its next refresh is still ahead (it is taken over from the cluster, see {@link io.kaso.operator.core.ResumedState}); one whose plan or
 * access fails is left to fail its own sync with the reason. One Ready whose next refresh has passed is read.
 */
public final class Prefetch<R extends CustomResource<S, SyncStatus>, S extends SyncSpec, P extends SourcePlan> {
  /**
   * How long what the start-up prefetch read is kept: a cold start of many resources reaches the last of them within
   * minutes, and a change in AWS reported by an event forgets the value at once.
   */
  static final Duration AT_START = Duration.ofMinutes(5);

  private final Function<S, P> plans;
  private final SourceReader<P> reader;
  private final AccessResolver access;
  private final Clock clock;
  private final Function<S, Duration> intervals;

  /** @param intervals a spec's refresh interval (the operator's default when it sets none) */
  public Prefetch(Function<S, P> plans, Function<S, Duration> intervals, SourceReader<P> reader,
      AccessResolver access, Clock clock) {
    this.plans = plans;
    this.intervals = intervals;
    this.reader = reader;
    this.access = access;
    this.clock = clock;
  }

  /**
   * Starts the reads of every resource that will sync; returns at once.
   *
   * @return how many resources' sources were asked for
   */
  public int of(Collection<R> resources) {
    Instant now = clock.instant();
    return read(resources.stream()
        .filter(r -> !ResumedState.takenOver(r.getStatus(), SyncOutcomes.generation(r), now)).toList(), AT_START);
  }

  /**
   * Starts the reads of these resources' sources, grouped per scope, in full batches, keeping what is read for
   * {@code keep}; returns at once (a refresh slot's resources, due together).
   *
   * @return how many resources' sources were asked for
   */
  public int read(Collection<R> resources, Duration keep) {
    Map<Scope, Map<Duration, List<P>>> byScope = new LinkedHashMap<>();
    int asked = 0;
    for (R r : resources) {
      if (r.getSpec() == null) {
        continue;
      }
      try {
        P plan = plans.apply(r.getSpec());
        byScope.computeIfAbsent(access.resolve(r, r.getSpec().awsOrEmpty(), plan.policySources()),
            k -> new LinkedHashMap<>()).computeIfAbsent(keptFor(r.getSpec(), keep), k -> new ArrayList<>()).add(plan);
        asked++;
      } catch (RuntimeException skipped) {
        // Its own sync meets the failure and reports it.
      }
    }
    byScope.forEach((scope, byKeep) -> byKeep.forEach((kept, group) -> reader.prefetch(scope, group, kept)));
    return asked;
  }

  /**
   * What is read for a resource is kept no longer than its refresh interval, so its next refresh reads AWS again
   * (a resource refreshing every 30 s must not be served a value the start-up prefetch read 4 minutes earlier).
   */
  private Duration keptFor(S spec, Duration keep) {
    Duration interval = intervals.apply(spec);
    return interval.isZero() || interval.compareTo(keep) >= 0 ? keep : interval;
  }

}
