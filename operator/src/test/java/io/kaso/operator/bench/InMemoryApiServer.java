package io.kaso.operator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kaso.operator.testing.KubeApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fabric8's in-memory API, which counts the writes it serves itself. Every request scans its whole object map under
 * one lock (O(N) per request): fine for W1k smoke runs, the bottleneck at W10k.
 */
final class InMemoryApiServer implements ApiServer {
  private final KubeApi kube = new KubeApi();
  private final Path kubeconfig;
  private final Map<String, AtomicLong> writes = new ConcurrentHashMap<>();

  InMemoryApiServer(Path work) throws IOException {
    kubeconfig = writeKubeconfig(work, kube.server().url("/"));
  }

  @Override
  public KubernetesClient client() {
    return kube.client();
  }

  @Override
  public Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public void countWritesFromNow() {
    kube.onEveryRequest(this::countWrite);
  }

  @Override
  public Map<String, Long> writes() {
    Map<String, Long> out = new TreeMap<>();
    writes.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  private void countWrite(RecordedRequest request) {
    String method = request.getMethod();
    if ("GET".equals(method) || request.getPath() == null) {
      return;
    }
    String[] parts = request.getPath().split("\\?")[0].split("/");
    String kind = "?";
    for (int i = 0; i < parts.length - 2; i++) {
      if ("namespaces".equals(parts[i])) {
        kind = parts[i + 2];
        if (parts[parts.length - 1].equals("status")) {
          kind += "/status";
        }
        break;
      }
    }
    writes.computeIfAbsent(method + " " + kind, k -> new AtomicLong()).incrementAndGet();
  }

  private static Path writeKubeconfig(Path dir, String url) throws IOException {
    String server = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    Path file = dir.resolve("kubeconfig");
    Files.writeString(file, "apiVersion: v1\nkind: Config\nclusters:\n- name: bench\n  cluster:\n    server: " + server
        + "\n    insecure-skip-tls-verify: true\ncontexts:\n- name: bench\n  context:\n    cluster: bench\n"
        + "    user: bench\ncurrent-context: bench\nusers:\n- name: bench\n  user:\n    token: bench\n");
    return file;
  }

  @Override
  public void close() {
    kube.close();
  }
}
