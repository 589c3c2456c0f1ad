package io.kaso.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.core.SourceChange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

class SqsEventPollerTest {
  private static final EventSink NOWHERE = new EventSink() {
    @Override
    public int changed(SourceChange change, Instant eventTime) {
      return 0;
    }

    @Override
    public int policyAction(SourceChange change, String reason, String message) {
      return 0;
    }
  };

  @Test
  void aFailureIsSummarisedByItsErrorCodeWithoutAwsText() {
    SqsException denied = (SqsException) SqsException.builder().statusCode(403).awsErrorDetails(AwsErrorDetails
        .builder().errorCode("AccessDenied").errorMessage("User: arn:aws:sts::123456789012:assumed-role/kaso/x is "
            + "not authorized to perform: sqs:receivemessage on resource: arn:aws:sqs:us-east-1:123456789012:q")
        .build()).build();

    assertThat(SqsEventPoller.summary(denied)).isEqualTo("AccessDenied");
    assertThat(SqsEventPoller.summary(SdkClientException.create("Unable to execute HTTP request: host x",
        new ConnectException("Connection refused")))).isEqualTo("AWS could not be reached (ConnectException)");
    assertThat(SqsEventPoller.summary(new IllegalStateException("anything at all"))).isEqualTo(
        "IllegalStateException");
  }

  @Test
  void anErrorWhilePollingDoesNotStopThePoller() throws Exception {
    AtomicInteger receives = new AtomicInteger();
    CountDownLatch polledAgain = new CountDownLatch(1);
    SqsClient sqs = new SqsClient() {
      @Override
      public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
        if (receives.getAndIncrement() == 0) {
          throw new AssertionError("an Error in the poll");
        }
        polledAgain.countDown();
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return ReceiveMessageResponse.builder().build();
      }

      @Override
      public String serviceName() {
        return "sqs";
      }

      @Override
      public void close() {}
    };
    try (SqsEventPoller poller = new SqsEventPoller(sqs, "https://sqs.us-east-1.amazonaws.com/1/q",
        new RotationEventParser(Clock.systemUTC()), NOWHERE, new SimpleMeterRegistry())) {
      poller.start();

      assertThat(polledAgain.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(poller.alive()).isTrue();
    }
  }
  @Test
  void messagesWaitingBehindAFullReceiveAreRoutedTogetherAndAllDeleted() throws Exception {
    Deque<Message> queue = new ArrayDeque<>();
    for (int i = 0; i < 25; i++) {
      queue.add(Message.builder().messageId("m" + i).receiptHandle("r" + i).body("{\"version\":\"0\","
          + "\"detail-type\":\"Parameter Store Change\",\"source\":\"aws.ssm\",\"time\":\"" + Instant.now()
          + "\",\"detail\":{\"name\":\"/p/" + i + "\",\"type\":\"String\",\"operation\":\"Update\"}}").build());
    }
    List<Integer> batches = new CopyOnWriteArrayList<>();
    Set<String> deleted = ConcurrentHashMap.newKeySet();
    SqsClient sqs = new SqsClient() {
      @Override
      public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
        List<Message> out = new ArrayList<>();
        synchronized (queue) {
          while (out.size() < request.maxNumberOfMessages() && !queue.isEmpty()) {
            out.add(queue.poll());
          }
        }
        if (out.isEmpty() && request.waitTimeSeconds() > 0) {
          try {
            Thread.sleep(Long.MAX_VALUE);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return ReceiveMessageResponse.builder().messages(out).build();
      }

      @Override
      public DeleteMessageBatchResponse deleteMessageBatch(DeleteMessageBatchRequest request) {
        request.entries().forEach(e -> deleted.add(e.receiptHandle()));
        return DeleteMessageBatchResponse.builder().build();
      }

      @Override
      public String serviceName() {
        return "sqs";
      }

      @Override
      public void close() {}
    };
    EventSink sink = new EventSink() {
      @Override
      public int changed(SourceChange change, Instant eventTime) {
        throw new AssertionError("routed one by one");
      }

      @Override
      public List<Integer> changed(List<TimedChange> changes) {
        batches.add(changes.size());
        return changes.stream().map(c -> 1).toList();
      }

      @Override
      public int policyAction(SourceChange change, String reason, String message) {
        return 0;
      }
    };
    try (SqsEventPoller poller = new SqsEventPoller(sqs, "https://sqs.us-east-1.amazonaws.com/1/q",
        new RotationEventParser(Clock.systemUTC()), sink, new SimpleMeterRegistry())) {
      poller.start();

      Awaitility.await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(deleted).hasSize(25));
      assertThat(batches).containsExactly(25);
    }
  }
}
