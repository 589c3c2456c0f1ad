package io.kaso.operator.events;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that serve AWS events' syncs apart from the controllers' queues, and the priority those syncs take: while
 * any is queued or running, a controller's sync of a cold start or a refresh yields ({@link #yieldToEvents}), for a
 * bounded time, so a rotation does not share the Kubernetes API and the CPU with thousands of syncs that nobody waits
 * for. Bounded, so a storm of events slows a cold start down but cannot stop it.
 */
public final class ExpressThreads implements java.util.concurrent.Executor, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExpressThreads.class);
  private final ExecutorService threads;
  private final Object lock = new Object();
  private int busy;

  public ExpressThreads(int count) {
    threads = Executors.newFixedThreadPool(count, r -> {
      Thread t = new Thread(r, "kaso-events-sync");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void execute(Runnable task) {
    synchronized (lock) {
      busy++;
    }
    try {
      threads.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          // Not lost: the same event woke the resource's controller up, whose reconcile serves it. The class only: an
          // exception's message is not known to be free of values.
          LOG.warn("an event's sync failed, its resource's own reconcile serves it: {}", e.getClass().getName());
        } finally {
          done();
        }
      });
    } catch (RejectedExecutionException stopping) {
      done();
      throw stopping;
    }
  }

  /** How many event syncs are queued or running. */
  public int busy() {
    synchronized (lock) {
      return busy;
    }
  }

  /**
   * Waits until no event sync is queued or running, at most that long.
   *
   * @return whether it had to wait
   */
  public boolean yieldToEvents(Duration atMost) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    synchronized (lock) {
      if (busy == 0) {
        return false;
      }
      long left;
      while (busy > 0 && (left = deadline - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  private void done() {
    synchronized (lock) {
      if (--busy == 0) {
        lock.notifyAll();
      }
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
