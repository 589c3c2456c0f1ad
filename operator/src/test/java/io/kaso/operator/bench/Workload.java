package io.kaso.operator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kaso.operator.api.v1alpha1.ParameterPath;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.testing.AwsStandIn;
import io.kaso.operator.testing.KubeApi;
import io.kaso.operator.testing.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

  void create(KubernetesClient client, KubeApi kube) {
    Resources resources = new Resources(client);
    int name = 0;
    int secret = 0;
    for (int ns = 0; ns < namespaces(); ns++) {
      String namespace = "tenant-" + ns;
      kube.namespace(namespace, Map.of());
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
