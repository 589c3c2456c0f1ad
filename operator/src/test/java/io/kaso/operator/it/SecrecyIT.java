package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kaso.operator.api.v1alpha1.AwsAccess;
import io.kaso.operator.api.v1alpha1.CredentialsSecretRef;
import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.SecretDataFrom;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.api.v1alpha1.Target;
import io.kaso.operator.testing.OperatorRun;
import io.kaso.operator.testing.OperatorTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Values never reach logs (at DEBUG), events, status, metrics or probes, on every path a value travels: first syncs,
 * failures naming a source, a template that fails on a value, a rotation served through the events queue and its express lane, an operator restart
 * that takes resources over from the cluster, and a forced sync after it.
 */
class SecrecyIT extends OperatorTest {
  private static final List<String> VALUES = List.of("SEEDED-PARAM-4e1a", "SEEDED-PASSWORD-77b0",
      "SEEDED-NOT-JSON-21cd", "SEEDED-ROTATED-9f3e", "SEEDED-FIELD-5a5a");
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private Level level;
  private SqsClient sqs;
  private String queueUrl;

  @Override
  protected Map<String, String> settings() {
    sqs = aws.sqs();
    queueUrl = sqs.createQueue(r -> r.queueName("kaso-events")).queueUrl();
    return Map.of("KASO_EVENTS_QUEUE_URL", queueUrl);
  }

