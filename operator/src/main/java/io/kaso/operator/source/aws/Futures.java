package io.kaso.operator.source.aws;

import io.kaso.operator.source.SourceException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for reads that other threads (batches, coalesced calls) complete. */
final class Futures {
  /** Longest a caller waits for a batched read; far above any paced call, so only a lost batch hits it. */
  static final Duration MAX_WAIT = Duration.ofMinutes(2);

  private Futures() {}

  static <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceException.Unavailable("interrupted while " + what, e);
    } catch (TimeoutException e) {
      throw new SourceException.Unavailable("timed out while " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new SourceException.Unavailable(what + " failed: " + cause, cause);
    }
  }
}
