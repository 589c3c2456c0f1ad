package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.api.v1alpha1.Condition;
import io.kaso.operator.api.v1alpha1.KeyStyle;
import io.kaso.operator.api.v1alpha1.MetadataPolicy;
import io.kaso.operator.api.v1alpha1.ParameterPath;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.SecretDataFrom;
import io.kaso.operator.api.v1alpha1.SecretFind;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.testing.OperatorTest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;

/**
 * Finds by name regexp (Secrets Manager and Parameter Store paths), Parameter Store paths by tags, and tags as data
 * (metadataPolicy: Fetch) through the whole operator against moto, with the AWS calls they cost.
 */
class FindsIT extends OperatorTest {
  private SecretsManagerClient sm;
  private SsmClient ssm;

  @BeforeEach
  void openClients() {
    sm = aws.secretsManager();
    ssm = aws.ssm();
  }

  @AfterEach
  void closeClients() {
    sm.close();
    ssm.close();
  }

  // --- Secrets Manager: find.nameRegexp ---

  @Test
  void aRegexpFindReadsOnlyTheMatchingSecretsInBatchesOfTwenty() {
    Map<String, String> expected = new TreeMap<>();
    for (int i = 1; i <= 25; i++) {
      createSecret("prod/shop/svc-" + i + "/db", "db-" + i, Map.of());
      createSecret("prod/shop/svc-" + i + "/db-admin", "not this", Map.of());
      expected.put("SVC_" + i + "_DB", "db-" + i);
    }
    createSecret("prod/billing/svc-1/db", "billing's", Map.of());

    resources.createSecret(NS, "regexp", s -> s.setDataFrom(List.of(find("prod/shop/", "/db$", null))));

    Condition ready = awaitSecretReady("regexp", "True", "Synced");
    assertThat(ready.getMessage()).isEqualTo("25 keys from 1 find");
    assertThat(resources.data(NS, "regexp")).isEqualTo(expected);
    // One listing page (50 secrets under the prefix), then only the 25 matching values, 20 per call.
    assertThat(operator.calls().count("ListSecrets")).isEqualTo(1);
    assertThat(operator.calls().count("BatchGetSecretValue")).isEqualTo(2);
    assertThat(operator.calls().count("GetSecretValue")).isZero();
    assertThat(resources.secretResource(NS, "regexp").getStatus().getSources()).hasSize(25);
  }

  @Test
  void aRegexpCombinesWithPrefixAndTagsAndAllMustMatch() {
    createSecret("prod/shop/db", "a", Map.of("team", "shop"));
    createSecret("prod/shop/cache", "b", Map.of("team", "shop"));
    createSecret("prod/shop/queue", "c", Map.of("team", "shop"));
    createSecret("prod/shop/db-untagged", "d", Map.of());
    createSecret("prod/billing/db", "e", Map.of("team", "shop"));
    createSecret("staging/shop/db", "f", Map.of("team", "shop"));

    resources.createSecret(NS, "combined", s -> s.setDataFrom(List.of(
        find("prod/", "(db|cache)", Map.of("team", "shop")))));

    awaitSecretReady("combined", "True", "Synced");
    assertThat(resources.data(NS, "combined")).isEqualTo(Map.of("SHOP_DB", "a", "SHOP_CACHE", "b", "BILLING_DB", "e"));
    assertThat(operator.calls().count("BatchGetSecretValue")).isEqualTo(1);
  }

  @Test
  void aRegexpAloneListsEverySecret() {
    createSecret("team-a/db", "a", Map.of());
    createSecret("team-b/db", "b", Map.of());
    createSecret("team-b/cache", "c", Map.of());
    resources.createSecret(NS, "alone", s -> s.setDataFrom(List.of(find(null, "^team-[ab]/db$", null))));
    awaitSecretReady("alone", "True", "Synced");
    assertThat(resources.data(NS, "alone")).isEqualTo(Map.of("TEAM_A_DB", "a", "TEAM_B_DB", "b"));
  }

  @Test
  void anInvalidRegexpIsInvalidSpecWithAWarningAndNoAwsCall() {
    createSecret("prod/shop/db", "a", Map.of());
    resources.createSecret(NS, "bad-regexp", s -> s.setDataFrom(List.of(find("prod/shop/", "(db|cache", null))));
    Condition c = awaitSecretReady("bad-regexp", "False", "InvalidSpec");
    assertThat(c.getMessage()).contains("dataFrom[].find.nameRegexp '(db|cache'").contains("not a valid regular");
    eventually().untilAsserted(() -> assertThat(resources.events(NS, "bad-regexp"))
        .anySatisfy(e -> assertThat(e).startsWith("Warning InvalidSpec")));
    assertThat(operator.calls().total()).isZero();
    assertThat(resources.secret(NS, "bad-regexp")).isNull();
  }

