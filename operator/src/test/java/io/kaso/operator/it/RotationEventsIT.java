package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.await;
import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.kaso.operator.api.v1alpha1.ParameterPath;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.testing.MotoServer;
import io.kaso.operator.testing.OperatorRun;
import io.kaso.operator.testing.OperatorTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Rotation events (DESIGN 3): a change in AWS reaches the Secret within seconds through the events queue while the
 * refresh interval is an hour.
 */
class RotationEventsIT extends OperatorTest {
  private SqsClient sqs;
  private String queueUrl;
  private String queueArn;

  @Override
  protected Map<String, String> settings() {
    sqs = aws.sqs();
    queueUrl = sqs.createQueue(r -> r.queueName("kaso-events")).queueUrl();
    queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    return Map.of("KASO_EVENTS_QUEUE_URL", queueUrl);
  }

  @AfterEach
  void closeQueueClient() {
    sqs.close();
  }

  private void secretResource(String name, String secretId) {
    resources.createSecret(NS, name, s -> {
      s.setRefreshInterval("1h");
      s.setData(List.of(new SecretRef("PASSWORD", secretId)));
    });
  }

  private void createSecret(String name, String value) {
    try (var sm = aws.secretsManager()) {
      sm.createSecret(r -> r.name(name).secretString(value));
    }
  }

  private void putSecretValue(String name, String value) {
    try (var sm = aws.secretsManager()) {
      sm.putSecretValue(r -> r.secretId(name).secretString(value));
    }
  }

  private static String apiCall(String eventName, String secretId) {
    return "{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"AWS API Call via CloudTrail\","
        + "\"source\":\"aws.secretsmanager\",\"account\":\"123456789012\",\"time\":\"" + Instant.now()
        + "\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"eventSource\":\"secretsmanager.amazonaws.com\","
        + "\"eventName\":\"" + eventName + "\",\"requestParameters\":{\"secretId\":\"" + secretId + "\"}}}";
  }

