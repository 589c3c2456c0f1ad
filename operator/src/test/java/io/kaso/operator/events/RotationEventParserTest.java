package io.kaso.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.core.SourceChange;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RotationEventParserTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private final RotationEventParser parser = new RotationEventParser(Clock.fixed(NOW, ZoneOffset.UTC));

  static String apiCall(String eventName, String secretId) {
    return """
        {"version":"0","id":"6a7e8feb","detail-type":"AWS API Call via CloudTrail","source":"aws.secretsmanager",
         "account":"111122223333","time":"2026-11-29T09:59:58Z","region":"eu-west-2","resources":[],
         "detail":{"eventVersion":"1.08","eventSource":"secretsmanager.amazonaws.com","eventName":"%s",
          "awsRegion":"eu-west-2","requestParameters":{"secretId":"%s"},"responseElements":null}}
        """.formatted(eventName, secretId);
  }

  @Test
  void readsSecretsManagerApiCalls() {
    for (String call : RotationEventParser.SECRET_CALLS) {
      RotationEvent e = parser.parse(apiCall(call, "prod/shop/db"));
      assertThat(e).isEqualTo(new RotationEvent.Change("secretsmanager", SourceChange.secret("prod/shop/db"),
          Instant.parse("2026-11-29T09:59:58Z"), call));
    }
  }

  @Test
  void normalisesASecretArnToItsName() {
    RotationEvent e = parser.parse(apiCall("PutSecretValue",
        "arn:aws:secretsmanager:eu-west-2:111122223333:secret:prod/shop/db-AbCdEf"));
    assertThat(((RotationEvent.Change) e).change().name()).isEqualTo("prod/shop/db");
  }

  @Test
  void readsRotationServiceEvents() {
    String body = """
        {"version":"0","detail-type":"AWS Service Event via CloudTrail","source":"aws.secretsmanager",
         "time":"2026-11-29T09:00:00Z","detail":{"eventSource":"secretsmanager.amazonaws.com",
          "eventName":"RotationSucceeded","additionalEventData":{"SecretId":
          "arn:aws:secretsmanager:eu-west-2:111122223333:secret:prod/shop/db-AbCdEf"}}}
        """;
    RotationEvent e = parser.parse(body);
    assertThat(e).isInstanceOf(RotationEvent.Change.class);
    assertThat(((RotationEvent.Change) e).change()).isEqualTo(SourceChange.secret("prod/shop/db"));
    assertThat(((RotationEvent.Change) e).action()).isEqualTo("RotationSucceeded");
  }

  @Test
  void readsParameterStoreChanges() {
    String body = """
        {"version":"0","detail-type":"Parameter Store Change","source":"aws.ssm","time":"2026-11-29T09:00:00Z",
         "resources":["arn:aws:ssm:eu-west-2:111122223333:parameter/shop/prod/db/password"],
         "detail":{"name":"/shop/prod/db/password","type":"SecureString","operation":"Update"}}
        """;
    assertThat(parser.parse(body)).isEqualTo(new RotationEvent.Change("ssm",
        SourceChange.parameter("/shop/prod/db/password"), Instant.parse("2026-11-29T09:00:00Z"), "Update"));
  }

  @Test
  void readsParameterPolicyActions() {
    String body = """
        {"version":"0","detail-type":"Parameter Store Policy Action","source":"aws.ssm",
         "time":"2026-11-29T09:00:00Z","resources":["arn:aws:ssm:eu-west-2:111122223333:parameter/shop/prod/api-key"],
         "detail":{"parameter-name":"/shop/prod/api-key","parameter-type":"Advanced",
          "policy-type":"ExpirationNotification","action-status":"Finished",
          "policy-content":"{\\"Type\\":\\"Expiration\\",\\"Version\\":\\"1.0\\",\\"Attributes\\":{\\"Timestamp\\":\\"2026-12-01T00:00:00Z\\"}}"}}
        """;
    RotationEvent e = parser.parse(body);
    assertThat(e).isInstanceOf(RotationEvent.PolicyAction.class);
    RotationEvent.PolicyAction p = (RotationEvent.PolicyAction) e;
    assertThat(p.change()).isEqualTo(SourceChange.parameter("/shop/prod/api-key"));
    assertThat(p.policyType()).isEqualTo("ExpirationNotification");
    assertThat(p.message()).contains("/shop/prod/api-key").contains("expires at 2026-12-01T00:00:00Z");
  }

  @Test
  void unwrapsSnsNotifications() {
    String inner = apiCall("UpdateSecret", "prod/shop/db").replace("\"", "\\\"").replace("\n", " ");
    String body = "{\"Type\":\"Notification\",\"MessageId\":\"1\",\"TopicArn\":\"arn:aws:sns:eu-west-2:1:t\","
        + "\"Message\":\"" + inner + "\",\"Timestamp\":\"2026-11-29T09:59:59.000Z\"}";
    assertThat(parser.parse(body)).isInstanceOf(RotationEvent.Change.class);
  }

  @Test
  void ignoresEventsKasoDoesNotActOn() {
    assertThat(parser.parse(apiCall("GetSecretValue", "prod/shop/db"))).isInstanceOf(RotationEvent.Ignored.class);
    assertThat(parser.parse("{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\",\"detail\":{}}"))
        .isInstanceOf(RotationEvent.Ignored.class);
  }

  @Test
  void flagsWhatIsNotAnEvent() {
    assertThat(parser.parse("hello")).isInstanceOf(RotationEvent.Malformed.class);
    assertThat(parser.parse("[1,2]")).isInstanceOf(RotationEvent.Malformed.class);
    assertThat(parser.parse("{\"source\":\"aws.ssm\"}")).isInstanceOf(RotationEvent.Malformed.class);
    assertThat(parser.parse(apiCall("PutSecretValue", "x").replace("\"requestParameters\":{\"secretId\":\"x\"}",
        "\"requestParameters\":{}"))).isInstanceOf(RotationEvent.Malformed.class);
  }

  @Test
  void anEventWithoutATimeTakesNow() {
    String body = "{\"source\":\"aws.ssm\",\"detail-type\":\"Parameter Store Change\","
        + "\"detail\":{\"name\":\"/a\",\"operation\":\"Create\"}}";
    assertThat(((RotationEvent.Change) parser.parse(body)).time()).isEqualTo(NOW);
  }

  @Property
  void neverThrowsWhateverTheBody(@ForAll String body) {
    assertThat(parser.parse(body)).isNotNull();
  }
}
