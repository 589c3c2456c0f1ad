package io.kaso.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kaso.operator.api.v1alpha1.RolloutTarget;
import io.kaso.operator.kube.Workloads.Workload;
import io.kaso.operator.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls the workloads that use a Secret whose data changed (DESIGN 2.5): the resource's {@code rolloutRestart}
 * targets and the workloads of its namespace annotated {@code kaso.io/reload: "true"} that reference the Secret. The
 * restart is what {@code kubectl rollout restart} does: {@code kaso.io/restartedAt} on the pod template. Restarts go
 * out one at a time at {@code KASO_ROLLOUT_RATE} per second for the whole operator (the first one too, so an
 * operator that starts with many pending rollouts does not burst), so one widely used parameter does not restart a
 * cluster at once; a workload already waiting for a restart is not queued twice.
 *
 * <p>A change is known by its Secret and data hash. The target Secret records it as pending
 * ({@code kaso.io/rollout-pending}, written with the data) until every restart for it went out; the annotation is
 * then removed. An operator that stopped in between leaves it, and the next one finishes the rollout (at least once).
 * Failures to find or patch workloads are retried with backoff; nothing is dropped while the operator runs.
 */
public final class RolloutRestarter implements AutoCloseable {
  static final Duration RETRY_MIN = Duration.ofSeconds(1);
  static final Duration RETRY_MAX = Duration.ofSeconds(60);
  private static final int DONE_REMEMBERED = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(RolloutRestarter.class);

  /** One change to roll out: who asked, which Secret, which explicit targets, which data. */
  private record Change(HasMetadata resource, String secretName, List<RolloutTarget> targets, String hash) {
    String key() {
      return key(resource.getMetadata().getNamespace(), secretName, hash);
    }

    static String key(String namespace, String secretName, String hash) {
      return namespace + "/" + secretName + "@" + hash;
    }
  }

  /** Something to do again later, after a failure. */
  private record Retry<T>(T what, long dueNanos, int attempts) {}

