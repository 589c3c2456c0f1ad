package io.kaso.operator.reconciler;

import io.kaso.operator.core.Fetched;
import io.kaso.operator.core.SourcePlan;
import io.kaso.operator.core.SourcesGone.Presence;
import io.kaso.operator.source.Scope;
import io.kaso.operator.source.SourceException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** What one kind reads from AWS; the rest of a sync is the same for every kind. */
public interface SourceReader<P extends SourcePlan> {

  /**
   * Reads what the plan names and assembles it into keys.
   *
   * @throws io.kaso.operator.source.SourceException when AWS fails
   * @throws io.kaso.operator.core.SyncFailure when the values cannot become keys
   */
  Fetched read(P plan, Scope scope);

  /**
   * Reads the plan's sources one by one and tells which exist (target.sourceDeletionPolicy Delete, after a read found a
   * source missing): a named source AWS says does not exist, or a path or find matching nothing, is GONE; a value kept
   * in the spec is PRESENT; a source that could not be read for another reason is UNKNOWN.
   */
  List<Presence> presence(P plan, Scope scope);

  /**
   * Starts reading, in full batches, what these plans of resources reading as one scope need, kept for {@code keep};
   * returns at once.
   */
  void prefetch(Scope scope, List<P> plans, Duration keep);

  /**
   * What of the plan's sources is being read now (a prefetch's reads, or another resource's): a future completing
   * when those reads have, or null when none is in flight.
   */
  CompletableFuture<?> inFlight(P plan, Scope scope);

  /** Forgets what the source cache holds of the plan's sources, so the next {@link #read} goes to AWS. */
  void forget(P plan);

  /** Whether a source exists, from a read of it alone: not found is GONE, any other failure UNKNOWN. */
  static Presence presenceOf(BooleanSupplier exists) {
    try {
      return exists.getAsBoolean() ? Presence.PRESENT : Presence.GONE;
    } catch (SourceException.NotFound e) {
      return Presence.GONE;
    } catch (SourceException e) {
      return Presence.UNKNOWN;
    }
  }
}
