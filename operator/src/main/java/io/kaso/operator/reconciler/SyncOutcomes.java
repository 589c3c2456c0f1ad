package io.kaso.operator.reconciler;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kaso.operator.api.v1alpha1.KasoAnnotations;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.SyncSpec;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import io.kaso.operator.core.FailureReasons;
import io.kaso.operator.core.RefreshPlanner;
import io.kaso.operator.core.SourcesGone;
import io.kaso.operator.core.StatusBuilder;
import io.kaso.operator.core.SyncFailure;
import io.kaso.operator.core.SyncState;
import io.kaso.operator.core.SyncState.LastGood;
import io.kaso.operator.kube.KubeErrors;
import io.kaso.operator.kube.TargetSecretWriter;
import io.kaso.operator.source.SourceException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What a sync attempt leads to: the status to report, the state to remember until the next reconcile, and the
 * reporting itself. Every exception of a sync, Kaso's own or the Kubernetes API's, becomes a {@link SyncFailure}.
 */
final class SyncOutcomes {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

  private final RefreshPlanner planner;
  private final StatusReporter reporter;

  SyncOutcomes(RefreshPlanner planner, StatusReporter reporter) {
    this.planner = planner;
    this.reporter = reporter;
  }

  /** What one sync attempt leads to: the status to report, the state to remember, the metric's result. */
  record Outcome(SyncStatus status, SyncState next, String result, boolean created, boolean changed) {}

  /**
   * Writes the outcome's status and event. When the status cannot be written, the outcome is not visible yet: a
   * Warning event says so (best effort) and the sync is retried with backoff, which writes the status again.
   */
  SyncState report(CustomResource<? extends SyncSpec, SyncStatus> resource, Outcome outcome, Instant now) {
    try {
      reporter.report(resource, outcome.status(), outcome.created(), outcome.changed());
      return outcome.next();
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        // The operator is stopping (JOSDK interrupts its reconcile threads): nothing to report, no retry to plan.
        return outcome.next();
      }
      SyncFailure f = new SyncFailure(Reason.KubernetesApiError, "writing the status failed: " + kubeMessage(e), e);
      try (var reason = MDC.putCloseable("reason", f.reason().name())) {
        LOG.warn("{}; retrying", f.getMessage());
      }
      reporter.failed(resource, f.reason().name(), f.getMessage());
      SyncState done = outcome.next();
      int failures = done.failures() + 1;
      return new SyncState(done.generation(), done.forceSync(), done.lastGood(),
          planner.afterFailure(f, failures, intervalOrNull(resource), now), failures, f.reason());
    }
  }

  /** What any exception of a sync means for the resource; unexpected ones are logged without their message. */
  static SyncFailure asFailure(RuntimeException e) {
    if (e instanceof SyncFailure f) {
      return f;
    }
    if (e instanceof SourceException s) {
      return FailureReasons.of(s);
    }
    if (e instanceof KubernetesClientException k) {
      return new SyncFailure(Reason.KubernetesApiError, "a Kubernetes API call failed: " + KubeErrors.message(k), k);
    }
    // Its message may hold anything, values included: the log gets the type and where it was thrown.
    StackTraceElement[] at = e.getStackTrace();
    LOG.error("unexpected {} at {}", e.getClass().getName(), at.length == 0 ? "?" : at[0]);
    return new SyncFailure(Reason.SyncFailed, "unexpected " + e.getClass().getSimpleName()
        + " in the operator (see its log); retrying", e);
  }

  private static String kubeMessage(RuntimeException e) {
    return e instanceof KubernetesClientException k ? KubeErrors.message(k) : e.getClass().getSimpleName();
  }

  Outcome succeeded(CustomResource<? extends SyncSpec, SyncStatus> resource, SyncRun.Result r, Instant now) {
    long generation = generation(resource);
    Instant nextRefresh = planner.afterSuccess(resource.getSpec().refreshPolicyOrDefault(),
        planner.interval(resource.getSpec().getRefreshInterval()), now);
    boolean changed = r.written().dataChanged(r.hash());
    boolean created = r.written().change() == TargetSecretWriter.Change.CREATED;
    SyncStatus status = StatusBuilder.synced(resource.getStatus(), generation, now, changed || created,
        r.data().size(), r.sources(), nextRefresh, r.message());
    SyncState next = new SyncState(generation, forceSync(resource),
        new LastGood(r.data(), r.hash(), generation, r.metadata()), nextRefresh, 0, null);
    return new Outcome(status, next, Reason.Synced.name(), created, changed);
  }

  Outcome failed(CustomResource<? extends SyncSpec, SyncStatus> resource, SyncState state, SyncFailure f,
      Instant now) {
    long generation = generation(resource);
    int failures = state == null || state.lastFailure() == null ? 1 : state.failures() + 1;
    Instant retry = planner.afterFailure(f, failures, intervalOrNull(resource), now);
    // Once the target was deprovisioned there is no data left to restore drift from.
    boolean gone = f instanceof SourcesGone;
    SyncStatus status = gone ? StatusBuilder.sourcesGone(resource.getStatus(), generation, now, f.getMessage(), retry)
        : StatusBuilder.failed(resource.getStatus(), generation, now, f.reason(), f.getMessage(), retry);
    SyncState next = new SyncState(generation, forceSync(resource), state == null || gone ? null : state.lastGood(),
        retry, failures, f.reason());
    return new Outcome(status, next, f.reason().name(), false, false);
  }

  /** The refresh interval that caps failure backoff, or null when the spec has none that parses. */
  Duration intervalOrNull(CustomResource<? extends SyncSpec, ?> resource) {
    try {
      return resource.getSpec() == null ? null : planner.interval(resource.getSpec().getRefreshInterval());
    } catch (SyncFailure invalid) {
      return null;
    }
  }

  static long generation(CustomResource<?, ?> r) {
    return Objects.requireNonNullElse(r.getMetadata().getGeneration(), 0L);
  }

  static String forceSync(CustomResource<?, ?> r) {
    Map<String, String> annotations = r.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(KasoAnnotations.FORCE_SYNC);
  }
}