  @BeforeEach
  void captureLogs() {
    level = root.getLevel();
    root.setLevel(Level.DEBUG);
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void release() {
    root.detachAppender(logs);
    root.setLevel(level);
    sqs.close();
  }

  @Test
  void noValueReachesLogsEventsStatusMetricsOrProbesOnAnyPath() {
    aws.putParameter("/shop/prod/token", VALUES.get(0), ParameterType.SECURE_STRING);
    aws.secretsManager().createSecret(r -> r.name("prod/shop/db")
        .secretString("{\"password\":\"" + VALUES.get(1) + "\",\"user\":\"" + VALUES.get(4) + "\"}"));
    aws.secretsManager().createSecret(r -> r.name("prod/shop/plain").secretString(VALUES.get(2)));
    resources.createParameter(NS, "xp", s -> s.setParameters(List.of(new ParameterRef("/shop/prod/token", "TOKEN"))));
    resources.createSecret(NS, "xs", s -> {
      SecretRef password = new SecretRef("PASSWORD", "prod/shop/db");
      password.setProperty("password");
      SecretDataFrom whole = new SecretDataFrom();
      whole.setSecretId("prod/shop/db");
      whole.setKeyPrefix("DB_");
      s.setData(List.of(password));
      s.setDataFrom(List.of(whole));
    });
    resources.createSecret(NS, "not-json", s -> {
      SecretDataFrom from = new SecretDataFrom();
      from.setSecretId("prod/shop/plain");
      s.setDataFrom(List.of(from));
    });
    resources.createSecret(NS, "no-property", s -> {
      SecretRef missing = new SecretRef("X", "prod/shop/db");
      missing.setProperty("password.deeper");
      s.setData(List.of(missing));
    });
    resources.createSecret(NS, "bad-template", s -> {
      SecretRef password = new SecretRef("PASSWORD", "prod/shop/db");
      password.setProperty("password");
      s.setData(List.of(password));
      Target t = new Target();
      // The engine's own message would quote the value it cannot multiply.
      t.setTemplate(Map.of("T", "{{ PASSWORD * 2 }}"));
      s.setTarget(t);
    });
    eventually().untilAsserted(() -> {
      assertThat(resources.secretReady(NS, "bad-template")).hasValueSatisfying(c -> assertThat(c.getReason())
          .isEqualTo("InvalidSpec"));
      assertThat(resources.data(NS, "xp")).containsEntry("TOKEN", VALUES.get(0));
      assertThat(resources.data(NS, "xs")).containsEntry("PASSWORD", VALUES.get(1));
      assertThat(resources.secretReady(NS, "not-json")).hasValueSatisfying(c -> assertThat(c.getStatus())
          .isEqualTo("False"));
      assertThat(resources.secretReady(NS, "no-property")).hasValueSatisfying(c -> assertThat(c.getStatus())
          .isEqualTo("False"));
    });

    // A rotation through the events queue (served by the express lane).
    aws.secretsManager().putSecretValue(r -> r.secretId("prod/shop/db")
        .secretString("{\"password\":\"" + VALUES.get(3) + "\",\"user\":\"" + VALUES.get(4) + "\"}"));
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"version\":\"0\",\"id\":\"1\",\"detail-type\":"
        + "\"AWS API Call via CloudTrail\",\"source\":\"aws.secretsmanager\",\"time\":\"" + Instant.now()
        + "\",\"detail\":{\"eventName\":\"PutSecretValue\",\"requestParameters\":{\"secretId\":\"prod/shop/db\"}}}"));
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "xs")).containsEntry("PASSWORD", VALUES.get(3)));

    // A restart takes the resources over from the cluster; a forced sync after it reads AWS again.
    operator.close();
    operator = OperatorRun.start(kube, moto.endpoint(), settings());
    resources.forceSync(ExternalParameter.class, NS, "xp", "after-restart");
    eventually().untilAsserted(() -> assertThat(operator.calls().count("GetParameters")).isPositive());

    String seen = visible(List.of("xp"), List.of("xs", "not-json", "no-property", "bad-template"));
    for (String v : VALUES) {
      assertThat(seen).as("a value in logs, events, status, metrics or probes").doesNotContain(v);
    }
  }

  /**
   * Access keys from a credentials Secret (spec.aws.credentialsSecretRef), and the session keys STS issues for a
   * roleArn assumed with them, never reach logs (at DEBUG), events, status, metrics or probes: on a sync with them, a
   * role assumed with them, a changed Secret, and a Secret missing a key.
   */
  @Test
  void noAccessKeyFromACredentialsSecretReachesLogsEventsStatusMetricsOrProbes() {
    List<String> keys = List.of("AKIASEEDEDKEY0000001", "SEEDED-SECRET-ACCESS-KEY-3c3c", "SEEDED-SESSION-TOKEN-8d8d",
        "AKIASEEDEDKEY0000002", "SEEDED-SECRET-ACCESS-KEY-4d4d");
    aws.putParameter("/shop/keys/a", "1", ParameterType.STRING);
    credentialsSecret("aws-keys", keys.get(0), keys.get(1), keys.get(2));
    credentialsSecret("half-keys", keys.get(3), null, null);
    for (String name : List.of("with-keys", "with-role", "half")) {
      resources.createParameter(NS, name, s -> {
        AwsAccess access = new AwsAccess();
        access.setCredentialsSecretRef(new CredentialsSecretRef(name.equals("half") ? "half-keys" : "aws-keys"));
        if (name.equals("with-role")) {
          access.setRoleArn("arn:aws:iam::123456789012:role/shop-reader");
        }
        s.setAws(access);
        s.setParameters(List.of(new ParameterRef("/shop/keys/a", "A")));
      });
    }
    eventually().untilAsserted(() -> {
      assertThat(resources.data(NS, "with-keys")).containsEntry("A", "1");
      assertThat(resources.data(NS, "with-role")).containsEntry("A", "1");
      assertThat(resources.parameterReady(NS, "half")).hasValueSatisfying(c -> assertThat(c.getStatus())
          .isEqualTo("False"));
    });
    credentialsSecret("aws-keys", keys.get(3), keys.get(4), null);
    resources.forceSync(ExternalParameter.class, NS, "with-keys", "1");
    resources.forceSync(ExternalParameter.class, NS, "with-role", "1");
    eventually().untilAsserted(() -> assertThat(operator.calls().signers("AssumeRole")).contains(keys.get(3)));
    assertThat(operator.calls().signers("GetParameters")).contains(keys.get(0), keys.get(3));

    String seen = visible(List.of("with-keys", "with-role", "half"), List.of());
    List<String> secrets = new ArrayList<>(keys);
    secrets.addAll(operator.calls().issuedKeys());
    assertThat(operator.calls().issuedKeys()).isNotEmpty();
    for (String v : secrets) {
      assertThat(seen).as("an access key in logs, events, status, metrics or probes").doesNotContain(v);
    }
  }

  private void credentialsSecret(String name, String accessKeyId, String secretAccessKey, String sessionToken) {
    Map<String, String> data = new HashMap<>();
    data.put("AWS_ACCESS_KEY_ID", accessKeyId);
    if (secretAccessKey != null) {
      data.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
    }
    if (sessionToken != null) {
      data.put("AWS_SESSION_TOKEN", sessionToken);
    }
    SecretBuilder secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata();
    data.forEach((k, v) -> secret.addToData(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    kube.client().secrets().inNamespace(NS).resource(secret.build()).createOr(op -> op.update());
  }

  /** Everything a person or a scraper sees: logs, events and status of these resources, metrics and probes. */
  private String visible(List<String> parameters, List<String> secrets) {
    // Every resource has had an event (they go out from a queue): the scan sees them.
    for (String name : parameters) {
      eventually().untilAsserted(() -> assertThat(resources.events(NS, name)).isNotEmpty());
    }
    for (String name : secrets) {
      eventually().untilAsserted(() -> assertThat(resources.events(NS, name)).isNotEmpty());
    }
    StringBuilder seen = new StringBuilder();
    logs.list.forEach(e -> seen.append(e.getFormattedMessage()).append(e.getMDCPropertyMap())
        .append(e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()).append('\n'));
    var json = kube.client().getKubernetesSerialization();
    for (String name : parameters) {
      resources.events(NS, name).forEach(seen::append);
      seen.append(json.asJson(resources.parameter(NS, name).getStatus()));
    }
    for (String name : secrets) {
      resources.events(NS, name).forEach(seen::append);
      seen.append(json.asJson(resources.secretResource(NS, name).getStatus()));
    }
    seen.append(operator.scrapeMetrics()).append(operator.probe("/readyz").body())
        .append(operator.probe("/healthz").body());
    assertThat(seen).isNotEmpty();
    return seen.toString();
  }
}
