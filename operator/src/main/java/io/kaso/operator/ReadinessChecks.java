package io.kaso.operator;

import io.javaoperatorsdk.operator.Operator;
import io.kaso.operator.events.SqsEventPoller;
import io.kaso.operator.health.HealthChecks;
import io.kaso.operator.kube.RolloutRestarter;

/**
 * The checks behind {@code /readyz}, wired by the composition root: the controllers' informers, the rollout worker
 * and, when a queue is set, the events poller.
 */
final class ReadinessChecks {

  private ReadinessChecks() {}

  /** @param poller the events poller, or null when no queue is set */
  static HealthChecks of(Operator operator, SqsEventPoller poller, RolloutRestarter rollouts) {
    HealthChecks health = new HealthChecks();
    health.register("controllers", () -> {
      var info = operator.getRuntimeInfo();
      if (!info.isStarted()) {
        return new HealthChecks.Check(false, "starting");
      }
      boolean healthy = info.allEventSourcesAreHealthy();
      return new HealthChecks.Check(healthy, healthy ? "informers healthy"
          : "informers unhealthy: " + info.unhealthyEventSources().keySet());
    });
    // The rollout worker survives every failure; should its thread be gone all the same, restarts stop: not ready.
    health.register("rollouts", () -> rollouts.alive()
        ? new HealthChecks.Check(true, rollouts.backlog() + " restart(s) waiting")
        : new HealthChecks.Check(false, "the rollout worker stopped"));
    if (poller != null) {
      // Events are best effort: a failing poller shows here but does not make the operator unready; a dead one does.
      health.register("events", () -> poller.alive()
          ? new HealthChecks.Check(true, (poller.healthy() ? "" : "degraded, ") + poller.state())
          : new HealthChecks.Check(false, "the events poller stopped"));
    }
    return health;
  }
}
