package io.kaso.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kaso.operator.api.v1alpha1.KasoAnnotations;
import io.kaso.operator.api.v1alpha1.RolloutTarget;
import io.kaso.operator.api.v1alpha1.WorkloadKind;
import io.kaso.operator.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls the workloads that use a Secret whose data changed (DESIGN 2.5): the resource's {@code rolloutRestart}
 * targets and the workloads of its namespace annotated {@code kaso.io/reload: "true"} that reference the Secret. The
 * restart is what {@code kubectl rollout restart} does: {@code kaso.io/restartedAt} on the pod template. Restarts go
 * out one at a time at {@code KASO_ROLLOUT_RATE} per second for the whole operator, so one widely used parameter
 * does not restart a cluster at once; a workload already waiting for a restart is not queued twice.
 */
public final class RolloutRestarter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RolloutRestarter.class);

  /** One change to roll out: who asked, which Secret, which explicit targets. */
  private record Change(HasMetadata resource, String secretName, List<RolloutTarget> targets) {}

  private record Workload(WorkloadKind kind, String namespace, String name) {}

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Clock clock;
  private final MeterRegistry registry;
  private final long pauseNanos;
  private final LinkedBlockingQueue<Change> changes = new LinkedBlockingQueue<>();
  private final Map<Workload, HasMetadata> queued = new LinkedHashMap<>();
  private final Thread worker;
  private volatile boolean running = true;

  /** @param ratePerSecond restarts per second across the operator */
  public RolloutRestarter(KubernetesClient client, EventRecorder events, double ratePerSecond, Clock clock,
      MeterRegistry registry) {
    this.client = client;
    this.events = events;
    this.clock = clock;
    this.registry = registry;
    this.pauseNanos = (long) (1e9 / ratePerSecond);
    this.worker = new Thread(this::work, "kaso-rollouts");
    worker.setDaemon(true);
    worker.start();
  }

  /** Queues the restarts for a Secret whose data just changed. Returns at once. */
  public void secretChanged(HasMetadata resource, String secretName, List<RolloutTarget> targets) {
    changes.add(new Change(resource, secretName, List.copyOf(targets)));
  }

  private void work() {
    while (running) {
      try {
        Change first = changes.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        resolve(first);
        Change more;
        while ((more = changes.poll()) != null) {
          resolve(more);
        }
        restartQueued();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("rollout restarts failed: {}", e.toString());
      }
    }
  }

  /** Turns a change into workloads: the explicit targets and the opted-in workloads that use the Secret. */
  private void resolve(Change change) {
    String ns = change.resource().getMetadata().getNamespace();
    Set<Workload> workloads = new LinkedHashSet<>();
    for (RolloutTarget t : change.targets()) {
      if (t.getKind() == null || t.getName() == null) {
        continue;
      }
      Workload w = new Workload(t.getKind(), ns, t.getName());
      if (template(w) == null) {
        events.warning(change.resource(), "RolloutTargetNotFound", t.getKind() + " " + ns + "/" + t.getName()
            + " named in rolloutRestart does not exist; nothing was restarted for it");
        continue;
      }
      workloads.add(w);
    }
    workloads.addAll(optedIn(ns, change.secretName()));
    workloads.forEach(w -> queued.putIfAbsent(w, change.resource()));
  }

  private Set<Workload> optedIn(String ns, String secretName) {
    Set<Workload> out = new LinkedHashSet<>();
    for (Deployment d : client.apps().deployments().inNamespace(ns).list().getItems()) {
      addIfUses(out, WorkloadKind.Deployment, d, d.getSpec() == null ? null : d.getSpec().getTemplate(), secretName);
    }
    for (StatefulSet s : client.apps().statefulSets().inNamespace(ns).list().getItems()) {
      addIfUses(out, WorkloadKind.StatefulSet, s, s.getSpec() == null ? null : s.getSpec().getTemplate(), secretName);
    }
    for (DaemonSet d : client.apps().daemonSets().inNamespace(ns).list().getItems()) {
      addIfUses(out, WorkloadKind.DaemonSet, d, d.getSpec() == null ? null : d.getSpec().getTemplate(), secretName);
    }
    return out;
  }

  private static void addIfUses(Set<Workload> out, WorkloadKind kind, HasMetadata w, PodTemplateSpec template,
      String secretName) {
    Map<String, String> annotations = w.getMetadata().getAnnotations();
    if (annotations != null && "true".equals(annotations.get(KasoAnnotations.RELOAD)) && template != null
        && WorkloadReferences.uses(template.getSpec(), secretName)) {
      out.add(new Workload(kind, w.getMetadata().getNamespace(), w.getMetadata().getName()));
    }
  }

  private void restartQueued() throws InterruptedException {
    while (!queued.isEmpty() && running) {
      Map.Entry<Workload, HasMetadata> next = queued.entrySet().iterator().next();
      queued.remove(next.getKey());
      restart(next.getKey(), next.getValue());
      TimeUnit.NANOSECONDS.sleep(pauseNanos);
      // Changes that came in meanwhile join the queue; a workload already queued is not restarted twice.
      Change more;
      while ((more = changes.poll()) != null) {
        resolve(more);
      }
    }
  }

  private void restart(Workload w, HasMetadata resource) {
    String at = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    String patch = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"" + KasoAnnotations.RESTARTED_AT
        + "\":\"" + at + "\"}}}}}";
    try {
      PatchContext merge = PatchContext.of(PatchType.JSON_MERGE);
      switch (w.kind()) {
        case Deployment -> client.apps().deployments().inNamespace(w.namespace()).withName(w.name())
            .patch(merge, patch);
        case StatefulSet -> client.apps().statefulSets().inNamespace(w.namespace()).withName(w.name())
            .patch(merge, patch);
        case DaemonSet -> client.apps().daemonSets().inNamespace(w.namespace()).withName(w.name())
            .patch(merge, patch);
        default -> throw new IllegalStateException(w.kind().name());
      }
      Counter.builder(MetricNames.ROLLOUT_RESTARTS).description("Workload restarts after a Secret changed")
          .tag("kind", w.kind().name()).register(registry).increment();
      LOG.info("restarted {} {}/{} after its Secret changed", w.kind(), w.namespace(), w.name());
    } catch (KubernetesClientException e) {
      events.warning(resource, "RolloutFailed", "could not restart " + w.kind() + " " + w.namespace() + "/" + w.name()
          + ": " + KubeErrors.message(e));
    }
  }

  private PodTemplateSpec template(Workload w) {
    return switch (w.kind()) {
      case Deployment -> {
        Deployment d = client.apps().deployments().inNamespace(w.namespace()).withName(w.name()).get();
        yield d == null || d.getSpec() == null ? null : d.getSpec().getTemplate();
      }
      case StatefulSet -> {
        StatefulSet s = client.apps().statefulSets().inNamespace(w.namespace()).withName(w.name()).get();
        yield s == null || s.getSpec() == null ? null : s.getSpec().getTemplate();
      }
      case DaemonSet -> {
        DaemonSet d = client.apps().daemonSets().inNamespace(w.namespace()).withName(w.name()).get();
        yield d == null || d.getSpec() == null ? null : d.getSpec().getTemplate();
      }
    };
  }

  @Override
  public void close() {
    running = false;
    worker.interrupt();
  }
}
