package io.kaso.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.kaso.operator.api.v1alpha1.Finalizers;
import io.kaso.operator.api.v1alpha1.KasoAnnotations;
import io.kaso.operator.api.v1alpha1.KasoLabels;
import io.kaso.operator.api.v1alpha1.RefreshPolicy;
import io.kaso.operator.api.v1alpha1.SyncSpec;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import io.kaso.operator.core.RefreshPlanner;
import io.kaso.operator.core.SyncDecision;
import io.kaso.operator.core.SyncFailure;
import io.kaso.operator.core.SyncState;
import io.kaso.operator.core.TargetPolicies;
import io.kaso.operator.events.ExpressThreads;
import io.kaso.operator.events.SourceIndex;
import io.kaso.operator.kube.TargetSecretWriter;
import io.kaso.operator.kube.TargetSecrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The reconcile of ExternalParameter and ExternalSecret: decide whether AWS must be read, sync or restore drift,
 * remember the outcome, report status, come back when the next refresh or retry is due.
 */
public final class Reconciliation<S extends SyncSpec, R extends CustomResource<S, SyncStatus>> {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);
  /** The longest a controller's reconcile yields to AWS events' syncs before going on. */
  static final Duration EVENTS_FIRST_AT_MOST = Duration.ofSeconds(1);

  /** The kind an engine serves. */
  public record Kind<R>(String name, Class<R> type) {}

  private final Kind<R> kind;
  private final SyncRun<S, ?> sync;
  private final SyncStateStore states;
  private final StatusReporter reporter;
  private final RefreshPlanner planner;
  private final Clock clock;
  private final SyncMeters meters;
  private final SourceIndex<R> index;
  private final SyncOutcomes outcomes;
  private final RefreshSlots<R, S> slots;
  private final TargetCleanup<S, R> cleanup;
  private final Takeover<S, R> takeover;
  private final ExpressThreads express;
  private final Object[] locks = new Object[256];
  private volatile InformerEventSource<Secret, R> targets;

  public Reconciliation(Kind<R> kind, SyncRun<S, ?> sync, SourceIndex<R> index, SyncStateStore states,
      StatusReporter reporter, RefreshPlanner planner, Clock clock, SyncMeters meters, RefreshSlots<R, S> slots,
      ExpressThreads express) {
    this.kind = kind;
    this.express = express;
    this.slots = slots;
    this.cleanup = new TargetCleanup<>(sync);
    this.takeover = new Takeover<>(sync, planner, clock);
    this.index = index;
    this.sync = sync;
    this.states = states;
    this.reporter = reporter;
    this.planner = planner;
    this.clock = clock;
    this.meters = meters;
    this.outcomes = new SyncOutcomes(planner, reporter);
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  /**
   * Every event of a resource comes here, its deletion included (JOSDK's trigger-on-all-events mode): Kaso adds its
   * finalizer only to resources whose deletion must change a Secret that stays ({@link TargetPolicies#needsFinalizer}),
   * in the reconcile that first syncs them, so a cold start spends no separate write and no separate pass on it.
   */
  public UpdateControl<R> reconcile(R resource, Context<R> context) {
    ResourceID id = ResourceID.fromResource(resource);
    slots.firstReconcile(index::resources);
    if (!index.hasPending(id) && !context.isPrimaryResourceDeleted()) {
      yieldToEvents();
    }
    synchronized (lockOf(id)) {
      if (context.isPrimaryResourceDeleted()) {
        forget(id);
        try (var mdc = logContext(resource)) {
          cleanup.gone(resource, cachedTarget(resource));
        }
        return UpdateControl.noUpdate();
      }
      if (resource.isMarkedForDeletion()) {
        try (var mdc = logContext(resource)) {
          return cleanup.deleting(resource, context, () -> forget(id));
        }
      }
      R held = resource;
      if (!resource.hasFinalizer(Finalizers.TARGET_CLEANUP) && needsFinalizer(resource)) {
        held = context.resourceOperations().addFinalizer(Finalizers.TARGET_CLEANUP);
      }
      return reconcileLocked(held, id);
    }
  }

  /**
   * The express lane of an AWS event: syncs the resource at once if the event is still pending, so a rotation does
   * not wait behind every queued reconcile (a cold start queues thousands). The controller's own reconcile, woken up
   * by the same event, then finds nothing pending. A resource still waiting for the finalizer it needs, or going
   * away, is left to the controller, and so is one that never synced and has no Secret yet: its first sync, queued,
   * reads the changed source anyway (it was forgotten), and nobody reads a stale value meanwhile.
   */
  void syncForEvent(ResourceID id) {
    index.cached(id).ifPresent(resource -> {
      if (resource.isMarkedForDeletion()
          || (!resource.hasFinalizer(Finalizers.TARGET_CLEANUP) && needsFinalizer(resource))
          || (states.get(kind.name(), id) == null && cachedTarget(resource) == null)) {
        return;
      }
      synchronized (lockOf(id)) {
        if (index.hasPending(id)) {
          reconcileLocked(index.cached(id).orElse(resource), id);
        }
      }
    });
  }

  /**
   * AWS events first: while their syncs are queued or running on the express threads, a reconcile nobody's event
   * waits for (a cold start's, a refresh's) lets them have the Kubernetes API and the CPU, for a bounded time.
   */
  private void yieldToEvents() {
    try {
      express.yieldToEvents(EVENTS_FIRST_AT_MOST);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void refreshSlot(R resource, Instant slot) {
    try {
      slots.due(slot, planner.interval(resource.getSpec().getRefreshInterval()));
    } catch (SyncFailure invalidInterval) {
      // The sync itself reports the spec's error.
    }
  }

  /** Reconciles of one resource never run at once (JOSDK's and the express lane's): one lock per stripe of ids. */
  private Object lockOf(ResourceID id) {
    return locks[Math.floorMod(id.hashCode(), locks.length)];
  }

  private UpdateControl<R> reconcileLocked(R resource, ResourceID id) {
    try (var mdc = logContext(resource)) {
      Instant now = clock.instant();
      SyncState state = states.get(kind.name(), id);
      if (state == null) {
        state = takeover.of(resource, cachedTarget(resource));
        if (state != null) {
          states.put(kind.name(), id, state);
          LOG.debug("resumed from the cluster without reading AWS; next refresh {}", state.nextSyncAt());
        }
      }
      Instant requested = index.takePending(id);
      if (requested == null && state != null && state.nextSyncAt() != null && !now.isBefore(state.nextSyncAt())
          && state.failures() == 0 && resource.getSpec() != null) {
        // A periodic refresh: the first of its slot reads the sources of the whole slot at once.
        refreshSlot(resource, state.nextSyncAt());
      }
      SyncDecision decision = SyncDecision.decide(state, SyncOutcomes.generation(resource),
          SyncOutcomes.forceSync(resource), requested != null, refreshPolicy(resource), now);
      SyncState next;
      if (decision.readAws()) {
        LOG.debug("syncing: {}", decision.why());
        next = syncNow(resource, state, now, decision.fresh(), requested);
        if (next == null) {
          // Its sources are being read: woken up when they are, without holding this thread meanwhile.
          return UpdateControl.noUpdate();
        }
      } else {
        next = restoreDrift(resource, state, now);
        if (next == null) {
          resumeRollouts(resource);
          return wakeUp(decision.wakeUpIn());
        }
      }
      states.put(kind.name(), id, next);
      resumeRollouts(resource);
      return wakeUp(next.nextSyncAt() == null ? null : Duration.between(clock.instant(), next.nextSyncAt()));
    }
  }

  private void forget(ResourceID id) {
    states.remove(kind.name(), id);
    index.forget(id);
  }

  private boolean needsFinalizer(R resource) {
    return cleanup.needsFinalizer(resource, cachedTarget(resource));
  }


  /** The informer of this kind's target Secrets (only Secrets Kaso labelled, mapped to their resource) and AWS events. */
  public List<EventSource<?, R>> prepareEventSources(EventSourceContext<R> context) {
    var config = InformerEventSourceConfiguration.from(Secret.class, kind.type())
        .withName(kind.name() + "-targets")
        .withLabelSelector(KasoLabels.MANAGED_SELECTOR + "," + KasoLabels.OWNER_KIND + "=" + kind.name())
        .withSecondaryToPrimaryMapper(this::ownerOf)
        // Kaso's own writes carry a matching hash: only drift (edits, deletes) wakes the resource up.
        .withOnAddFilter(secret -> !sync.hashMatches(secret))
        .withOnUpdateFilter((secret, old) -> !sync.hashMatches(secret))
        .build();
    targets = new InformerEventSource<>(config, context);
    meters.watchResources(kind.name(), context.getPrimaryCache());
    index.expressLane(this::syncForEvent);
    return List.of(targets, index.attach(context.getPrimaryCache()));
  }

  /**
   * Reads AWS, writes the target, reports: a short list of steps. Every failure, Kaso's own or the Kubernetes API's,
   * becomes a {@link SyncFailure}: Ready=False, a Warning event, a retry with backoff. Returns null, having done
   * nothing, when sources are being read by others right now (the resource is woken up when they are).
   */
  private SyncState syncNow(R resource, SyncState state, Instant now, boolean fresh, Instant requested) {
    long started = System.nanoTime();
    SyncOutcomes.Outcome outcome;
    try {
      SyncRun.Result r;
      try {
        r = sync.run(resource, specOf(resource), cachedTarget(resource), fresh,
            !index.takeDeferred(ResourceID.fromResource(resource)));
      } catch (SourcesInFlight inFlight) {
        index.wakeWhenRead(ResourceID.fromResource(resource), requested, inFlight.reads());
        return null;
      }
      outcome = outcomes.succeeded(resource, r, now);
      if (requested != null) {
        meters.eventToSync(Duration.between(requested, clock.instant()));
      }
      LOG.info("synced: {} ({})", r.message(), r.written().change());
    } catch (RuntimeException e) {
      SyncFailure f = SyncOutcomes.asFailure(e);
      outcome = outcomes.failed(resource, state, f, now);
      try (var reason = MDC.putCloseable("reason", outcome.result())) {
        LOG.warn("sync failed: {}", f.getMessage());
      }
    }
    meters.record(kind.name(), outcome.result(), Duration.ofNanos(System.nanoTime() - started));
    return outcomes.report(resource, outcome, now);
  }

  private S specOf(R resource) {
    if (resource.getSpec() == null) {
      throw SyncFailure.invalidSpec("spec is missing");
    }
    // An invalid refreshInterval is the spec's fault: found before AWS is read.
    planner.interval(resource.getSpec().getRefreshInterval());
    return resource.getSpec();
  }

  private static RefreshPolicy refreshPolicy(CustomResource<? extends SyncSpec, ?> resource) {
    return resource.getSpec() == null ? RefreshPolicy.Periodic : resource.getSpec().refreshPolicyOrDefault();
  }

  /**
   * Puts the last sync's data back into a target that was edited or deleted. Returns null when nothing failed, else
   * the state after the failure (reported like a failed sync, and retried with a full sync after backoff).
   */
  private SyncState restoreDrift(R resource, SyncState state, Instant now) {
    if (state == null || state.lastGood() == null || state.lastGood().generation() != SyncOutcomes.generation(resource)) {
      return null;
    }
    try {
      TargetSecretWriter.Written w = sync.restore(resource, resource.getSpec(), state.lastGood(), cachedTarget(resource));
      if (w.wrote()) {
        LOG.info("restored the target Secret from the last sync ({})", w.change());
        reporter.restored(resource);
      }
      return null;
    } catch (RuntimeException e) {
      SyncFailure f = SyncOutcomes.asFailure(e);
      LOG.warn("could not restore the target Secret: {}", f.getMessage());
      return outcomes.report(resource, outcomes.failed(resource, state, f, now), now);
    }
  }

  /** Queues restarts the target still records as pending (an earlier operator stopped before they went out). */
  private void resumeRollouts(R resource) {
    try {
      sync.resumeRollouts(resource, resource.getSpec(), cachedTarget(resource));
    } catch (RuntimeException e) {
      LOG.warn("could not queue pending rollout restarts: {}", e.getClass().getSimpleName());
    }
  }

  private Secret cachedTarget(R resource) {
    InformerEventSource<Secret, R> informer = targets;
    if (informer == null || resource.getSpec() == null) {
      return null;
    }
    String name = TargetSecrets.targetName(resource, resource.getSpec().targetOrDefault());
    return informer.get(new ResourceID(name, resource.getMetadata().getNamespace())).orElse(null);
  }

  private Set<ResourceID> ownerOf(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String owner = annotations == null ? null : annotations.get(KasoAnnotations.OWNER);
    String prefix = kind.name() + "/";
    if (owner == null || !owner.startsWith(prefix)) {
      return Set.of();
    }
    return Set.of(new ResourceID(owner.substring(prefix.length()), secret.getMetadata().getNamespace()));
  }

  private UpdateControl<R> wakeUp(Duration in) {
    UpdateControl<R> control = UpdateControl.<R>noUpdate();
    return in == null ? control : control.rescheduleAfter(in.isNegative() ? Duration.ZERO : in);
  }



  /** Resource coordinates in every log line of a reconcile. */
  private interface LogContext extends AutoCloseable {
    @Override
    void close();
  }

  private LogContext logContext(R resource) {
    MDC.put("namespace", resource.getMetadata().getNamespace());
    MDC.put("name", resource.getMetadata().getName());
    MDC.put("kind", kind.name());
    return () -> {
      MDC.remove("namespace");
      MDC.remove("name");
      MDC.remove("kind");
    };
  }
}