  // --- Secrets Manager: metadataPolicy: Fetch ---

  @Test
  void tagsOfASecretBecomeDataAsOneTagAllTagsAsJsonAndOneKeyPerTag() {
    createSecret("prod/shop/db", "{\"user\":\"shop\"}", Map.of("team", "shop", "env", "prod"));

    resources.createSecret(NS, "tags", s -> {
      SecretRef team = new SecretRef("TEAM", "prod/shop/db");
      team.setMetadataPolicy(MetadataPolicy.Fetch);
      team.setProperty("team");
      SecretRef all = new SecretRef("ALL_TAGS", "prod/shop/db");
      all.setMetadataPolicy(MetadataPolicy.Fetch);
      SecretDataFrom each = new SecretDataFrom();
      each.setSecretId("prod/shop/db");
      each.setMetadataPolicy(MetadataPolicy.Fetch);
      each.setKeyPrefix("tag.");
      s.setData(List.of(team, all));
      s.setDataFrom(List.of(each));
    });

    Condition ready = awaitSecretReady("tags", "True", "Synced");
    assertThat(ready.getMessage()).isEqualTo("4 keys from 1 secret");
    assertThat(resources.data(NS, "tags")).isEqualTo(Map.of("TEAM", "shop",
        "ALL_TAGS", "{\"env\":\"prod\",\"team\":\"shop\"}", "tag.team", "shop", "tag.env", "prod"));
    // Tags only: one DescribeSecret, no value read.
    assertThat(operator.calls().count("DescribeSecret")).isEqualTo(1);
    assertThat(operator.calls().count("BatchGetSecretValue")).isZero();
  }

  @Test
  void aTagTheSecretDoesNotCarryIsSourceNotFound() {
    createSecret("prod/shop/db", "x", Map.of("team", "shop"));
    resources.createSecret(NS, "no-tag", s -> {
      SecretRef owner = new SecretRef("OWNER", "prod/shop/db");
      owner.setMetadataPolicy(MetadataPolicy.Fetch);
      owner.setProperty("owner");
      s.setData(List.of(owner));
    });
    Condition c = awaitSecretReady("no-tag", "False", "SourceNotFound");
    assertThat(c.getMessage()).contains("prod/shop/db").contains("'owner'");
  }

  // --- Parameter Store: paths[].nameRegexp and paths[].tags ---

  @Test
  void aPathWithANameRegexpKeepsOnlyMatchingParametersAtTheCostOfThePathRead() {
    aws.putParameter("/shop/prod/db/password", "pw", ParameterType.SECURE_STRING);
    aws.putParameter("/shop/prod/db/user", "shop", ParameterType.STRING);
    aws.putParameter("/shop/prod/cache/url", "redis://c", ParameterType.STRING);
    aws.putParameter("/shop/prod/queue/url", "sqs://q", ParameterType.STRING);
    ParameterPath p = new ParameterPath("/shop/prod/");
    p.setNameRegexp("/(db/password|cache/url)$");
    resources.createParameter(NS, "ps-regexp", s -> s.setPaths(List.of(p)));

    assertThat(awaitParameterSynced("ps-regexp")).isEqualTo(Map.of("DB_PASSWORD", "pw", "CACHE_URL", "redis://c"));
    assertThat(operator.calls().count("GetParametersByPath")).isEqualTo(1);
  }

  @Test
  void aPathWithTagsReadsOnlyTaggedParametersWithDescribeParametersAndBatchedGets() {
    Map<String, String> expected = new TreeMap<>();
    for (int i = 0; i < 12; i++) {
      putTagged("/shop/prod/svc" + i + "/key", "k" + i, Map.of("team", "shop", "env", "prod"));
      expected.put("SVC" + i + "_KEY", "k" + i);
    }
    putTagged("/shop/prod/billing/key", "billing's", Map.of("team", "billing", "env", "prod"));
    putTagged("/shop/prod/untagged", "nobody's", Map.of());
    putTagged("/elsewhere/key", "outside the path", Map.of("team", "shop", "env", "prod"));
    ParameterPath p = new ParameterPath("/shop/prod");
    p.setTags(Map.of("team", "shop"));
    resources.createParameter(NS, "ps-tags", s -> s.setPaths(List.of(p)));

    assertThat(awaitParameterSynced("ps-tags")).isEqualTo(expected);
    // The tagged names from DescribeParameters, their 12 values in GetParameters calls of 10; no path read.
    assertThat(operator.calls().count("DescribeParameters")).isBetween(1, 2);
    assertThat(operator.calls().count("GetParameters")).isEqualTo(2);
    assertThat(operator.calls().count("GetParametersByPath")).isZero();
  }

