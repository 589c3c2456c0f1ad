package io.kaso.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The operator as shipped: the runnable jar in a JVM of its own, configured through environment variables as the
 * chart configures it, so its heap, RSS and CPU are its own.
 */
public final class OperatorProcess {
  private final Process process;
  private final Path log;
  private final int metricsPort;

  private OperatorProcess(Process process, Path log, int metricsPort) {
    this.process = process;
    this.log = log;
    this.metricsPort = metricsPort;
  }

  public static OperatorProcess start(Path work, Path kubeconfig, URI aws, String queueUrl, String heap, int metricsPort,
      int healthPort) throws IOException {
    return start(work, kubeconfig, aws, queueUrl, heap, metricsPort, healthPort, Map.of());
  }

  /** Starts the jar with these environment variables beyond (or instead of) the defaults above. */
  public static OperatorProcess start(Path work, Path kubeconfig, URI aws, String queueUrl, String heap,
      int metricsPort, int healthPort, Map<String, String> extraEnv) throws IOException {
    Path jar = jar();
    Path log = work.resolve("operator-" + System.nanoTime() + ".log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString());
    Map<String, String> env = pb.environment();
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ENDPOINT_URL", aws.toString());
    env.put("AWS_ACCESS_KEY_ID", "bench");
    env.put("AWS_SECRET_ACCESS_KEY", "bench");
    if (queueUrl != null) {
      env.put("KASO_EVENTS_QUEUE_URL", queueUrl);
    }
    env.put("KASO_NAMESPACE", "kaso-system");
    env.put("KASO_NAMESPACE_POLICY", "Open");
    env.put("KASO_METRICS_PORT", Integer.toString(metricsPort));
    env.put("KASO_HEALTH_PORT", Integer.toString(healthPort));
    env.put("KASO_LOG_LEVEL", "WARN");
    env.putAll(extraEnv);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return new OperatorProcess(pb.start(), log, metricsPort);
  }

  private static Path jar() throws IOException {
    String given = System.getProperty("kaso.operatorJar");
    if (given != null) {
      return Path.of(given);
    }
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files.filter(p -> p.getFileName().toString().matches("kaso-operator-.*-all\\.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no runnable jar in target/: run ./mvnw -pl operator package"));
    }
  }

  public int metricsPort() {
    return metricsPort;
  }

  public Path log() {
    return log;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** User and system CPU seconds of the process so far (Linux /proc). */
  public double cpuSeconds() {
    String[] fields = read("stat").substring(read("stat").lastIndexOf(')') + 2).split(" ");
    // utime and stime are fields 14 and 15 of /proc/<pid>/stat, 12 and 13 after the command name.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  /** Peak resident set size in KiB (VmHWM). */
  public long rssPeakKib() {
    return read("status").lines().filter(l -> l.startsWith("VmHWM:")).findFirst()
        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
  }

  /** Asks the JVM for a full GC, so the next heap reading is the steady heap. */
  public void gc() throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    new ProcessBuilder(List.of(jcmd.toString(), Long.toString(process.pid()), "GC.run")).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
  }

  /** {@code kill -9}: the JVM ends at once, in the middle of whatever it was doing. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private String read(String file) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(process.pid()), file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
