package io.kaso.operator.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.api.v1alpha1.ExternalSecretSpec;
import io.kaso.operator.api.v1alpha1.KeyStyle;
import io.kaso.operator.api.v1alpha1.MetadataPolicy;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.SecretDataFrom;
import io.kaso.operator.api.v1alpha1.SecretFind;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.api.v1alpha1.SourceVersion;
import io.kaso.operator.source.SecretFilter;
import io.kaso.operator.source.SecretValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Finds by nameRegexp and tags as data (metadataPolicy: Fetch) in the ExternalSecret plan. */
class SecretPlanFindsAndTagsTest {

  private static SecretDataFrom find(String prefix, String regexp, Map<String, String> tags) {
    SecretFind f = new SecretFind();
    f.setNamePrefix(prefix);
    f.setNameRegexp(regexp);
    f.setTags(tags);
    SecretDataFrom from = new SecretDataFrom();
    from.setFind(f);
    return from;
  }

  private static ExternalSecretSpec spec(List<SecretRef> data, List<SecretDataFrom> dataFrom) {
    ExternalSecretSpec s = new ExternalSecretSpec();
    s.setData(data);
    s.setDataFrom(dataFrom);
    return s;
  }

  private static SecretValue value(String name, String text) {
    return new SecretValue(name, "arn:aws:secretsmanager:us-east-1:1:secret:" + name + "-AbCdEf", "v1", null, text,
        null);
  }

  private static String text(Fetched f, String key) {
    return new String(f.data().entries().get(key), UTF_8);
  }

  @Test
  void aRegexpFindKeepsOnlyMatchingNamesAndCarriesItsExpressionToThePort() {
    SecretPlan plan = SecretPlan.of(spec(null, List.of(find("prod/", "^prod/(db|cache)$", null))));
    SecretFilter f = plan.finds().get(0);
    assertThat(f).isEqualTo(new SecretFilter("prod/", Map.of(), "^prod/(db|cache)$"));
    assertThat(plan.matches(f, "prod/db")).isTrue();
    assertThat(plan.matches(f, "prod/cache")).isTrue();
    assertThat(plan.matches(f, "prod/db-admin")).isFalse();
    assertThat(plan.matches(f, "prod/queue")).isFalse();
    assertThat(plan.policySources()).containsExactly(PolicySource.namesUnder("prod/"));
    assertThat(plan.describe(2)).isEqualTo("2 keys from 1 find");
  }

  @Test
  void aFindWithOnlyARegexpNeedsEveryNameAllowedAsATagFindDoes() {
    SecretPlan plan = SecretPlan.of(spec(null, List.of(find(null, "-db$", null))));
    assertThat(plan.policySources()).containsExactly(PolicySource.namesUnder(""));
    assertThat(plan.indexKeys()).containsExactly(SourceIndexKeys.ANY_FIND);
  }

  @Test
  void aFindWithoutRegexpMatchesEveryListedName() {
    SecretPlan plan = SecretPlan.of(spec(null, List.of(find(null, null, Map.of("team", "shop")))));
    assertThat(plan.matches(plan.finds().get(0), "anything/at/all")).isTrue();
  }

  @Test
  void anInvalidRegexpIsInvalidSpecBeforeAnyRead() {
    assertThatThrownBy(() -> SecretPlan.of(spec(null, List.of(find("prod/", "(db|cache", null)))))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("dataFrom[].find.nameRegexp '(db|cache'");
  }

  @Test
  void regexpFoundSecretsBecomeKeysRelativeToThePrefix() {
    SecretDataFrom from = find("prod/shop/", "(db|cache)$", null);
    from.setKeyStyle(KeyStyle.EnvVar);
    SecretPlan plan = SecretPlan.of(spec(null, List.of(from)));
    Fetched f = plan.assemble(Map.of(), Map.of(plan.finds().get(0),
        List.of(value("prod/shop/db", "pw"), value("prod/shop/cache", "c"))), Map.of());
    assertThat(f.data().entries()).containsOnlyKeys("DB", "CACHE");
  }

