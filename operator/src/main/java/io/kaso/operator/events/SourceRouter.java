package io.kaso.operator.events;

import io.kaso.operator.core.SourceChange;
import io.kaso.operator.core.SourceNames;
import io.kaso.operator.kube.EventRecorder;
import io.kaso.operator.source.ParameterStore;
import io.kaso.operator.source.SecretStore;
import java.time.Instant;
import java.util.List;

/**
 * Routes AWS events to the resources that read the changed source, across kinds: the source is forgotten from the
 * read cache once (so the resyncs share one fresh read), then every reader resyncs; a parameter policy becomes a
 * Warning event on every reader.
 */
public final class SourceRouter implements EventSink {
  private final ParameterStore parameters;
  private final SecretStore secrets;
  private final List<SourceIndex<?>> kinds;
  private final EventRecorder events;

  public SourceRouter(ParameterStore parameters, SecretStore secrets, List<SourceIndex<?>> kinds,
      EventRecorder events) {
    this.parameters = parameters;
    this.secrets = secrets;
    this.kinds = List.copyOf(kinds);
    this.events = events;
  }

  @Override
  public int changed(SourceChange change, Instant eventTime) {
    if (change.type() == SourceChange.Type.SECRET) {
      secrets.forget(change.name());
      parameters.forget(SourceNames.secretsManagerReference(change.name()));
    } else {
      parameters.forget(change.name());
    }
    return kinds.stream().mapToInt(k -> k.resync(change, eventTime)).sum();
  }

  @Override
  public int policyAction(SourceChange change, String reason, String message) {
    int told = 0;
    for (SourceIndex<?> kind : kinds) {
      for (var reader : kind.readersOf(change)) {
        events.warning(reader, reason, message);
        told++;
      }
    }
    return told;
  }
}
