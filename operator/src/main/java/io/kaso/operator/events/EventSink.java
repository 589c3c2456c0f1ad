package io.kaso.operator.events;

import io.kaso.operator.core.SourceChange;
import java.time.Instant;
import java.util.List;

/** Where events go: the resyncs and warnings of the resources reading a source. */
public interface EventSink {

  /**
   * A source changed in AWS: forget it from the read cache and resync, at once, every resource reading it.
   *
   * @return how many resources were asked to resync
   */
  int changed(SourceChange change, Instant eventTime);

  /**
   * Several sources changed (one receive from the queue): as {@link #changed} for each, with what their readers need
   * read together, in full batches, before they resync.
   *
   * @return how many resources were asked to resync, per change
   */
  default List<Integer> changed(List<TimedChange> changes) {
    return changes.stream().map(c -> changed(c.change(), c.time())).toList();
  }

  /**
   * A parameter policy fired: a Warning event on every resource reading the parameter.
   *
   * @return how many resources were told
   */
  int policyAction(SourceChange change, String reason, String message);
}
