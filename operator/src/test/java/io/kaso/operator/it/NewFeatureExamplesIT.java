package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.testing.OperatorTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The examples of the ESO-parity features do what their comments say, applied as they are against moto: keys from a
 * Secret assuming a role, a regexp find, a tag as data and a template (external-secret-outside-eks.yaml); a JSON
 * parameter split into keys, a tagged path renamed by rewrite, Auto decoding, Orphan and sourceDeletionPolicy Delete
 * (external-parameter-lifecycle.yaml).
 */
class NewFeatureExamplesIT extends OperatorTest {
  private static final String EXAMPLE_ACCOUNT = "111122223333";
  private static final String MOTO_ACCOUNT = "123456789012";
  private static final Path EXAMPLES = Path.of(System.getProperty("kaso.repoRoot", "..")).resolve("examples");

  @Test
  void outsideEksExampleReadsWithTheNamespacesKeysAndShapesTheSecret() throws IOException {
    kube.client().secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("aws-keys")
        .endMetadata().withData(Map.of("AWS_ACCESS_KEY_ID", base64("AKIAEXAMPLETENANT001"),
            "AWS_SECRET_ACCESS_KEY", base64("example-secret"))).build()).create();
    try (var sm = aws.secretsManager()) {
      sm.createSecret(r -> r.name("prod/shop/payments/api-key").secretString("pay-123")
          .tags(Tag.builder().key("owner").value("team-payments").build()));
      sm.createSecret(r -> r.name("prod/shop/search/api-key").secretString("search-456"));
      sm.createSecret(r -> r.name("prod/shop/search/db-password").secretString("not-matched"));
    }
    apply("external-secret-outside-eks.yaml");
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "shop-api-keys")).isEqualTo(Map.of(
        "PAYMENTS_API_KEY", "pay-123", "SEARCH_API_KEY", "search-456", "PAYMENTS_OWNER", "team-payments",
        "services.json", "{\"payments\": \"pay-123\", \"owner\": \"team-payments\"}")));
    assertThat(operator.calls().assumedRoles()).containsExactly("arn:aws:iam::" + MOTO_ACCOUNT + ":role/shop-api-keys-reader");
    assertThat(operator.calls().signers("AssumeRole")).containsOnly("AKIAEXAMPLETENANT001");
  }

  @Test
  void lifecycleExampleSplitsRenamesDecodesAndOutlivesItsResource() throws IOException {
    aws.putParameter("/shop/prod/db-json", "{\"user\": \"shop\", \"port\": 5432}", ParameterType.STRING);
    aws.putParameter("/shop/prod/features/checkout/enabled", "true", Map.of("team", "shop"));
    aws.putParameter("/shop/prod/features/beta/search", "false", Map.of("team", "search"));
    aws.putParameter("/shop/prod/bootstrap-password", base64("s3cret"), ParameterType.SECURE_STRING);
    apply("external-parameter-lifecycle.yaml");
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "shop-bootstrap")).isEqualTo(Map.of(
        "DB_user", "shop", "DB_port", "5432", "FEATURE_checkout_enabled", "true", "BOOTSTRAP_PASSWORD", "s3cret")));
    assertThat(resources.secret(NS, "shop-bootstrap").getMetadata().getOwnerReferences()).isNullOrEmpty();

    kube.client().resources(ExternalParameter.class).inNamespace(NS).withName("shop-bootstrap").delete();
    eventually().untilAsserted(() -> assertThat(resources.parameter(NS, "shop-bootstrap")).isNull());
    assertThat(resources.data(NS, "shop-bootstrap")).containsEntry("BOOTSTRAP_PASSWORD", "s3cret");
  }

  /** Applies an example; its role's account becomes moto's own, as moto keeps each account's secrets apart. */
  private void apply(String file) throws IOException {
    String yaml = Files.readString(EXAMPLES.resolve(file)).replace(EXAMPLE_ACCOUNT, MOTO_ACCOUNT);
    try (InputStream in = new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))) {
      List<HasMetadata> items = kube.client().load(in).items();
      items.forEach(item -> kube.client().resource(item).create());
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
