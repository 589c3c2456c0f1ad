package io.kaso.operator.reconciler;

import java.util.concurrent.CompletableFuture;

/**
 * Not a failure: some of a sync's sources are being read right now (a prefetch's full batches, or another
 * resource's read). The sync gives its reconcile thread back and is woken up when those reads are done, instead of
 * holding the thread while it waits (a cold start queues thousands of syncs behind the quota-paced reads).
 */
final class SourcesInFlight extends RuntimeException {
  private final transient CompletableFuture<?> reads;

  SourcesInFlight(CompletableFuture<?> reads) {
    super("sources being read", null, false, false);
    this.reads = reads;
  }

  CompletableFuture<?> reads() {
    return reads;
  }
}
