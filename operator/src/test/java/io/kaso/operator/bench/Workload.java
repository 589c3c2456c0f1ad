package io.kaso.operator.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kaso.operator.api.v1alpha1.ParameterPath;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.testing.AwsStandIn;
import io.kaso.operator.testing.Resources;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Workload W(N) of TESTING.md tier 5: N/100 namespaces; in each, 5 ExternalParameters reading a path of their own
 * (20 parameters), 45 reading 2 names from a pool of N/2, 50 ExternalSecrets reading 2 secrets from a pool of N/5.
 */
final class Workload {
  private static final int PATH_PARAMETERS = 20;
  private static final int PAGE = 10;
  private final int n;

  Workload(int n) {
    if (n < 100 || n % 100 != 0) {
      throw new IllegalArgumentException("N must be a multiple of 100, got " + n);
    }
    this.n = n;
  }

  int namespaces() {
    return n / 100;
  }

  int resources() {
    return n;
  }

  private int parameterPool() {
    return n / 2;
  }

  private int secretPool() {
    return n / 5;
  }

  void seed(AwsStandIn aws) {
    for (int ns = 0; ns < namespaces(); ns++) {
      for (int app = 0; app < 5; app++) {
        for (int p = 0; p < PATH_PARAMETERS; p++) {
          aws.putParameter(path(ns, app) + "p" + p, "value-" + ns + "-" + app + "-" + p);
        }
      }
    }
    for (int i = 0; i < parameterPool(); i++) {
      aws.putParameter("/pool/p" + i, "pooled-" + i);
    }
    for (int i = 0; i < secretPool(); i++) {
      aws.putSecret("pool/s" + i, "secret-" + i);
    }
  }

  /**
   * Creates the namespaces and the resources, one namespace per task on {@code threads} threads: 10,000 creations one
   * after the other take minutes on a real API server.
   */
  void create(KubernetesClient client, int threads) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int ns = 0; ns < namespaces(); ns++) {
        int index = ns;
        tasks.add(pool.submit(() -> createNamespace(client, index)));
      }
      for (Future<?> task : tasks) {
        task.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("creating W(" + n + ") failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Namespace tenant-{@code ns}, its 100 resources; pool names follow on from the namespaces before it. */
  private void createNamespace(KubernetesClient client, int ns) {
    String namespace = "tenant-" + ns;
    try {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        throw new IllegalStateException("namespace " + namespace + " exists already: W(N) needs a fresh cluster "
            + "(test/cluster/bench.sh starts one)", e);
      }
      throw e;
    }
    Resources resources = new Resources(client);
    int name = ns * 90;
    int secret = ns * 100;
    for (int app = 0; app < 5; app++) {
      String path = path(ns, app);
      resources.createParameter(namespace, "path-" + app, s -> s.setPaths(List.of(new ParameterPath(path))));
    }
    for (int i = 0; i < 45; i++) {
      String a = "/pool/p" + (name++ % parameterPool());
      String b = "/pool/p" + (name++ % parameterPool());
      resources.createParameter(namespace, "names-" + i,
          s -> s.setParameters(List.of(new ParameterRef(a, "A"), new ParameterRef(b, "B"))));
    }
    for (int i = 0; i < 50; i++) {
      String a = "pool/s" + (secret++ % secretPool());
      String b = "pool/s" + (secret++ % secretPool());
      resources.createSecret(namespace, "secrets-" + i,
          s -> s.setData(List.of(new SecretRef("A", a), new SecretRef("B", b))));
    }
  }

  /** The ExternalSecrets (namespace/name, which is also their Secret's) that read pool secret {@code index}. */
  List<String> readersOfSecret(int index) {
    List<String> readers = new ArrayList<>();
    int secret = 0;
    for (int ns = 0; ns < namespaces(); ns++) {
      for (int i = 0; i < 50; i++) {
        int a = secret++ % secretPool();
        int b = secret++ % secretPool();
        if (a == index || b == index) {
          readers.add("tenant-" + ns + "/secrets-" + i);
        }
      }
    }
    return readers;
  }

  /** The fewest calls a full sync can make: every path's pages, distinct names by 10, distinct secrets by 20. */
  Map<String, Long> minimumCalls() {
    long pages = (long) namespaces() * 5 * ((PATH_PARAMETERS + PAGE - 1) / PAGE);
    return Map.of("GetParametersByPath", pages, "GetParameters", (long) Math.ceil(parameterPool() / 10.0),
        "BatchGetSecretValue", (long) Math.ceil(secretPool() / 20.0));
  }

  /** What External Secrets Operator's code paths make: a call per explicit key, pages for paths. */
  long esoCalls() {
    long pages = minimumCalls().get("GetParametersByPath");
    return pages + (long) namespaces() * 45 * 2 + (long) namespaces() * 50 * 2;
  }

  private static String path(int ns, int app) {
    return "/tenant-" + ns + "/app-" + app + "/";
  }
}
