package io.kaso.operator.reconciler;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.kaso.operator.api.v1alpha1.Condition;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import io.kaso.operator.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** {@code kaso_sync_total{kind,result}} and {@code kaso_sync_duration_seconds{kind}}; result is the Ready reason. */
public final class SyncMeters {
  private final MeterRegistry registry;

  public SyncMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** {@code kaso_resources{kind,ready}}, counted from the informer cache at scrape time. */
  <R extends CustomResource<?, SyncStatus>> void watchResources(String kind, IndexedResourceCache<R> cache) {
    for (String ready : new String[] {"true", "false", "unknown"}) {
      Gauge.builder(MetricNames.RESOURCES, cache, c -> c.list().filter(r -> ready.equals(readiness(r))).count())
          .description("Resources by Ready status, from the informer cache").tags("kind", kind, "ready", ready)
          .register(registry);
    }
  }

  private static String readiness(CustomResource<?, SyncStatus> r) {
    String status = r.getStatus() == null ? null
        : r.getStatus().ready().map(Condition::getStatus).orElse(null);
    if ("True".equals(status)) {
      return "true";
    }
    return "False".equals(status) ? "false" : "unknown";
  }

  /** {@code kaso_event_to_sync_seconds}: from an AWS event's time to the Secret written. */
  void eventToSync(Duration took) {
    Timer.builder(MetricNames.EVENT_TO_SYNC).description("From an AWS change event to the Secret written")
        .publishPercentileHistogram().register(registry).record(took.isNegative() ? Duration.ZERO : took);
  }

  void record(String kind, String result, Duration took) {
    Counter.builder(MetricNames.SYNC_TOTAL).description("Syncs that read AWS, by Ready reason")
        .tags("kind", kind, "result", result).register(registry).increment();
    Timer.builder(MetricNames.SYNC_DURATION).description("Duration of syncs that read AWS")
        .tags("kind", kind).publishPercentileHistogram().register(registry).record(took);
  }
}
