package io.kaso.operator.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real API server, given by a kubeconfig (test/cluster/bench.sh starts one): Kaso's CRDs from crds/ are applied
 * and Established. It counts the writes of every client (its own {@code /metrics}), so {@link #countWritesFromNow}
 * first waits for the control plane to finish its own writes for the namespaces just made (ServiceAccounts, their
 * token Secrets).
 */
final class RealApiServer implements ApiServer {
  private final Path kubeconfig;
  private final KubernetesClient client;
  private Map<String, Long> baseline = Map.of();

  RealApiServer(Path kubeconfig, Path crds) throws IOException {
    this.kubeconfig = kubeconfig;
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig.toFile())).build();
    applyCrds(crds);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kaso-system").endMetadata()
        .build()).createOr(r -> r.update());
  }

  private void applyCrds(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : files) {
      CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(Files.readString(file),
          CustomResourceDefinition.class);
      client.resource(crd).forceConflicts().serverSideApply();
      client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
          .waitUntilCondition(RealApiServer::established, 60, TimeUnit.SECONDS);
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public void countWritesFromNow() {
    Map<String, Long> now = served();
    for (int i = 0; i < 30; i++) {
      sleep();
      Map<String, Long> later = served();
      if (later.equals(now)) {
        break;
      }
      now = later;
    }
    baseline = now;
  }

  @Override
  public Map<String, Long> writes() {
    Map<String, Long> out = new TreeMap<>();
    served().forEach((k, v) -> {
      long d = v - baseline.getOrDefault(k, 0L);
      if (d != 0) {
        out.put(k, d);
      }
    });
    return out;
  }

  private Map<String, Long> served() {
    return ApiServerWrites.parse(client.raw("/metrics"));
  }

  private static void sleep() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
