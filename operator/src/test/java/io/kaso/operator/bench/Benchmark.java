package io.kaso.operator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ExternalSecret;
import io.kaso.operator.testing.AwsStandIn;
import io.kaso.operator.testing.KubeApi;
import io.kaso.operator.testing.OperatorProcess;
import io.kaso.operator.testing.Resources;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scale benchmark (TESTING.md tier 5): workload W(N) on the in-memory Kubernetes API, the operator as shipped
 * (the runnable jar in its own JVM, heap sized as the chart's default 512 Mi limit sizes it), and an AWS stand-in
 * enforcing AWS's default quotas with a latency per call. Prints figures; asserts nothing.
 *
 * <p>W(N): N/100 namespaces, each with 5 ExternalParameters reading a path of their own (20 parameters), 45 reading
 * 2 names from a shared pool of N/2, and 50 ExternalSecrets reading 2 secrets from a shared pool of N/5.
 *
 * <p>Arguments: {@code N} (default 1000), then {@code key=value}: {@code latencyMs} (20), {@code idleSeconds} (60),
 * {@code restartSeconds} (60), {@code heap} (384m: 75 % of the chart's 512 Mi limit).
 */
public final class Benchmark {
  private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\",[^}]*} (\\S+)$");

  private final int n;
  private final Map<String, String> options;
  private final Map<String, AtomicLong> writes = new ConcurrentHashMap<>();

  private Benchmark(int n, Map<String, String> options) {
    this.n = n;
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Map<String, String> options = new TreeMap<>();
    for (int i = 1; i < args.length; i++) {
      for (String option : args[i].trim().split("\\s+")) {
        String[] kv = option.split("=", 2);
        if (kv.length == 2) {
          options.put(kv[0], kv[1]);
        }
      }
    }
    new Benchmark(n, options).run();
    System.exit(0);
  }

  private void run() throws Exception {
    Duration latency = Duration.ofMillis(Long.parseLong(options.getOrDefault("latencyMs", "20")));
    Path work = Files.createDirectories(Path.of(System.getProperty("kaso.benchDir", "target/bench")));
    try (KubeApi kube = new KubeApi(); AwsStandIn aws = new AwsStandIn(latency)) {
      KubernetesClient client = kube.client();
      Workload workload = new Workload(n);
      System.out.printf("W(%d): %d namespaces, %d resources; AWS latency %d ms, quotas %s%n", n,
          workload.namespaces(), workload.resources(), latency.toMillis(), AwsStandIn.QUOTAS);
      workload.seed(aws);
      workload.create(client, kube);
      kube.onEveryRequest(this::countWrite);

      Path kubeconfig = writeKubeconfig(work, kube.server().url("/"));
      Rotations rotations = new Rotations(client);
      int rotated = Math.min(100, workload.resources() / 5);
      OperatorProcess operator = OperatorProcess.start(work, kubeconfig, aws.endpoint(), aws.queueUrl(),
          options.getOrDefault("heap", "384m"), freePort(), freePort());
      long started = System.nanoTime();
      Readiness readiness = new Readiness(new Resources(client), workload.resources());
      double heapPeak = 0;
      boolean rotationsSent = false;
      while (!readiness.allReady()) {
        Thread.sleep(1000);
        readiness.poll(elapsed(started));
        if (!rotationsSent && readiness.ready() >= workload.resources() / 2) {
          // Rotations while the cold start still syncs half of the resources.
          rotations.rotate(aws, workload, rotated);
          rotationsSent = true;
        }
        heapPeak = Math.max(heapPeak, heapUsed(operator));
        if (!operator.alive()) {
          throw new IllegalStateException("the operator exited: see " + operator.log());
        }
        if (elapsed(started).toMinutes() >= 30) {
          System.out.println("not all Ready after 30 minutes: " + readiness.ready() + "/" + workload.resources());
          break;
        }
      }
      for (int i = 0; i < 60 && !rotations.done(); i++) {
        Thread.sleep(1000);
      }
      Map<String, Long> coldCalls = aws.calls();
      Map<String, Long> coldThrottles = aws.throttles();
      Map<String, Long> coldWrites = snapshot(writes);
      double cpuCold = operator.cpuSeconds();

      System.out.println();
      System.out.println("## Cold start");
      readiness.print();
      printCalls(coldCalls, coldThrottles, workload);
      System.out.println("Kubernetes writes by kind: " + coldWrites + " (" + total(coldWrites) + " for "
          + workload.resources() + " resources)");
      System.out.println(rotated + " secrets rotated (EventBridge events through the queue) once half the resources "
          + "were Ready:");
      rotations.print();
      System.out.printf("CPU: %.1f s; heap peak %.0f MiB; RSS peak %d MiB%n", cpuCold, heapPeak / 1048576,
          operator.rssPeakKib() / 1024);

      long idle = Long.parseLong(options.getOrDefault("idleSeconds", "60"));
      Thread.sleep(idle * 1000);
      System.out.println();
      System.out.println("## Idle " + idle + " s after all Ready");
      System.out.println("AWS calls: " + diff(aws.calls(), coldCalls) + "; Kubernetes writes: "
          + diff(snapshot(writes), coldWrites));
      operator.gc();
      Thread.sleep(2000);
      System.out.printf("heap after GC (steady): %.0f MiB%n", heapUsed(operator) / 1048576);

      Map<String, Long> beforeRestartCalls = aws.calls();
      Map<String, Long> beforeRestartWrites = snapshot(writes);
      operator.stop();
      operator = OperatorProcess.start(work, kubeconfig, aws.endpoint(), aws.queueUrl(),
          options.getOrDefault("heap", "384m"), freePort(), freePort());
      long restart = Long.parseLong(options.getOrDefault("restartSeconds", "60"));
      Thread.sleep(restart * 1000);
      System.out.println();
      System.out.println("## Operator restarted, nothing changed in AWS (" + restart + " s)");
      System.out.println("AWS calls: " + diff(aws.calls(), beforeRestartCalls) + "; Kubernetes writes: "
          + diff(snapshot(writes), beforeRestartWrites));
      System.out.println("Operator logs: " + work);
      operator.stop();
      rotations.close();
    }
  }

  private void printCalls(Map<String, Long> calls, Map<String, Long> throttles, Workload w) {
    System.out.println("AWS calls by operation (throttled included; the rotations' reads too) against the minimum:");
    Map<String, Long> minimum = w.minimumCalls();
    long all = 0;
    for (String op : new TreeMap<>(Map.of("GetParametersByPath", 0, "GetParameters", 0, "BatchGetSecretValue", 0,
        "GetParameter", 0, "GetSecretValue", 0)).keySet()) {
      long made = calls.getOrDefault(op, 0L);
      all += made;
      System.out.printf("  %-22s %7d  minimum %6d  throttled %d%n", op, made, minimum.getOrDefault(op, 0L),
          throttles.getOrDefault(op, 0L));
    }
    long min = total(minimum);
    System.out.printf("  %-22s %7d  minimum %6d  (%.2f x)%n", "all", all, min, min == 0 ? 0 : (double) all / min);
    System.out.println("External Secrets Operator's code paths on the same workload (computed): "
        + w.esoCalls() + " calls per full sync (one GetParameter per explicit key, one GetSecretValue per key, "
        + "paths by page), plus new STS credentials per reconcile when a role is used");
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

  private static double heapUsed(OperatorProcess operator) {
    try {
      String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + operator.metricsPort() + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      double sum = 0;
      Matcher m = HEAP.matcher(metrics);
      while (m.find()) {
        sum += Double.parseDouble(m.group(1));
      }
      return sum;
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static Path writeKubeconfig(Path dir, String url) throws IOException {
    String server = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    Path file = dir.resolve("kubeconfig");
    Files.writeString(file, "apiVersion: v1\nkind: Config\nclusters:\n- name: bench\n  cluster:\n    server: " + server
        + "\n    insecure-skip-tls-verify: true\ncontexts:\n- name: bench\n  context:\n    cluster: bench\n"
        + "    user: bench\ncurrent-context: bench\nusers:\n- name: bench\n  user:\n    token: bench\n");
    return file;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  private static Map<String, Long> snapshot(Map<String, AtomicLong> counters) {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  private static Map<String, Long> diff(Map<String, Long> now, Map<String, Long> before) {
    Map<String, Long> out = new TreeMap<>();
    now.forEach((k, v) -> {
      long d = v - before.getOrDefault(k, 0L);
      if (d != 0) {
        out.put(k, d);
      }
    });
    return out;
  }

  private static long total(Map<String, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }

  /** When resources became Ready: the first, half, 99 % and all of them. */
  private static final class Readiness {
    private final Resources resources;
    private final int total;
    private final List<String> milestones = new ArrayList<>();
    private int ready;

    Readiness(Resources resources, int total) {
      this.resources = resources;
      this.total = total;
    }

    void poll(Duration at) {
      int now = resources.readyCount(ExternalParameter.class) + resources.readyCount(ExternalSecret.class);
      for (double share : new double[] {1.0 / total, 0.5, 0.99, 1.0}) {
        int needed = (int) Math.ceil(share * total);
        if (ready < needed && now >= needed) {
          milestones.add(String.format("%s Ready at %.1f s", share == 1.0 / total ? "first"
              : (int) (share * 100) + " %", at.toMillis() / 1000.0));
        }
      }
      ready = now;
    }

    boolean allReady() {
      return ready >= total;
    }

    int ready() {
      return ready;
    }

    void print() {
      milestones.forEach(System.out::println);
    }
  }
}
