package io.kaso.operator.reconciler;

import io.kaso.operator.core.Fetched;
import io.kaso.operator.core.SourcePlan;
import io.kaso.operator.source.Scope;
import java.util.List;

/** What one kind reads from AWS; the rest of a sync is the same for every kind. */
public interface SourceReader<P extends SourcePlan> {

  /**
   * Reads what the plan names and assembles it into keys.
   *
   * @throws io.kaso.operator.source.SourceException when AWS fails
   * @throws io.kaso.operator.core.SyncFailure when the values cannot become keys
   */
  Fetched read(P plan, Scope scope);

  /** Starts reading, in full batches, what these plans of resources reading as one scope need; returns at once. */
  void prefetch(Scope scope, List<P> plans);

  /** Forgets what the source cache holds of the plan's sources, so the next {@link #read} goes to AWS. */
  void forget(P plan);
}