  @Test
  void aDataEntryFetchingTagsReadsNoValueAndWritesOneTagOrAllAsJson() {
    SecretRef team = new SecretRef("TEAM", "prod/db");
    team.setMetadataPolicy(MetadataPolicy.Fetch);
    team.setProperty("team");
    SecretRef all = new SecretRef("TAGS", "prod/db");
    all.setMetadataPolicy(MetadataPolicy.Fetch);
    SecretPlan plan = SecretPlan.of(spec(List.of(team, all), null));
    assertThat(plan.selectors()).as("no value is read").isEmpty();
    assertThat(plan.tagReads()).containsExactly("prod/db");
    assertThat(plan.policySources()).containsExactly(PolicySource.name("prod/db"));
    assertThat(plan.indexKeys()).containsExactly(SourceIndexKeys.secret("prod/db"));
    assertThat(plan.mayRead(SourceChange.secret("prod/db"))).isTrue();
    Fetched f = plan.assemble(Map.of(), Map.of(), Map.of(),
        Map.of("prod/db", Map.of("team", "shop", "env", "prod")));
    assertThat(text(f, "TEAM")).isEqualTo("shop");
    assertThat(text(f, "TAGS")).isEqualTo("{\"env\":\"prod\",\"team\":\"shop\"}");
    assertThat(f.sources()).containsExactly(new SourceVersion("prod/db", "tags"));
    assertThat(plan.describe(2)).isEqualTo("2 keys from 1 secret");
  }

  @Test
  void aMissingTagIsSourceNotFoundNamingTheSecretAndTheTag() {
    SecretRef team = new SecretRef("TEAM", "prod/db");
    team.setMetadataPolicy(MetadataPolicy.Fetch);
    team.setProperty("owner");
    SecretPlan plan = SecretPlan.of(spec(List.of(team), null));
    assertThatThrownBy(() -> plan.assemble(Map.of(), Map.of(), Map.of(), Map.of("prod/db", Map.of("team", "shop"))))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.SourceNotFound))
        .hasMessageContaining("prod/db").hasMessageContaining("'owner'");
  }

  @Test
  void tagsHaveNoVersionsSoAVersionWithFetchIsInvalidSpec() {
    SecretRef team = new SecretRef("TEAM", "prod/db");
    team.setMetadataPolicy(MetadataPolicy.Fetch);
    team.setVersionStage("AWSPREVIOUS");
    assertThatThrownBy(() -> SecretPlan.of(spec(List.of(team), null)))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("metadataPolicy: Fetch");
  }

  @Test
  void dataFromFetchingTagsMakesOneKeyPerTagAfterTheKeyPrefix() {
    SecretDataFrom tags = new SecretDataFrom();
    tags.setSecretId("prod/db");
    tags.setMetadataPolicy(MetadataPolicy.Fetch);
    tags.setKeyPrefix("TAG_");
    SecretDataFrom values = new SecretDataFrom();
    values.setSecretId("prod/db");
    SecretPlan plan = SecretPlan.of(spec(null, List.of(tags, values)));
    assertThat(plan.tagReads()).containsExactly("prod/db");
    assertThat(plan.selectors()).hasSize(1);
    Fetched f = plan.assemble(Map.of(plan.selectors().get(0), value("prod/db", "{\"user\":\"u\"}")), Map.of(),
        Map.of(), Map.of("prod/db", Map.of("team", "shop", "env", "prod")));
    assertThat(f.data().entries()).containsOnlyKeys("TAG_team", "TAG_env", "user");
    assertThat(text(f, "TAG_team")).isEqualTo("shop");
  }

  @Test
  void aFindFetchingTagsIsInvalidSpec() {
    SecretDataFrom from = find("prod/", null, null);
    from.setMetadataPolicy(MetadataPolicy.Fetch);
    assertThatThrownBy(() -> SecretPlan.of(spec(null, List.of(from))))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("needs secretId");
  }

  @Test
  void aTagThatIsNoValidSecretKeyFailsTheSync() {
    SecretDataFrom tags = new SecretDataFrom();
    tags.setSecretId("prod/db");
    tags.setMetadataPolicy(MetadataPolicy.Fetch);
    SecretPlan plan = SecretPlan.of(spec(null, List.of(tags)));
    assertThatThrownBy(() -> plan.assemble(Map.of(), Map.of(), Map.of(), Map.of("prod/db", Map.of("cost center", "1"))))
        .isInstanceOf(SyncFailure.class).hasMessageContaining("cost center");
  }
}
