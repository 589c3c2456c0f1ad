package io.kaso.operator.events;

import io.kaso.operator.core.SourceChange;
import java.time.Instant;

/** What one queue message says. */
public sealed interface RotationEvent {

  /** The service label of metrics: secretsmanager, ssm or unknown. */
  String service();

  /** A source changed: resync the resources reading it. */
  record Change(String service, SourceChange change, Instant time, String action) implements RotationEvent {}

  /** A parameter policy fired (expiration, no change): tell the resources reading it. */
  record PolicyAction(String service, SourceChange change, Instant time, String policyType, String message)
      implements RotationEvent {}

  /** A well-formed event Kaso does not act on. */
  record Ignored(String service, String why) implements RotationEvent {}

  /** Not an event Kaso can read. */
  record Malformed(String why) implements RotationEvent {
    @Override
    public String service() {
      return "unknown";
    }
  }
}
