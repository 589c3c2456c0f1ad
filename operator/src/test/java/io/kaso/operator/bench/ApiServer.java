package io.kaso.operator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Kubernetes API the benchmark runs against, with Kaso's CRDs and the namespace kaso-system in place, and the
 * Kubernetes writes made since {@link #countWritesFromNow} by method and resource, such as
 * {@code PATCH externalparameters/status}.
 */
interface ApiServer extends AutoCloseable {
  KubernetesClient client();

  /** The kubeconfig the operator is started with. */
  Path kubeconfig();

  /** Writes made before this call (the benchmark's own creation of the workload) are not counted. */
  void countWritesFromNow();

  /** The writes since {@link #countWritesFromNow}, by method and resource(/subresource). */
  Map<String, Long> writes();

  @Override
  void close();
}
