package io.kaso.operator.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits Kubernetes Events (core/v1) on Kaso's resources and on workloads. Messages never carry values.
 *
 * <p>Events are best effort, as client-go's recorder has them: they go out from a queue of their own on two sender
 * threads, so a reconcile never waits for one (a cold start of 10,000 resources would otherwise spend a third of its
 * Kubernetes round trips on them). When the API server falls behind by {@value #QUEUE} events, further ones are
 * dropped and counted in the log; status and Secrets never wait behind them.
 */
public final class EventRecorder implements AutoCloseable {
  /** The component named as the events' source. */
  public static final String COMPONENT = "kaso";
  static final int QUEUE = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private final KubernetesClient client;
  private final Clock clock;
  private final ThreadPoolExecutor senders;
  private final AtomicLong dropped = new AtomicLong();

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    this.senders = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE), r -> {
      Thread t = new Thread(r, "kaso-events-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, (task, pool) -> {
      if (pool.isShutdown()) {
        return;
      }
      long d = dropped.incrementAndGet();
      if (d == 1 || d % 1000 == 0) {
        LOG.warn("the API server is behind on Kubernetes Events: {} dropped so far (best effort)", d);
      }
    });
  }

  public void normal(HasMetadata on, String reason, String message) {
    emit(on, "Normal", reason, message);
  }

  public void warning(HasMetadata on, String reason, String message) {
    emit(on, "Warning", reason, message);
  }

  private void emit(HasMetadata on, String type, String reason, String message) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    String namespace = on.getMetadata().getNamespace();
    var event = new EventBuilder()
        .withNewMetadata().withNamespace(namespace)
        .withName(on.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13).replace("-", ""))
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(on.getApiVersion()).withKind(on.getKind())
            .withName(on.getMetadata().getName()).withNamespace(namespace).withUid(on.getMetadata().getUid())
            .withResourceVersion(on.getMetadata().getResourceVersion()).build())
        .withType(type).withReason(reason).withMessage(truncate(message))
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .build();
    senders.execute(() -> send(event, on, namespace, reason));
  }

  private void send(Event event, HasMetadata on, String namespace, String reason) {
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      // Events are best effort; a failure to record one must not fail a sync.
      LOG.warn("could not record event {} on {}/{}: {}", reason, namespace, on.getMetadata().getName(),
          KubeErrors.message(e));
    } catch (RuntimeException e) {
      LOG.warn("could not record event {} on {}/{}: {}", reason, namespace, on.getMetadata().getName(),
          e.getClass().getSimpleName());
    }
  }

  /** Sends what is queued, for at most a few seconds, then stops. */
  @Override
  public void close() {
    senders.shutdown();
    try {
      senders.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    senders.shutdownNow();
  }

  private static String truncate(String message) {
    return message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
  }
}
