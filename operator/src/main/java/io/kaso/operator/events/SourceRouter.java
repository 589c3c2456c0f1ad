package io.kaso.operator.events;

import io.kaso.operator.core.SourceChange;
import io.kaso.operator.core.SourceNames;
import io.kaso.operator.kube.EventRecorder;
import io.kaso.operator.source.ParameterStore;
import io.kaso.operator.source.SecretStore;
import java.time.Instant;
import java.util.Arrays;
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
    return changed(List.of(new TimedChange(change, eventTime))).get(0);
  }

  /**
   * Forgets every changed source first, then has each kind read what all their readers need at once (so ten
   * rotations in one receive cost one BatchGetSecretValue, not one per reader) and resync them.
   */
  @Override
  public List<Integer> changed(List<TimedChange> changes) {
    for (TimedChange c : changes) {
      SourceChange change = c.change();
      if (change.type() == SourceChange.Type.SECRET) {
        secrets.forget(change.name());
        parameters.forget(SourceNames.secretsManagerReference(change.name()));
      } else {
        parameters.forget(change.name());
      }
    }
    int[] readers = new int[changes.size()];
    for (SourceIndex<?> kind : kinds) {
      List<Integer> n = kind.resync(changes);
      for (int i = 0; i < readers.length; i++) {
        readers[i] += n.get(i);
      }
    }
    return Arrays.stream(readers).boxed().toList();
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
