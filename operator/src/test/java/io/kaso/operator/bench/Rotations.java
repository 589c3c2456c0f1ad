package io.kaso.operator.bench;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kaso.operator.testing.AwsStandIn;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rotations delivered as EventBridge events through the events queue, and when each reader's Secret showed the new
 * value (watched, not polled). Only readers whose Secret already existed when the event was sent are measured.
 */
final class Rotations implements AutoCloseable {
  private record Expected(String value, Instant eventTime) {}

  private final SharedIndexInformer<Secret> secrets;
  private final Map<String, Expected> expected = new ConcurrentHashMap<>();
  private final Map<String, Duration> observed = new ConcurrentHashMap<>();

  Rotations(KubernetesClient client) {
    secrets = client.secrets().inAnyNamespace().withLabel("app.kubernetes.io/managed-by", "kaso")
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(Secret s) {
            seen(s);
          }

          @Override
          public void onUpdate(Secret old, Secret s) {
            seen(s);
          }

          @Override
          public void onDelete(Secret s, boolean unknown) { }
        });
  }

  /** Rotates pool secrets 0..count-1 in AWS and sends one event each. */
  void rotate(AwsStandIn aws, Workload workload, int count) {
    for (int i = 0; i < count; i++) {
      String value = "rotated-" + i;
      aws.putSecret("pool/s" + i, value);
      Instant time = Instant.now();
      for (String reader : workload.readersOfSecret(i)) {
        if (secrets.getStore().getByKey(reader) != null) {
          expected.put(reader + "#" + i, new Expected(value, time));
        }
      }
      aws.sendEvent("{\"version\":\"0\",\"id\":\"bench-" + i + "\",\"detail-type\":\"AWS API Call via CloudTrail\","
          + "\"source\":\"aws.secretsmanager\",\"time\":\"" + time + "\",\"detail\":{\"eventName\":\"PutSecretValue\","
          + "\"requestParameters\":{\"secretId\":\"pool/s" + i + "\"}}}");
    }
  }

  boolean done() {
    return observed.size() >= expected.size();
  }

  void print() {
    List<Duration> latencies = new ArrayList<>(observed.values());
    latencies.sort(null);
    if (latencies.isEmpty()) {
      System.out.println("event -> Secret: nothing measured (" + expected.size() + " expected)");
      return;
    }
    System.out.printf("event -> Secret for %d readers of the rotated secrets: p50 %.2f s, p99 %.2f s, max %.2f s "
        + "(%d not seen)%n", latencies.size(), seconds(percentile(latencies, 0.5)),
        seconds(percentile(latencies, 0.99)), seconds(latencies.get(latencies.size() - 1)),
        expected.size() - latencies.size());
  }

  private void seen(Secret s) {
    Instant now = Instant.now();
    String key = s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
    if (s.getData() == null) {
      return;
    }
    for (String encoded : s.getData().values()) {
      String value = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      if (value.startsWith("rotated-")) {
        String id = key + "#" + value.substring("rotated-".length());
        Expected e = expected.get(id);
        if (e != null && e.value().equals(value)) {
          observed.putIfAbsent(id, Duration.between(e.eventTime(), now));
        }
      }
    }
  }

  private static Duration percentile(List<Duration> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  @Override
  public void close() {
    secrets.close();
  }
}
