package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.api.v1alpha1.MetadataPolicy;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.SecretDataFrom;
import io.kaso.operator.api.v1alpha1.SecretFind;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.testing.OperatorTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Regexp finds and tags under the namespace policy (Annotated), and a TagResource event resyncing a reader of tags.
 */
class FindsPolicyAndEventsIT extends OperatorTest {
  private SqsClient sqs;
  private String queueUrl;
  private SecretsManagerClient sm;

  @Override
  protected Map<String, String> settings() {
    sqs = aws.sqs();
    queueUrl = sqs.createQueue(r -> r.queueName("kaso-events")).queueUrl();
    return Map.of("KASO_EVENTS_QUEUE_URL", queueUrl, "KASO_NAMESPACE_POLICY", "Annotated");
  }

  @BeforeEach
  void allowShopsSources() {
    kube.namespace(NS, Map.of("kaso.io/allowed-sources", "prod/shop/*,/shop/*"));
    sm = aws.secretsManager();
  }

  @AfterEach
  void closeClients() {
    sqs.close();
    sm.close();
  }

  @Test
  void aRegexpFindNeedsEveryNameUnderItsPrefixAllowedAsAnyFindDoes() {
    sm.createSecret(r -> r.name("prod/shop/db").secretString("mine"));
    sm.createSecret(r -> r.name("prod/billing/db").secretString("not mine"));

    // The expression would only match shop's names, but the policy cannot know what it matches: no prefix, no read.
    resources.createSecret(NS, "no-prefix", s -> s.setDataFrom(List.of(find(null, "^prod/shop/"))));
    eventually().untilAsserted(() -> assertThat(resources.secretReady(NS, "no-prefix")).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo("Forbidden");
      assertThat(c.getMessage()).contains("every name under ''");
    }));
    assertThat(operator.calls().count("ListSecrets") + operator.calls().count("BatchGetSecretValue")).isZero();

    resources.createSecret(NS, "with-prefix", s -> s.setDataFrom(List.of(find("prod/shop/", "db$"))));
    eventually().untilAsserted(() -> assertThat(resources.secretReady(NS, "with-prefix"))
        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Synced")));
    assertThat(resources.data(NS, "with-prefix")).isEqualTo(Map.of("DB", "mine"));
  }

  @Test
  void tagsAreReadOnlyFromSourcesTheNamespaceMayRead() {
    sm.createSecret(r -> r.name("prod/billing/db").secretString("x").tags(t -> t.key("team").value("billing")));
    aws.putParameter("/billing/db", "x", ParameterType.STRING);
    resources.createSecret(NS, "other-tags", s -> s.setData(List.of(fetch("TEAM", "prod/billing/db"))));
    resources.createParameter(NS, "other-ps-tags", s -> {
      ParameterRef r = new ParameterRef("/billing/db", "TAGS");
      r.setMetadataPolicy(MetadataPolicy.Fetch);
      s.setParameters(List.of(r));
    });
    eventually().untilAsserted(() -> {
      assertThat(resources.secretReady(NS, "other-tags")).hasValueSatisfying(c -> {
        assertThat(c.getReason()).isEqualTo("Forbidden");
        assertThat(c.getMessage()).contains("prod/billing/db");
      });
      assertThat(resources.parameterReady(NS, "other-ps-tags"))
          .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Forbidden"));
    });
    assertThat(operator.calls().count("DescribeSecret") + operator.calls().count("ListTagsForResource")).isZero();
  }

  @Test
  void aTagResourceEventResyncsAReaderOfTheSecretsTags() {
    sm.createSecret(r -> r.name("prod/shop/db").secretString("x").tags(t -> t.key("team").value("shop")));
    resources.createSecret(NS, "tags", s -> {
      s.setRefreshInterval("1h");
      s.setData(List.of(fetch("TEAM", "prod/shop/db")));
    });
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "tags")).isEqualTo(Map.of("TEAM", "shop")));

    sm.tagResource(r -> r.secretId("prod/shop/db").tags(t -> t.key("team").value("payments")));
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(apiCall("TagResource", "prod/shop/db")));

    eventually().untilAsserted(() -> assertThat(resources.data(NS, "tags")).isEqualTo(Map.of("TEAM", "payments")));
    assertThat(operator.calls().count("DescribeSecret")).isEqualTo(2);
  }

  private static SecretRef fetch(String key, String secretId) {
    SecretRef ref = new SecretRef(key, secretId);
    ref.setMetadataPolicy(MetadataPolicy.Fetch);
    ref.setProperty("team");
    return ref;
  }

  private static SecretDataFrom find(String prefix, String regexp) {
    SecretFind f = new SecretFind();
    f.setNamePrefix(prefix);
    f.setNameRegexp(regexp);
    SecretDataFrom from = new SecretDataFrom();
    from.setFind(f);
    return from;
  }

  private static String apiCall(String eventName, String secretId) {
    return "{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"AWS API Call via CloudTrail\","
        + "\"source\":\"aws.secretsmanager\",\"account\":\"123456789012\",\"time\":\"" + Instant.now()
        + "\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"eventSource\":\"secretsmanager.amazonaws.com\","
        + "\"eventName\":\"" + eventName + "\",\"requestParameters\":{\"secretId\":\"" + secretId + "\"}}}";
  }
}
