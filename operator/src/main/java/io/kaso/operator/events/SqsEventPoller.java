package io.kaso.operator.events;

import io.kaso.operator.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Long-polls the events queue (20 s waits, 10 messages) and hands each event to the {@link EventSink}. A message is
 * deleted once its resyncs are queued (on a thread of its own); unknown and malformed messages are counted and
 * deleted too, so nothing loops.
 * A failure to poll backs off (1 s doubling to 60 s), shows in {@link #state()} and in metrics, and is never fatal:
 * refresh intervals keep every resource current meanwhile.
 */
public final class SqsEventPoller implements AutoCloseable {
  static final int WAIT_SECONDS = 20;
  static final int MAX_MESSAGES = 10;
  /**
   * After a receive that brought messages, what waits behind them and what arrives within this pause is taken too
   * (short polls, up to {@link #MAX_TOGETHER} messages), so rotations landing one after another are routed together
   * and their readers' reads batched; it delays an event by this much at most.
   */
  static final Duration GATHER = Duration.ofMillis(100);
  static final int MAX_TOGETHER = 50;
  static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
  private static final Logger LOG = LoggerFactory.getLogger(SqsEventPoller.class);

  private final SqsClient sqs;
  private final String queueUrl;
  private final RotationEventParser parser;
  private final EventSink sink;
  private final MeterRegistry registry;
  private final AtomicBoolean running = new AtomicBoolean();
  private final ExecutorService acks = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "kaso-events-ack");
    t.setDaemon(true);
    return t;
  });
  private volatile Thread thread;
  private volatile String state = "not started";
  private volatile boolean healthy = true;

  public SqsEventPoller(SqsClient sqs, String queueUrl, RotationEventParser parser, EventSink sink,
      MeterRegistry registry) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.parser = parser;
    this.sink = sink;
    this.registry = registry;
  }

  /** Starts polling on a daemon thread (again after a {@link #stop()}, when leadership comes back). */
  public synchronized void start() {
    if (running.compareAndSet(false, true)) {
      state = "polling " + queueUrl;
      thread = new Thread(this::loop, "kaso-events");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** Stops polling (leadership lost, or shutdown); a receive in progress is abandoned. */
  public synchronized void stop() {
    if (running.compareAndSet(true, false)) {
      state = "stopped";
      Thread t = thread;
      if (t != null) {
        t.interrupt();
      }
    }
  }

  /** What the poller is doing, for /readyz. */
  public String state() {
    return state;
  }

  /** False while polling fails and backs off. */
  public boolean healthy() {
    return healthy;
  }

  /** Whether the polling thread runs when it should (it survives any failure; false means it died). */
  public boolean alive() {
    Thread t = thread;
    return !running.get() || (t != null && t.isAlive());
  }

  /** Receives and handles one batch; returns how many messages came. Visible for tests. */
  int pollOnce() {
    ReceiveMessageResponse response = sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(WAIT_SECONDS)
        .maxNumberOfMessages(MAX_MESSAGES));
    if (!running.get() && !response.messages().isEmpty()) {
      // Stopped (leadership lost, shutdown) while this long poll ran: hand the messages back at once.
      sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(response.messages().stream()
          .map(m -> ChangeMessageVisibilityBatchRequestEntry.builder().id(m.messageId())
              .receiptHandle(m.receiptHandle()).visibilityTimeout(0).build()).toList()));
      return 0;
    }
    List<Message> received = new ArrayList<>(response.messages());
    gather(received);
    List<RotationEvent> events = new ArrayList<>();
    for (Message m : received) {
      events.add(parser.parse(m.body()));
    }
    handle(events);
    acknowledge(received);
    return received.size();
  }

  /**
   * Takes, with short polls, what waits behind the messages of a receive: at once while receives come back full, then,
   * once the queue looks drained, what arrives within one {@link #GATHER} pause.
   */
  private void gather(List<Message> received) {
    boolean full = received.size() == MAX_MESSAGES;
    boolean paused = false;
    while (!received.isEmpty() && received.size() < MAX_TOGETHER && running.get()) {
      if (!full) {
        if (paused) {
          return;
        }
        try {
          Thread.sleep(GATHER.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        paused = true;
      }
      int asked = Math.min(MAX_MESSAGES, MAX_TOGETHER - received.size());
      List<Message> more = sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(0)
          .maxNumberOfMessages(asked)).messages();
      received.addAll(more);
      full = more.size() == asked;
    }
  }

  /**
   * Deletes handled messages on a thread of its own, so the next receive does not wait for the deletes (a message
   * whose delete fails comes back after the queue's visibility timeout and resyncs its readers once more).
   */
  private void acknowledge(List<Message> handled) {
    try {
      acks.execute(() -> {
        for (int from = 0; from < handled.size(); from += MAX_MESSAGES) {
          List<DeleteMessageBatchRequestEntry> done = handled.subList(from,
              Math.min(handled.size(), from + MAX_MESSAGES)).stream().map(m -> DeleteMessageBatchRequestEntry.builder()
              .id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList();
          try {
            var deleted = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(done));
            deleted.failed().forEach(f -> LOG.warn("could not delete event message {}: {}", f.id(), f.message()));
          } catch (RuntimeException e) {
            LOG.warn("could not delete {} event message(s), they come back and resync again: {}", done.size(),
                summary(e));
          }
        }
      });
    } catch (RejectedExecutionException closed) {
      // Closing: the messages come back after the visibility timeout.
    }
  }

  /** The changes of one receive are routed together (their readers' reads batched), then each event is counted. */
  private void handle(List<RotationEvent> events) {
    List<RotationEvent.Change> changes = events.stream().filter(RotationEvent.Change.class::isInstance)
        .map(RotationEvent.Change.class::cast).toList();
    long routing = System.nanoTime();
    List<Integer> readers = changes.isEmpty() ? List.of()
        : sink.changed(changes.stream().map(c -> new TimedChange(c.change(), c.time())).toList());
    if (!changes.isEmpty()) {
      LOG.info("routed {} change(s) in {} ms; the oldest was {} ms old", changes.size(),
          (System.nanoTime() - routing) / 1_000_000,
          changes.stream().map(RotationEvent.Change::time).min(Instant::compareTo)
              .map(t -> Duration.between(t, Instant.now()).toMillis()).orElse(0L));
    }
    int next = 0;
    for (RotationEvent event : events) {
      handle(event, event instanceof RotationEvent.Change ? readers.get(next++) : 0);
    }
  }

  private void handle(RotationEvent event, int readers) {
    String outcome;
    if (event instanceof RotationEvent.Change c) {
      int n = readers;
      outcome = n > 0 ? "matched" : "unmatched";
      LOG.info("{} {} {}: {} resource(s) resync", c.service(), c.action(), c.change().name(), n);
    } else if (event instanceof RotationEvent.PolicyAction p) {
      int n = sink.policyAction(p.change(), "Parameter" + p.policyType(), p.message());
      outcome = n > 0 ? "matched" : "unmatched";
    } else if (event instanceof RotationEvent.Malformed m) {
      outcome = "malformed";
      LOG.warn("dropped a malformed event message: {}", m.why());
    } else {
      outcome = "unmatched";
      LOG.debug("ignored an event: {}", ((RotationEvent.Ignored) event).why());
    }
    Counter.builder(MetricNames.EVENTS).description("Event messages by source and outcome")
        .tags("source", event.service(), "outcome", outcome).register(registry).increment();
  }

  private void loop() {
    long backoffMillis = 1000;
    while (running.get()) {
      try {
        pollOnce();
        healthy = true;
        state = "polling " + queueUrl;
        backoffMillis = 1000;
      } catch (Throwable e) {
        // Any failure, an Error included, backs off and polls again: events must not stop for the process's life.
        if (!running.get()) {
          return;
        }
        healthy = false;
        state = "backing off " + backoffMillis / 1000 + "s after " + summary(e);
        Counter.builder(MetricNames.EVENTS_POLL_ERRORS).description("Failed polls of the events queue")
            .register(registry).increment();
        LOG.warn("polling the events queue failed, retrying in {} ms: {}", backoffMillis, summary(e));
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
      }
    }
  }

  /**
   * A failure in a few words for /readyz and the log: AWS's error code, never AWS's message (it may name accounts,
   * roles and resources, and the probe is readable by anyone who can reach the port).
   */
  static String summary(Throwable e) {
    if (e instanceof AwsServiceException ase) {
      String code = ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorCode();
      return code != null ? code : "HTTP " + ase.statusCode();
    }
    if (e instanceof SdkClientException) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return "AWS could not be reached" + (root == e ? "" : " (" + root.getClass().getSimpleName() + ")");
    }
    return e.getClass().getSimpleName();
  }

  /** Stops polling; the deletes of messages already handled go out first (for a few seconds at most). */
  @Override
  public void close() {
    stop();
    acks.shutdown();
    try {
      acks.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