  private final Workloads workloads;
  private final EventRecorder events;
  private final Clock clock;
  private final MeterRegistry registry;
  private final long pauseNanos;
  /** Wakes the worker up to stop. */
  private static final Change STOP = new Change(null, null, List.of(), null);
  private static final long STOP_WAIT_MILLIS = 5_000;
  private final LinkedBlockingQueue<Change> changes = new LinkedBlockingQueue<>();
  /** Changes accepted and not finished: a change asked for again meanwhile is not queued twice. */
  private final Set<String> accepted = ConcurrentHashMap.newKeySet();
  /** Changes finished in this process, so a cached Secret that still shows them pending does not restart again. */
  private final Map<String, Boolean> done = Collections.synchronizedMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > DONE_REMEMBERED;
    }
  });
  // The worker's own state.
  private final Map<Workload, HasMetadata> queued = new LinkedHashMap<>();
  private final Map<String, Map.Entry<Change, Set<Workload>>> outstanding = new LinkedHashMap<>();
  private final List<Retry<Change>> unresolved = new ArrayList<>();
  private final Map<Workload, Retry<HasMetadata>> failedRestarts = new LinkedHashMap<>();
  private long nextRestartAt;
  private volatile int backlog;
  private final Thread worker;
  private volatile boolean running = true;

  /** @param ratePerSecond restarts per second across the operator */
  public RolloutRestarter(KubernetesClient client, EventRecorder events, double ratePerSecond, Clock clock,
      MeterRegistry registry) {
    this.workloads = new Workloads(client, events);
    this.events = events;
    this.clock = clock;
    this.registry = registry;
    this.pauseNanos = (long) (1e9 / ratePerSecond);
    this.nextRestartAt = System.nanoTime() + pauseNanos;
    this.worker = new Thread(this::work, "kaso-rollouts");
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Queues the restarts for a change of a Secret's data. Returns at once; a change already queued, in progress or
   * finished is ignored.
   *
   * @param hash the data hash of the change (the Secret's kaso.io/rollout-pending)
   */
  public void secretChanged(HasMetadata resource, String secretName, List<RolloutTarget> targets, String hash) {
    Change change = new Change(resource, secretName, List.copyOf(targets), hash);
    String key = change.key();
    if (!done.containsKey(key) && accepted.add(key)) {
      changes.add(change);
    }
  }

  /** Whether the worker runs (for /readyz): it survives any failure, so false means something is badly wrong. */
  public boolean alive() {
    return worker.isAlive();
  }

  /** Workloads waiting for a restart, for /readyz. */
  public int backlog() {
    return backlog;
  }

  private void work() {
    while (running) {
      try {
        step();
      } catch (InterruptedException e) {
        if (!running) {
          return;
        }
      } catch (Throwable t) {
        // Nothing may end the restarts for the life of the process; what failed is retried by its own backoff.
        LOG.error("rollout worker: unexpected {}, continuing", t.toString());
        try {
          Thread.sleep(RETRY_MIN.toMillis());
        } catch (InterruptedException e) {
          if (!running) {
            return;
          }
        }
      }
    }
  }

  /** Waits for work, takes in new changes and due retries, and sends the next restart when the pace allows it. */
  void step() throws InterruptedException {
    Change first = changes.poll(waitNanos(System.nanoTime()), TimeUnit.NANOSECONDS);
    if (first == STOP || !running) {
      return;
    }
    if (first != null) {
      resolve(first, 1);
    }
    Change more;
    while ((more = changes.poll()) != null && more != STOP) {
      resolve(more, 1);
    }
    long now = System.nanoTime();
    for (Retry<Change> r : List.copyOf(unresolved)) {
      if (now - r.dueNanos() >= 0) {
        unresolved.remove(r);
        resolve(r.what(), r.attempts() + 1);
      }
    }
    for (var e : List.copyOf(failedRestarts.entrySet())) {
      if (now - e.getValue().dueNanos() >= 0) {
        queued.putIfAbsent(e.getKey(), e.getValue().what());
      }
    }
    if (!queued.isEmpty() && now - nextRestartAt >= 0) {
      Map.Entry<Workload, HasMetadata> next = queued.entrySet().iterator().next();
      queued.remove(next.getKey());
      nextRestartAt = System.nanoTime() + pauseNanos;
      if (restart(next.getKey(), next.getValue())) {
        failedRestarts.remove(next.getKey());
        restarted(next.getKey());
      } else {
        Retry<HasMetadata> before = failedRestarts.get(next.getKey());
        int attempts = before == null ? 1 : before.attempts() + 1;
        failedRestarts.put(next.getKey(), new Retry<>(next.getValue(), System.nanoTime() + backoff(attempts),
            attempts));
      }
    }
    backlog = queued.size() + failedRestarts.size();
  }

  /** How long the worker may wait for a new change before something else is due. */
  private long waitNanos(long now) {
    long wait = TimeUnit.SECONDS.toNanos(1);
    if (!queued.isEmpty()) {
      wait = Math.min(wait, nextRestartAt - now);
    }
    for (Retry<Change> r : unresolved) {
      wait = Math.min(wait, r.dueNanos() - now);
    }
    for (Retry<HasMetadata> r : failedRestarts.values()) {
      wait = Math.min(wait, r.dueNanos() - now);
    }
    return Math.max(wait, 0);
  }

  private static long backoff(int attempts) {
    long nanos = RETRY_MIN.toNanos() << Math.min(attempts - 1, 10);
    return Math.min(nanos, RETRY_MAX.toNanos());
  }

  /** Turns a change into workloads to restart; a failure to list them is retried, never dropped. */
  private void resolve(Change change, int attempt) {
    Set<Workload> toRestart;
    try {
      toRestart = workloads.toRestart(change.resource(), change.secretName(), change.targets());
    } catch (RuntimeException | Error e) {
      // Whatever it was, the change stays: it is tried again after a backoff.
      String why = e instanceof KubernetesClientException k ? KubeErrors.message(k) : e.getClass().getSimpleName();
      LOG.warn("could not find the workloads to restart for Secret {}/{} (attempt {}), retrying: {}",
          change.resource().getMetadata().getNamespace(), change.secretName(), attempt, why);
      unresolved.add(new Retry<>(change, System.nanoTime() + backoff(attempt), attempt));
      return;
    }
    toRestart.forEach(w -> queued.putIfAbsent(w, change.resource()));
    outstanding.put(change.key(), Map.entry(change, new LinkedHashSet<>(toRestart)));
    if (toRestart.isEmpty()) {
      finish(change);
    }
  }

  /** One restart serves every change waiting for that workload. */
  private void restarted(Workload w) {
    for (var entry : List.copyOf(outstanding.values())) {
      Set<Workload> left = entry.getValue();
      if (left.remove(w) && left.isEmpty()) {
        finish(entry.getKey());
      }
    }
  }

  /** Every restart of a change went out: the Secret no longer records it as pending. */
  private void finish(Change change) {
    outstanding.remove(change.key());
    done.put(change.key(), Boolean.TRUE);
    accepted.remove(change.key());
    String ns = change.resource().getMetadata().getNamespace();
    try {
      workloads.clearPendingRollout(ns, change.secretName(), change.hash());
    } catch (KubernetesClientException e) {
      // Left pending: a later operator restarts once more (at least once), never less.
      LOG.warn("could not clear the pending rollout of Secret {}/{}: {}", ns, change.secretName(),
          KubeErrors.message(e));
    }
  }

  /** Patches one workload; true when done (restarted, or gone), false to try again later. */
  private boolean restart(Workload w, HasMetadata resource) {
    try {
      workloads.restart(w, clock.instant().truncatedTo(ChronoUnit.SECONDS));
      Counter.builder(MetricNames.ROLLOUT_RESTARTS).description("Workload restarts after a Secret changed")
          .tag("kind", w.kind().name()).register(registry).increment();
      LOG.info("restarted {} {}/{} after its Secret changed", w.kind(), w.namespace(), w.name());
      return true;
    } catch (KubernetesClientException e) {
      boolean gone = e.getCode() == 404;
      if (gone || !failedRestarts.containsKey(w)) {
        events.warning(resource, "RolloutFailed", "could not restart " + w.kind() + " " + w.namespace() + "/"
            + w.name() + ": " + KubeErrors.message(e) + (gone ? "" : "; retrying"));
      }
      return gone;
    } catch (RuntimeException e) {
      LOG.warn("could not restart {} {}/{}, retrying: {}", w.kind(), w.namespace(), w.name(),
          e.getClass().getSimpleName());
      return false;
    }
  }

  /**
   * Stops the worker after the call it is making, if any: a request cut off by an interrupt would be left open on
   * a client that is closed next.
   */
  @Override
  public void close() {
    running = false;
    changes.add(STOP);
    try {
      worker.join(STOP_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker.interrupt();
  }
}
