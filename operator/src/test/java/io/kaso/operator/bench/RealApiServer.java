package io.kaso.operator.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
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

  RealApiServer(Path kubeconfig, Path crds, Path work) throws IOException {
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig.toFile())).build();
    applyCrds(crds);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kaso-system").endMetadata()
        .build()).createOr(r -> r.update());
    this.kubeconfig = operatorKubeconfig(work);
  }

  /**
   * The operator runs as it does in a cluster: as a ServiceAccount with its token (not as the admin's client
   * certificate, which Fabric8 re-reads the kubeconfig for on every request after the first minute, and which API
   * Priority and Fairness exempts). The account is bound to cluster-admin: the benchmark measures, RBAC is the
   * chart's and RbacCoverageIT's business.
   */
  private Path operatorKubeconfig(Path work) throws IOException {
    client.serviceAccounts().inNamespace("kaso-system").resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("kaso").endMetadata().build()).createOr(r -> r.update());
    client.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
        .withName("kaso-bench").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
        .addNewSubject().withKind("ServiceAccount").withName("kaso").withNamespace("kaso-system").endSubject()
        .build()).createOr(r -> r.update());
    String token = null;
    for (int i = 0; i < 60 && token == null; i++) {
      // Kubernetes 1.20's token controller makes a token Secret for every ServiceAccount.
      token = client.secrets().inNamespace("kaso-system").list().getItems().stream()
          .filter(s -> "kubernetes.io/service-account-token".equals(s.getType()) && s.getMetadata().getAnnotations() != null
              && "kaso".equals(s.getMetadata().getAnnotations().get("kubernetes.io/service-account.name")))
          .map(s -> s.getData() == null ? null : s.getData().get("token")).filter(t -> t != null).findFirst()
          .map(t -> new String(Base64.getDecoder().decode(t), StandardCharsets.UTF_8)).orElse(null);
      if (token == null) {
        sleep();
      }
    }
    if (token == null) {
      throw new IllegalStateException("no token Secret for ServiceAccount kaso-system/kaso after 60 s");
    }
    Config admin = client.getConfiguration();
    String ca = admin.getCaCertData() != null ? admin.getCaCertData()
        : Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(admin.getCaCertFile())));
    String server = admin.getMasterUrl().endsWith("/") ? admin.getMasterUrl().substring(0,
        admin.getMasterUrl().length() - 1) : admin.getMasterUrl();
    Path file = work.resolve("operator.kubeconfig");
    Files.writeString(file, "apiVersion: v1\nkind: Config\nclusters:\n- name: bench\n  cluster:\n    server: " + server
        + "\n    certificate-authority-data: " + ca + "\ncontexts:\n- name: bench\n  context:\n    cluster: bench\n"
        + "    user: kaso\ncurrent-context: bench\nusers:\n- name: kaso\n  user:\n    token: " + token + "\n");
    return file;
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
