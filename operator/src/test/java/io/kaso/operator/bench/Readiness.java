package io.kaso.operator.bench;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ExternalSecret;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * When resources became Ready (Ready=True): the first, half, 99 % and all of them, timed as the informers see each
 * status change, not by listing every resource again and again.
 */
final class Readiness implements AutoCloseable {
  private static final double[] MILESTONES = {0, 0.5, 0.99, 1.0};

  private final int total;
  private final long startedNanos;
  private final Set<String> ready = ConcurrentHashMap.newKeySet();
  private final List<String> milestones = new CopyOnWriteArrayList<>();
  private final List<SharedIndexInformer<?>> informers;
  private int reached;
  private volatile long allReadyNanos;

  /** Times from {@code startedNanos} ({@link System#nanoTime}), when the operator started. */
  Readiness(KubernetesClient client, int total, long startedNanos) {
    this.total = total;
    this.startedNanos = startedNanos;
    informers = List.of(inform(client, ExternalParameter.class), inform(client, ExternalSecret.class));
  }

  private <T extends CustomResource<?, SyncStatus>> SharedIndexInformer<T> inform(KubernetesClient client,
      Class<T> kind) {
    return client.resources(kind).inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(T r) {
        seen(r);
      }

      @Override
      public void onUpdate(T old, T r) {
        seen(r);
      }

      @Override
      public void onDelete(T r, boolean unknown) {
        ready.remove(id(r));
      }
    });
  }

  private void seen(CustomResource<?, SyncStatus> r) {
    boolean isReady = r.getStatus() != null
        && r.getStatus().ready().map(c -> "True".equals(c.getStatus())).orElse(false);
    if (isReady && ready.add(id(r))) {
      milestone();
    } else if (!isReady) {
      ready.remove(id(r));
    }
  }

  private synchronized void milestone() {
    int now = ready.size();
    while (reached < MILESTONES.length && now >= Math.max(1, (int) Math.ceil(MILESTONES[reached] * total))) {
      double share = MILESTONES[reached++];
      if (share == 1.0) {
        allReadyNanos = System.nanoTime();
      }
      milestones.add(String.format("%s Ready at %.1f s", share == 0 ? "first" : (int) (share * 100) + " %",
          Duration.ofNanos(System.nanoTime() - startedNanos).toMillis() / 1000.0));
    }
  }

  private static String id(CustomResource<?, ?> r) {
    return r.getKind() + "/" + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }

  boolean allReady() {
    return ready.size() >= total;
  }

  /** When every resource was Ready first ({@link System#nanoTime}), or now when that has not happened. */
  long allReadyAt() {
    return allReadyNanos == 0 ? System.nanoTime() : allReadyNanos;
  }

  int ready() {
    return ready.size();
  }

  void print() {
    milestones.forEach(System.out::println);
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
