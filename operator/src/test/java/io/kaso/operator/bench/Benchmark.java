package io.kaso.operator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kaso.operator.core.Durations;
import io.kaso.operator.core.RefreshPlanner;
import io.kaso.operator.testing.AwsStandIn;
import io.kaso.operator.testing.OperatorProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scale benchmark (TESTING.md tier 5): workload W(N) on a Kubernetes API, the operator as shipped
 * (the runnable jar in its own JVM, heap sized as the chart's default 512 Mi limit sizes it), and an AWS stand-in
 * enforcing AWS's default quotas with a latency per call. Prints figures; asserts nothing.
 *
 * <p>W(N): N/100 namespaces, each with 5 ExternalParameters reading a path of their own (20 parameters), 45 reading
 * 2 names from a shared pool of N/2, and 50 ExternalSecrets reading 2 secrets from a shared pool of N/5.
 *
 * <p>Arguments: {@code N} (default 1000), then {@code key=value}: {@code latencyMs} (20), {@code idleSeconds} (60),
 * {@code restartSeconds} (60), {@code heap} (384m: 75 % of the chart's 512 Mi limit), {@code createThreads} (8:
 * the benchmark's own creation of the workload), {@code kubeconfig} (a real API server on a fresh cluster, as
 * test/cluster/bench.sh starts one; without it, Fabric8's in-memory API, O(N) per request: W1k smoke runs only),
 * {@code logLevel} (the operator's, WARN: INFO logs every sync with its thread, to follow a rotation's path).
 */
public final class Benchmark {
  private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\",[^}]*} (\\S+)$");

  private final int n;
  private final Map<String, String> options;

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
    try (ApiServer api = apiServer(work); AwsStandIn aws = new AwsStandIn(latency)) {
      KubernetesClient client = api.client();
      Workload workload = new Workload(n);
      System.out.printf("W(%d): %d namespaces, %d resources; AWS latency %d ms, quotas %s; Kubernetes API: %s%n", n,
          workload.namespaces(), workload.resources(), latency.toMillis(), AwsStandIn.QUOTAS,
          options.containsKey("kubeconfig") ? client.getMasterUrl() : "in memory");
      workload.seed(aws);
      long creating = System.nanoTime();
      workload.create(client, Integer.parseInt(options.getOrDefault("createThreads", "8")));
      double created = elapsed(creating).toMillis() / 1000.0;
      api.countWritesFromNow();
      System.out.printf("workload created in %.1f s; writes counted from %.1f s%n", created,
          elapsed(creating).toMillis() / 1000.0);

      Rotations rotations = new Rotations(client);
      int rotated = Math.min(100, workload.resources() / 5);
      OperatorProcess operator = OperatorProcess.start(work, api.kubeconfig(), aws.endpoint(), aws.queueUrl(),
          options.getOrDefault("heap", "384m"), freePort(), freePort(), operatorEnv());
      long started = System.nanoTime();
      Readiness readiness = new Readiness(client, workload.resources(), started);
      double heapPeak = 0;
      boolean rotationsSent = false;
      while (!readiness.allReady()) {
        Thread.sleep(1000);
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
      Map<String, Long> coldWrites = api.writes();
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
          + diff(api.writes(), coldWrites));
      operator.gc();
      Thread.sleep(2000);
      System.out.printf("heap after GC (steady): %.0f MiB%n", heapUsed(operator) / 1048576);

      Map<String, Long> beforeRestartCalls = aws.calls();
      Map<String, Long> beforeRestartWrites = api.writes();
      operator.stop();
      operator = OperatorProcess.start(work, api.kubeconfig(), aws.endpoint(), aws.queueUrl(),
          options.getOrDefault("heap", "384m"), freePort(), freePort(), operatorEnv());
      long restart = Long.parseLong(options.getOrDefault("restartSeconds", "60"));
      Thread.sleep(restart * 1000);
      System.out.println();
      System.out.println("## Operator restarted, nothing changed in AWS (" + restart + " s)");
      System.out.println("AWS calls: " + diff(aws.calls(), beforeRestartCalls) + "; Kubernetes writes: "
          + diff(api.writes(), beforeRestartWrites));
      if (options.containsKey("refresh")) {
        refreshCycle(aws, api, workload, readiness.allReadyAt());
      }
      System.out.println("Operator logs: " + work);
      operator.stop();
      readiness.close();
      rotations.close();
    }
  }

  /** The operator's settings beyond OperatorProcess's: {@code refresh=<duration>} sets the default interval. */
  private Map<String, String> operatorEnv() {
    Map<String, String> env = new TreeMap<>();
    if (options.containsKey("refresh")) {
      env.put("KASO_DEFAULT_REFRESH_INTERVAL", options.get("refresh"));
    }
    if (options.containsKey("logLevel")) {
      env.put("KASO_LOG_LEVEL", options.get("logLevel"));
    }
    return env;
  }

  /**
   * With {@code refresh=<duration>}: every resource's first periodic refresh (due between 0.9 and 1.1 times the
   * interval after its sync, on a refresh slot) is counted, AWS calls against the minimum and Kubernetes writes.
   */
  private void refreshCycle(AwsStandIn aws, ApiServer api, Workload workload, long allReadyNanos)
      throws InterruptedException {
    Duration interval = Durations.parse(options.get("refresh"));
    Map<String, Long> calls = aws.calls();
    Map<String, Long> writes = api.writes();
    long end = allReadyNanos + interval.multipliedBy(11).dividedBy(10).toNanos()
        + RefreshPlanner.slot(interval).toNanos() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < end) {
      Thread.sleep(1000);
    }
    Map<String, Long> made = diff(aws.calls(), calls);
    System.out.println();
    System.out.println("## One refresh cycle (refresh interval " + options.get("refresh") + ", slots of "
        + RefreshPlanner.slot(interval).toSeconds() + " s)");
    System.out.println("AWS calls: " + made + " (" + total(made) + "; minimum " + total(workload.minimumCalls())
        + "); Kubernetes writes: " + diff(api.writes(), writes));
  }

  /** The API server of {@code kubeconfig=<path>}, or else the in-memory one. */
  private ApiServer apiServer(Path work) throws IOException {
    String kubeconfig = options.get("kubeconfig");
    return kubeconfig == null ? new InMemoryApiServer(work)
        : new RealApiServer(Path.of(kubeconfig), Path.of(System.getProperty("kaso.repoRoot", "..")).resolve("crds"),
            work);
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

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
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
}
