package io.kaso.operator.kube;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.core.SyncFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Reads Namespaces and ServiceAccounts with a short cache: policy annotations and IRSA roles change rarely, and one
 * GET per namespace every few seconds is cheaper than watching every Namespace and ServiceAccount of the cluster.
 */
public final class KubeLookups {
  /** How long a Namespace or ServiceAccount read is reused. */
  public static final Duration TTL = Duration.ofSeconds(15);

  private record Cached<T>(Optional<T> value, Instant at) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Cached<Namespace>> namespaces = new ConcurrentHashMap<>();
  private final Map<String, Cached<ServiceAccount>> serviceAccounts = new ConcurrentHashMap<>();

  public KubeLookups(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * The annotations of a Namespace (empty when it has none or does not exist).
   *
   * @throws SyncFailure KubernetesApiError when the Namespace cannot be read (never taken for "no annotations", which
   *     would turn an API outage into Forbidden)
   */
  public Map<String, String> namespaceAnnotations(String namespace) {
    Optional<Namespace> ns = cached(namespaces, namespace, "Namespace " + namespace,
        () -> Optional.ofNullable(client.namespaces().withName(namespace).get()));
    return ns.map(n -> n.getMetadata().getAnnotations()).orElse(Map.of());
  }

  /**
   * A ServiceAccount, if it exists.
   *
   * @throws SyncFailure KubernetesApiError when it cannot be read
   */
  public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
    return cached(serviceAccounts, namespace + "/" + name, "ServiceAccount " + namespace + "/" + name,
        () -> Optional.ofNullable(client.serviceAccounts().inNamespace(namespace).withName(name).get()));
  }

  private <T> Optional<T> cached(Map<String, Cached<T>> cache, String key, String what,
      Supplier<Optional<T>> read) {
    Instant now = clock.instant();
    Cached<T> c = cache.get(key);
    if (c != null && now.isBefore(c.at().plus(TTL))) {
      return c.value();
    }
    Optional<T> value;
    try {
      value = read.get();
    } catch (KubernetesClientException e) {
      // Not cached: the next attempt reads again.
      throw new SyncFailure(Reason.KubernetesApiError, "reading " + what + " failed: " + KubeErrors.message(e), e);
    }
    cache.put(key, new Cached<>(value, now));
    return value;
  }
}
