package io.kaso.operator.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Emits Kubernetes Events (core/v1) on Kaso's resources and on workloads. Messages never carry values. */
public final class EventRecorder {
  /** The component named as the events' source. */
  public static final String COMPONENT = "kaso";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
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

  private static String truncate(String message) {
    return message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
  }
}
