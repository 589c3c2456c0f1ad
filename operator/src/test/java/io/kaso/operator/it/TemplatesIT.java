package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.kaso.operator.api.v1alpha1.Condition;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.SecretDataFrom;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.api.v1alpha1.Target;
import io.kaso.operator.api.v1alpha1.TemplateMergePolicy;
import io.kaso.operator.testing.OperatorTest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * target.template as a template engine (DESIGN 2.4) through the whole operator, against moto and the in-memory API:
 * Secrets built from parts (Replace), config files from nested JSON, labels from templates, and a template that
 * cannot be rendered leaving the Secret as it was.
 */
class TemplatesIT extends OperatorTest {
  private SecretsManagerClient sm;

  @BeforeEach
  void openClients() {
    sm = aws.secretsManager();
  }

  @AfterEach
  void closeClients() {
    sm.close();
  }

  @Test
  void buildsADockerConfigJsonFromPartsAndWritesOnlyIt() {
    sm.createSecret(r -> r.name("ci/registry").secretString(
        "{\"host\":\"registry.shop.example\",\"user\":\"ci-bot\",\"token\":\"tok-123\"}"));
    Target t = new Target();
    t.setType("kubernetes.io/dockerconfigjson");
    t.setTemplateMergePolicy(TemplateMergePolicy.Replace);
    t.setTemplate(Map.of(".dockerconfigjson", """
        {% set r = REGISTRY | fromjson %}{"auths": {"{{ r.host }}": {"username": "{{ r.user }}", \
        "password": "{{ r.token }}", "auth": "{{ (r.user ~ ':' ~ r.token) | b64encode }}"}}}"""));
    resources.createSecret(NS, "pull", s -> {
      s.setData(List.of(new SecretRef("REGISTRY", "ci/registry")));
      s.setTarget(t);
    });

    Condition ready = awaitSecret("pull", "True", "Synced");
    assertThat(ready.getMessage()).isEqualTo("1 key from 1 secret");
    Secret secret = resources.secret(NS, "pull");
    assertThat(secret.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
    assertThat(resources.data(NS, "pull")).containsOnlyKeys(".dockerconfigjson").containsEntry(".dockerconfigjson",
        "{\"auths\": {\"registry.shop.example\": {\"username\": \"ci-bot\", \"password\": \"tok-123\", \"auth\": \""
            + Base64.getEncoder().encodeToString("ci-bot:tok-123".getBytes()) + "\"}}}");
  }

  @Test
  void buildsAConfigFileFromNestedJsonBesideTheFetchedKeysAndNeverReadsAValueAsATemplate() {
    sm.createSecret(r -> r.name("prod/shop/db").secretString(
        "{\"user\":\"shop\",\"password\":\"{{ 7 * 7 }}${user}\",\"conn\":{\"host\":\"db.shop\",\"port\":5432}}"));
    Target t = new Target();
    t.setTemplate(new LinkedHashMap<>(Map.of("app.yaml", """
        {% set db = DB | fromjson %}database:
          url: postgres://{{ db.conn.host }}:{{ db.conn.port }}/shop
          user: {{ db.user | upper }}
          password: {{ db.password | tojson }}
        """, "LEGACY", "${DB_user}:${DB}")));
    resources.createSecret(NS, "app-config", s -> {
      SecretDataFrom from = new SecretDataFrom();
      from.setSecretId("prod/shop/db");
      from.setKeyPrefix("DB_");
      s.setDataFrom(List.of(from));
      s.setData(List.of(new SecretRef("DB", "prod/shop/db")));
      s.setTarget(t);
    });

    awaitSecret("app-config", "True", "Synced");
    Map<String, String> data = resources.data(NS, "app-config");
    assertThat(data.get("app.yaml")).isEqualTo("""
        database:
          url: postgres://db.shop:5432/shop
          user: SHOP
          password: "{{ 7 * 7 }}${user}"
        """);
    assertThat(data).containsEntry("LEGACY", "shop:" + data.get("DB")).containsEntry("DB_user", "shop")
        .containsEntry("DB_password", "{{ 7 * 7 }}${user}").containsKey("DB");
  }

  @Test
  void setsLabelsAndAnnotationsFromTemplates() {
    aws.putParameter("/shop/prod/region", "eu-west-1", ParameterType.STRING);
    aws.putParameter("/shop/prod/db-password", "pw", ParameterType.SECURE_STRING);
    Target t = new Target();
    t.setLabels(Map.of("team", "shop"));
    t.setTemplateLabels(Map.of("shop.example/region", "{{ REGION | replace('-', '_') }}"));
    t.setTemplateAnnotations(Map.of("shop.example/summary", "region {{ REGION }}, {{ data | length }} keys"));
    resources.createParameter(NS, "labelled", s -> {
      s.setParameters(List.of(new ParameterRef("/shop/prod/region", "REGION"),
          new ParameterRef("/shop/prod/db-password", "DB_PASSWORD")));
      s.setTarget(t);
    });

    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, "labelled"))
        .hasValueSatisfying(c -> assertThat(c.getReason()).as(c.toString()).isEqualTo("Synced")));
    Secret secret = resources.secret(NS, "labelled");
    assertThat(secret.getMetadata().getLabels()).containsEntry("shop.example/region", "eu_west_1")
        .containsEntry("team", "shop").containsEntry("app.kubernetes.io/managed-by", "kaso");
    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry("shop.example/summary", "region eu-west-1, 2 keys");
    assertThat(resources.data(NS, "labelled")).isEqualTo(Map.of("REGION", "eu-west-1", "DB_PASSWORD", "pw"));

    // Drift: somebody deletes the Secret; the restore from the last sync, without AWS, brings the labels back too.
    long reads = operator.calls().count("GetParameters");
    kube.client().secrets().inNamespace(NS).withName("labelled").delete();
    eventually().untilAsserted(() -> assertThat(resources.secret(NS, "labelled")).isNotNull()
        .satisfies(s -> assertThat(s.getMetadata().getLabels()).containsEntry("shop.example/region", "eu_west_1"))
        .satisfies(s -> assertThat(s.getMetadata().getAnnotations()).containsKey("shop.example/summary")));
    assertThat(operator.calls().count("GetParameters")).isEqualTo(reads);
  }

  @Test
  void anInvalidTemplateLeavesTheSecretAsItWasWithInvalidSpecAndNoValueInTheMessage() {
    sm.createSecret(r -> r.name("prod/shop/api-key").secretString("k3y-s3cr3t"));
    resources.createSecret(NS, "api", s -> {
      s.setData(List.of(new SecretRef("API_KEY", "prod/shop/api-key")));
      Target t = new Target();
      t.setTemplate(Map.of("HEADER", "Bearer {{ API_KEY }}"));
      s.setTarget(t);
    });
    awaitSecret("api", "True", "Synced");
    Map<String, String> before = resources.data(NS, "api");
    assertThat(before).containsEntry("HEADER", "Bearer k3y-s3cr3t");

    resources.editSecret(NS, "api", s -> s.getTarget().setTemplate(Map.of("HEADER", "{{ API_KEY | fromjson }}")));
    Condition failed = awaitSecret("api", "False", "InvalidSpec");
    assertThat(failed.getMessage()).contains("target.template key HEADER").contains("fromjson")
        .doesNotContain("k3y-s3cr3t");
    assertThat(resources.data(NS, "api")).isEqualTo(before);
    eventually().untilAsserted(() -> assertThat(resources.events(NS, "api"))
        .anySatisfy(e -> assertThat(e).startsWith("Warning InvalidSpec").contains("HEADER")));
    assertThat(resources.events(NS, "api")).noneSatisfy(e -> assertThat(e).contains("k3y-s3cr3t"));

    resources.editSecret(NS, "api", s -> s.getTarget().setTemplate(Map.of("HEADER", "{{ ''.getClass() }}")));
    Condition escaped = awaitSecret("api", "False", "InvalidSpec", "method");
    assertThat(escaped.getMessage()).contains("target.template key HEADER");
    assertThat(resources.data(NS, "api")).isEqualTo(before);
  }

  private Condition awaitSecret(String name, String status, String reason) {
    return awaitSecret(name, status, reason, "");
  }

  private Condition awaitSecret(String name, String status, String reason, String messagePart) {
    eventually().untilAsserted(() -> assertThat(ready(name)).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).as("Ready status, %s", c).isEqualTo(status);
      assertThat(c.getReason()).as("Ready reason, %s", c).isEqualTo(reason);
      assertThat(c.getMessage()).as("Ready message, %s", c).contains(messagePart);
    }));
    return ready(name).orElseThrow();
  }

  private Optional<Condition> ready(String name) {
    return resources.secretReady(NS, name);
  }
}
