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
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** {@code kaso_sync_total{kind,result}} and {@code kaso_sync_duration_seconds{kind}}; result is the Ready reason. */
public final class SyncMeters {
  private final MeterRegistry registry;

  public SyncMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * {@code kaso_resources{kind,ready}}, counted from the informer cache at scrape time: one pass over the cache for
   * the three gauges of a kind, reused for a second (10,000 resources scraped often must not cost three passes
   * each time).
   */
  <R extends CustomResource<?, SyncStatus>> void watchResources(String kind, IndexedResourceCache<R> cache) {
    ReadinessCounts counts = new ReadinessCounts(
        () -> cache.list().collect(Collectors.groupingBy(SyncMeters::readiness, Collectors.counting())));
    for (String ready : new String[] {"true", "false", "unknown"}) {
      // Held strongly: a gauge keeps its state weakly, and nothing else holds the counts (NaN after a GC).
      Gauge.builder(MetricNames.RESOURCES, counts, c -> c.get().getOrDefault(ready, 0L))
          .description("Resources by Ready status, from the informer cache").tags("kind", kind, "ready", ready)
          .strongReference(true).register(registry);
    }
  }

  /** Counts of one pass over a cache, kept for a second. */
  private static final class ReadinessCounts {
    private static final long KEEP_NANOS = Duration.ofSeconds(1).toNanos();
    private final Supplier<Map<String, Long>> count;
    private Map<String, Long> last = Map.of();
    private long countedAt;
    private boolean counted;

    ReadinessCounts(Supplier<Map<String, Long>> count) {
      this.count = count;
    }

    synchronized Map<String, Long> get() {
      long now = System.nanoTime();
      if (!counted || now - countedAt > KEEP_NANOS) {
        last = count.get();
        countedAt = now;
        counted = true;
      }
      return last;
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
