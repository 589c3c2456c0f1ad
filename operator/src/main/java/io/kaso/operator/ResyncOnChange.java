package io.kaso.operator;

import io.kaso.operator.core.SourceChange;
import io.kaso.operator.events.EventSink;
import java.time.Instant;
import java.util.List;

/**
 * Routes AWS events to the controllers: the changed source is forgotten from the read cache once (so the resyncs
 * share one fresh read), then every resource reading it resyncs.
 */
final class ResyncOnChange implements EventSink {

  /** Resyncs the resources of one kind reading a source; returns how many. */
  interface Resync {
    int resync(SourceChange change, Instant eventTime);
  }

  /** Warns the resources of one kind reading a source; returns how many. */
  interface Warn {
    int warn(SourceChange change, String reason, String message);
  }

  private final AwsSources aws;
  private final List<Resync> resyncs;
  private final List<Warn> warnings;

  ResyncOnChange(AwsSources aws, List<Resync> resyncs, List<Warn> warnings) {
    this.aws = aws;
    this.resyncs = resyncs;
    this.warnings = warnings;
  }

  @Override
  public int changed(SourceChange change, Instant eventTime) {
    if (change.type() == SourceChange.Type.SECRET) {
      aws.secrets().forget(change.name());
      aws.parameters().forget("/aws/reference/secretsmanager/" + change.name());
    } else {
      aws.parameters().forget(change.name());
    }
    return resyncs.stream().mapToInt(r -> r.resync(change, eventTime)).sum();
  }

  @Override
  public int policyAction(SourceChange change, String reason, String message) {
    return warnings.stream().mapToInt(w -> w.warn(change, reason, message)).sum();
  }
}