  @Test
  void tagsAndANameRegexpOnOnePathMustBothMatch() {
    putTagged("/shop/prod/db/password", "pw", Map.of("team", "shop"));
    putTagged("/shop/prod/db/user", "u", Map.of("team", "shop"));
    putTagged("/shop/prod/cache/password", "cpw", Map.of("team", "billing"));
    ParameterPath p = new ParameterPath("/shop/prod");
    p.setTags(Map.of("team", "shop"));
    p.setNameRegexp("password$");
    p.setKeyStyle(KeyStyle.Relative);
    resources.createParameter(NS, "ps-both", s -> s.setPaths(List.of(p)));
    assertThat(awaitParameterSynced("ps-both")).isEqualTo(Map.of("db.password", "pw"));
  }

  @Test
  void anInvalidPathRegexpIsInvalidSpec() {
    ParameterPath p = new ParameterPath("/shop/prod");
    p.setNameRegexp("(?<name>x)\\k<name>");
    resources.createParameter(NS, "ps-bad", s -> s.setPaths(List.of(p)));
    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, "ps-bad")).hasValueSatisfying(c -> {
      assertThat(c.getReason()).isEqualTo("InvalidSpec");
      assertThat(c.getMessage()).contains("paths[/shop/prod].nameRegexp");
    }));
    assertThat(operator.calls().total()).isZero();
  }

  // --- Parameter Store: metadataPolicy: Fetch ---

  @Test
  void tagsOfAParameterBecomeDataWithListTagsForResource() {
    putTagged("/shop/prod/db/password", "pw", Map.of("team", "shop", "rotation", "30d"));
    resources.createParameter(NS, "ps-tag-data", s -> {
      ParameterRef team = new ParameterRef("/shop/prod/db/password", "TEAM");
      team.setMetadataPolicy(MetadataPolicy.Fetch);
      team.setProperty("team");
      ParameterRef all = new ParameterRef("/shop/prod/db/password", "TAGS");
      all.setMetadataPolicy(MetadataPolicy.Fetch);
      ParameterRef value = new ParameterRef("/shop/prod/db/password", "PASSWORD");
      s.setParameters(List.of(team, all, value));
    });
    assertThat(awaitParameterSynced("ps-tag-data")).isEqualTo(Map.of("TEAM", "shop",
        "TAGS", "{\"rotation\":\"30d\",\"team\":\"shop\"}", "PASSWORD", "pw"));
    assertThat(operator.calls().count("ListTagsForResource")).isEqualTo(1);
    assertThat(operator.calls().count("GetParameters")).isEqualTo(1);
  }

  @Test
  void tagsOfAMissingParameterAreSourceNotFound() {
    resources.createParameter(NS, "ps-tag-missing", s -> {
      ParameterRef team = new ParameterRef("/shop/prod/nothing", "TEAM");
      team.setMetadataPolicy(MetadataPolicy.Fetch);
      s.setParameters(List.of(team));
    });
    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, "ps-tag-missing"))
        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("SourceNotFound")));
  }

  // --- helpers ---

  private Condition awaitSecretReady(String name, String status, String reason) {
    eventually().untilAsserted(() -> assertThat(resources.secretReady(NS, name)).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).as("Ready status, %s", c).isEqualTo(status);
      assertThat(c.getReason()).as("Ready reason, %s", c).isEqualTo(reason);
    }));
    return resources.secretReady(NS, name).orElseThrow();
  }

  private Map<String, String> awaitParameterSynced(String name) {
    eventually().untilAsserted(() -> assertThat(resources.parameterReady(NS, name))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).as(c.toString()).isEqualTo("True")));
    return resources.data(NS, name);
  }

  private void createSecret(String name, String value, Map<String, String> tags) {
    sm.createSecret(r -> r.name(name).secretString(value));
    tags.forEach((k, v) -> sm.tagResource(r -> r.secretId(name).tags(t -> t.key(k).value(v))));
  }

  private void putTagged(String name, String value, Map<String, String> tags) {
    aws.putParameter(name, value, ParameterType.STRING);
    tags.forEach((k, v) -> ssm.addTagsToResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER)
        .resourceId(name).tags(t -> t.key(k).value(v))));
  }

  private static SecretDataFrom find(String prefix, String regexp, Map<String, String> tags) {
    SecretFind f = new SecretFind();
    f.setNamePrefix(prefix);
    f.setNameRegexp(regexp);
    f.setTags(tags);
    SecretDataFrom from = new SecretDataFrom();
    from.setFind(f);
    return from;
  }
}
