package io.kaso.operator.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The local AWS of the AWS-tier tests: moto's server, installed by the build into operator/target/moto-venv,
 * started once per test JVM on a free loopback port, reset before every test, stopped when the JVM ends.
 * Use with {@code @ExtendWith(MotoServer.class)} and take a {@code MotoServer} parameter.
 */
public final class MotoServer implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
  private static final Path VENV = Path.of(System.getProperty("kaso.motoVenv", "target/moto-venv"));
  private static Process process;
  private static URI endpoint;

  /** Starts moto if this JVM has not yet. */
  public static synchronized URI start() {
    if (endpoint != null) {
      return endpoint;
    }
    Path server = VENV.resolve("bin/moto_server");
    if (!Files.isExecutable(server)) {
      throw new IllegalStateException("moto is not installed at " + server + ": run the tests with ./mvnw verify, "
          + "which installs it (needs python3 with venv; e.g. apt-get install python3 python3-venv)");
    }
    try {
      int port = freePort();
      Path log = Files.createTempFile("moto-", ".log");
      Process started = new ProcessBuilder(server.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      process = started;
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
      URI uri = URI.create("http://127.0.0.1:" + port);
      waitUntilUp(uri, log);
      endpoint = uri;
      return endpoint;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start moto: " + e.getMessage(), e);
    }
  }

  /** Stops moto, as an AWS outage; {@link #start()} brings a fresh one up again. */
  public static synchronized void stop() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
      endpoint = null;
    }
  }

  public URI endpoint() {
    return start();
  }

  /** Forgets everything moto holds. */
  public static void reset() {
    post(start(), "/moto-api/reset");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == MotoServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return new MotoServer();
  }

  private static void waitUntilUp(URI uri, Path log) throws IOException {
    Instant deadline = Instant.now().plusSeconds(60);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto exited at start: " + Files.readString(log));
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri.resolve("/moto-api/")).GET().build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() < 500) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(100);
    }
    throw new IllegalStateException("moto did not come up in 60 s: " + Files.readString(log));
  }

  private static void post(URI base, String path) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 300) {
        throw new IllegalStateException("moto " + path + " answered " + r.statusCode() + ": " + r.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException("moto " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
