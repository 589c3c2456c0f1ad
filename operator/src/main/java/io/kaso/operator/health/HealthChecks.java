package io.kaso.operator.health;

import io.kaso.operator.health.HttpEndpoint.Response;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Liveness and readiness. {@code /healthz} answers while the process runs; {@code /readyz} answers 200 when every
 * registered check passes, and 503 naming the failing ones otherwise (the poller's state shows here too).
 */
public final class HealthChecks {

  /** The result of one check; detail is shown to the probe and to a person reading it. */
  public record Check(boolean ok, String detail) {}

  private final Map<String, Supplier<Check>> readiness = new ConcurrentHashMap<>();

  /** Adds a readiness check. */
  public void register(String name, Supplier<Check> check) {
    readiness.put(name, check);
  }

  public Response healthz() {
    return Response.text(200, "ok\n");
  }

  public Response readyz() {
    Map<String, Check> results = new TreeMap<>();
    readiness.forEach((name, check) -> {
      Check c;
      try {
        c = check.get();
      } catch (RuntimeException e) {
        c = new Check(false, e.getClass().getSimpleName());
      }
      results.put(name, c);
    });
    boolean ok = results.values().stream().allMatch(Check::ok);
    StringBuilder body = new StringBuilder();
    results.forEach((name, c) -> body.append(c.ok() ? "[+] " : "[-] ").append(name).append(": ")
        .append(c.detail()).append('\n'));
    body.append(ok ? "ready\n" : "not ready\n");
    return Response.text(ok ? 200 : 503, body.toString());
  }
}