  @Test
  void aPutSecretValueEventSentToTheQueueUpdatesTheSecret() {
    createSecret("prod/shop/db", "v1");
    secretResource("db", "prod/shop/db");
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "db")).containsEntry("PASSWORD", "v1"));
    putSecretValue("prod/shop/db", "v2");
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(apiCall("PutSecretValue", "prod/shop/db")));
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "db")).containsEntry("PASSWORD", "v2"));
    eventually().untilAsserted(() -> assertThat(operator.scrapeMetrics())
        .contains("kaso_events_total{outcome=\"matched\",source=\"secretsmanager\"} 1.0")
        .contains("kaso_event_to_sync_seconds_count 1"));
    eventually().untilAsserted(() -> assertThat(queueDepth()).isZero());
  }

  @Test
  void anSnsWrappedEventUpdatesTheSecret() {
    createSecret("prod/shop/api", "v1");
    secretResource("api", "prod/shop/api");
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "api")).containsEntry("PASSWORD", "v1"));
    putSecretValue("prod/shop/api", "v2");
    try (SnsClient sns = SnsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create()).build()) {
      String topic = sns.createTopic(r -> r.name("kaso-rotations")).topicArn();
      sns.subscribe(r -> r.topicArn(topic).protocol("sqs").endpoint(queueArn));
      sns.publish(r -> r.topicArn(topic).message(apiCall("UpdateSecret",
          "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/shop/api-AbCdEf")));
    }
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "api")).containsEntry("PASSWORD", "v2"));
  }

  @Test
  void anEventBridgeRuleDeliversTheEvent() {
    createSecret("prod/shop/token", "v1");
    secretResource("token", "prod/shop/token");
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "token")).containsEntry("PASSWORD", "v1"));
    putSecretValue("prod/shop/token", "v2");
    try (EventBridgeClient events = EventBridgeClient.builder().endpointOverride(moto.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create()).build()) {
      events.putRule(r -> r.name("kaso-secrets").eventPattern(
          "{\"source\":[\"aws.secretsmanager\"],\"detail-type\":[\"AWS API Call via CloudTrail\"]}"));
      events.putTargets(r -> r.rule("kaso-secrets").targets(t -> t.id("queue").arn(queueArn)));
      events.putEvents(r -> r.entries(e -> e.source("aws.secretsmanager").detailType("AWS API Call via CloudTrail")
          .detail("{\"eventSource\":\"secretsmanager.amazonaws.com\",\"eventName\":\"PutSecretValue\","
              + "\"requestParameters\":{\"secretId\":\"prod/shop/token\"}}")));
    }
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "token")).containsEntry("PASSWORD", "v2"));
  }

  @Test
  void aRotationSucceededServiceEventUpdatesTheSecret() {
    createSecret("prod/shop/rotated", "v1");
    secretResource("rotated", "prod/shop/rotated");
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "rotated")).containsEntry("PASSWORD", "v1"));
    putSecretValue("prod/shop/rotated", "v2");
    String body = "{\"version\":\"0\",\"detail-type\":\"AWS Service Event via CloudTrail\",\"source\":"
        + "\"aws.secretsmanager\",\"time\":\"" + Instant.now() + "\",\"detail\":{\"eventName\":"
        + "\"RotationSucceeded\",\"additionalEventData\":{\"SecretId\":"
        + "\"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/shop/rotated-Xy12Zw\"}}}";
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "rotated")).containsEntry("PASSWORD", "v2"));
  }

  @Test
  void aParameterChangeResyncsOnlyTheResourcesWhosePathCoversIt() {
    aws.putParameter("/shop/prod/db/password", "v1", ParameterType.SECURE_STRING);
    aws.putParameter("/shop/prod/top", "t", ParameterType.STRING);
    resources.createParameter(NS, "deep", s -> {
      s.setRefreshInterval("1h");
      s.setPaths(List.of(new ParameterPath("/shop/prod/")));
    });
    ParameterPath oneLevel = new ParameterPath("/shop/prod/");
    oneLevel.setRecursive(false);
    resources.createParameter(NS, "shallow", s -> {
      s.setRefreshInterval("1h");
      s.setPaths(List.of(oneLevel));
    });
    resources.createParameter(NS, "explicit", s -> {
      s.setRefreshInterval("1h");
      s.setParameters(List.of(new ParameterRef("/shop/prod/top", "TOP")));
    });
    eventually().untilAsserted(() -> {
      assertThat(resources.data(NS, "deep")).containsEntry("DB_PASSWORD", "v1");
      assertThat(resources.data(NS, "shallow")).containsEntry("TOP", "t");
      assertThat(resources.data(NS, "explicit")).containsEntry("TOP", "t");
    });
    int byPath = operator.calls().count("GetParametersByPath");
    int byName = operator.calls().count("GetParameters");

    aws.putParameter("/shop/prod/db/password", "v2", ParameterType.SECURE_STRING);
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"version\":\"0\",\"detail-type\":"
        + "\"Parameter Store Change\",\"source\":\"aws.ssm\",\"time\":\"" + Instant.now()
        + "\",\"detail\":{\"name\":\"/shop/prod/db/password\",\"type\":\"SecureString\",\"operation\":\"Update\"}}"));
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "deep")).containsEntry("DB_PASSWORD", "v2"));
    // Only the recursive path covers /shop/prod/db/password: one read of it, none for the others.
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(operator.calls().count("GetParametersByPath")).isEqualTo(byPath + 1);
      assertThat(operator.calls().count("GetParameters")).isEqualTo(byName);
    });
  }

  @Test
  void rotationsReceivedTogetherAreReadTogetherWithAMalformedMessageAmongThem() {
    for (int i = 0; i < 9; i++) {
      createSecret("prod/batch/s" + i, "v1");
      secretResource("batch-" + i, "prod/batch/s" + i);
    }
    for (int i = 0; i < 9; i++) {
      String name = "batch-" + i;
      eventually().untilAsserted(() -> assertThat(resources.data(NS, name)).containsEntry("PASSWORD", "v1"));
    }
    int reads = operator.calls().count("BatchGetSecretValue") + operator.calls().count("GetSecretValue");
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      putSecretValue("prod/batch/s" + i, "v2");
      String body = apiCall("PutSecretValue", "prod/batch/s" + i);
      entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(body).build());
    }
    entries.add(4, SendMessageBatchRequestEntry.builder().id("bad").messageBody("not an event").build());
    sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
    for (int i = 0; i < 9; i++) {
      String name = "batch-" + i;
      eventually().untilAsserted(() -> assertThat(resources.data(NS, name)).containsEntry("PASSWORD", "v2"));
    }
    eventually().untilAsserted(() -> assertThat(operator.scrapeMetrics())
        .contains("kaso_events_total{outcome=\"matched\",source=\"secretsmanager\"} 9.0")
        .contains("kaso_events_total{outcome=\"malformed\",source=\"unknown\"} 1.0"));
    assertThat(operator.calls().count("BatchGetSecretValue") + operator.calls().count("GetSecretValue") - reads)
        .as("nine rotated secrets, received together (or in two receives at worst), read in full batches")
        .isBetween(1, 2);
    eventually().untilAsserted(() -> assertThat(queueDepth()).isZero());
  }

  @Test
  void unrelatedAndMalformedMessagesAreCountedAndDeleted() {
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("this is not an event"));
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(
        "{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\",\"detail\":{\"bucket\":{\"name\":\"b\"}}}"));
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(apiCall("PutSecretValue", "nobody/reads/this")));
    eventually().untilAsserted(() -> {
      String metrics = operator.scrapeMetrics();
      assertThat(metrics).contains("kaso_events_total{outcome=\"malformed\",source=\"unknown\"} 1.0");
      assertThat(metrics).contains("kaso_events_total{outcome=\"unmatched\",source=\"unknown\"} 1.0");
      assertThat(metrics).contains("kaso_events_total{outcome=\"unmatched\",source=\"secretsmanager\"} 1.0");
    });
    eventually().untilAsserted(() -> assertThat(queueDepth()).isZero());
    assertThat(operator.probe("/readyz").body()).contains("events: polling");
  }

  @Test
  void aParameterPolicyActionWarnsTheResourcesReadingIt() {
    aws.putParameter("/shop/prod/api-key", "k", ParameterType.SECURE_STRING);
    resources.createParameter(NS, "keyed", s -> s.setParameters(List.of(new ParameterRef("/shop/prod/api-key",
        "API_KEY"))));
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "keyed")).containsEntry("API_KEY", "k"));
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"version\":\"0\",\"detail-type\":"
        + "\"Parameter Store Policy Action\",\"source\":\"aws.ssm\",\"time\":\"2026-11-29T10:00:00Z\","
        + "\"detail\":{\"parameter-name\":\"/shop/prod/api-key\",\"parameter-type\":\"Advanced\","
        + "\"policy-type\":\"ExpirationNotification\",\"action-status\":\"Finished\",\"policy-content\":"
        + "\"{\\\"Type\\\":\\\"Expiration\\\",\\\"Version\\\":\\\"1.0\\\",\\\"Attributes\\\":{\\\"Timestamp\\\":"
        + "\\\"2026-12-01T00:00:00Z\\\"}}\"}}"));
    eventually().untilAsserted(() -> assertThat(resources.events(NS, "keyed")).anyMatch(e ->
        e.startsWith("Warning ParameterExpirationNotification") && e.contains("expires at 2026-12-01T00:00:00Z")));
  }

  @Test
  void onlyTheLeaderPolls(MotoServer moto) {
    kube.server().expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, new SelfSubjectRulesReviewBuilder()
            .withNewStatus().addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
            .withVerbs("get", "create", "update").endResourceRule().withIncomplete(false).endStatus().build())
        .always();
    // A queue of its own: the operator closed here may still hold a long poll on the shared one, and a message
    // it takes then stays invisible for the queue's visibility timeout, as SQS does.
    String leaderQueue = sqs.createQueue(r -> r.queueName("kaso-leader-events")).queueUrl();
    Map<String, String> leader = Map.of("KASO_EVENTS_QUEUE_URL", leaderQueue, "KASO_LEADER_ELECTION", "true");
    operator.close();
    try (OperatorRun first = OperatorRun.start(kube, moto.endpoint(), leader);
        OperatorRun second = OperatorRun.start(kube, moto.endpoint(), leader)) {
      operator = first;
      createSecret("prod/shop/led", "v1");
      secretResource("led", "prod/shop/led");
      eventually().untilAsserted(() -> assertThat(resources.data(NS, "led")).containsEntry("PASSWORD", "v1"));
      putSecretValue("prod/shop/led", "v2");
      sqs.sendMessage(r -> r.queueUrl(leaderQueue).messageBody(apiCall("PutSecretValue", "prod/shop/led")));
      eventually().untilAsserted(() -> assertThat(resources.data(NS, "led")).containsEntry("PASSWORD", "v2"));
      int a = first.calls().count("ReceiveMessage");
      int b = second.calls().count("ReceiveMessage");
      assertThat(a == 0 || b == 0).as("ReceiveMessage calls: %d and %d", a, b).isTrue();
      assertThat(a + b).isPositive();
    }
    operator = OperatorRun.start(kube, moto.endpoint());
  }

  @Test
  void aFailingPollerBacksOffVisiblyAndTheOperatorStaysReady(MotoServer moto) {
    operator.close();
    String missing = queueUrl.replace("kaso-events", "no-such-queue");
    operator = OperatorRun.start(kube, moto.endpoint(), Map.of("KASO_EVENTS_QUEUE_URL", missing));
    eventually().untilAsserted(() -> {
      var ready = operator.probe("/readyz");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("events: degraded, backing off").contains("rollouts: ")
          .doesNotContainIgnoringCase("does not exist");
      assertThat(operator.scrapeMetrics()).containsPattern("kaso_events_poll_errors_total [1-9]");
    });
    // Syncs go on without events.
    createSecret("prod/shop/still", "v1");
    secretResource("still", "prod/shop/still");
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "still")).containsEntry("PASSWORD", "v1"));
  }

  private int queueDepth() {
    Map<QueueAttributeName, String> a = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
        .attributes();
    return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }
}
