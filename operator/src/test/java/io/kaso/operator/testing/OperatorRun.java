package io.kaso.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kaso.operator.KasoOperator;
import io.kaso.operator.config.OperatorSettings;
import io.kaso.operator.source.aws.AwsClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The real operator, as KasoOperator builds it, against the in-memory Kubernetes API and moto. */
public final class OperatorRun implements AutoCloseable {
  private final KasoOperator operator;
  private final CallCounter calls = new CallCounter();

  private OperatorRun(KubernetesClient client, URI aws, Map<String, String> settings) {
    Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "us-east-1", "KASO_NAMESPACE", "kaso-system",
        "KASO_NAMESPACE_POLICY", "Open", "KASO_METRICS_PORT", "0", "KASO_HEALTH_PORT", "0",
        "KASO_RECONCILE_THREADS", "4"));
    env.putAll(settings);
    operator = KasoOperator.start(OperatorSettings.parse(env, new String[0]), client,
        new AwsClientFactory.Options(aws, List.of(calls), 3), Clock.systemUTC());
  }

  /** Starts the operator with the test defaults (region us-east-1, namespace policy Open) and these settings. */
  public static OperatorRun start(KubeApi kube, URI aws, Map<String, String> settings) {
    return new OperatorRun(kube.client(), aws, settings);
  }

  /** Starts the operator with its own client (a user agent of its own lets tests tell its requests apart). */
  public static OperatorRun start(KubernetesClient client, URI aws,
      Map<String, String> settings) {
    return new OperatorRun(client, aws, settings);
  }

  public static OperatorRun start(KubeApi kube, URI aws) {
    return start(kube, aws, Map.of());
  }

  /** AWS calls made so far, by operation. */
  public CallCounter calls() {
    return calls;
  }

  public String scrapeMetrics() {
    return get("http://127.0.0.1:" + operator.metricsPort() + "/metrics").body();
  }

  public HttpResponse<String> probe(String path) {
    return get("http://127.0.0.1:" + operator.healthPort() + path);
  }

  private static HttpResponse<String> get(String url) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    operator.close();
  }
}
