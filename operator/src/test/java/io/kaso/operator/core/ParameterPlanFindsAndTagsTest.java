package io.kaso.operator.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.api.v1alpha1.ExternalParameterSpec;
import io.kaso.operator.api.v1alpha1.MetadataPolicy;
import io.kaso.operator.api.v1alpha1.ParameterPath;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.SourceVersion;
import io.kaso.operator.core.ParameterPlan.PathRead;
import io.kaso.operator.source.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paths by nameRegexp and tags, and tags as data (metadataPolicy: Fetch), in the ExternalParameter plan. */
class ParameterPlanFindsAndTagsTest {

  private static ExternalParameterSpec spec(List<ParameterPath> paths, List<ParameterRef> params) {
    ExternalParameterSpec s = new ExternalParameterSpec();
    s.setPaths(paths);
    s.setParameters(params);
    return s;
  }

  private static Parameter param(String name, String value) {
    return new Parameter(name, "String", value, 1);
  }

  @Test
  void aPathsNameRegexpKeepsOnlyParametersWhoseFullNameMatches() {
    ParameterPath p = new ParameterPath("/shop/");
    p.setNameRegexp("/(db|cache)/[^/]+$");
    ParameterPlan plan = ParameterPlan.of(spec(List.of(p), null));
    assertThat(plan.paths()).containsExactly(new PathRead("/shop/", true));
    Fetched f = plan.assemble(Map.of(plan.paths().get(0), List.of(param("/shop/db/password", "pw"),
        param("/shop/cache/url", "u"), param("/shop/queue/url", "q"), param("/shop/db/nested/x", "x"))), Map.of());
    assertThat(f.data().entries()).containsOnlyKeys("DB_PASSWORD", "CACHE_URL");
    assertThat(f.sources()).extracting(SourceVersion::getName).containsExactly("/shop/cache/url", "/shop/db/password");
  }

  @Test
  void anInvalidPathRegexpIsInvalidSpecNamingThePath() {
    ParameterPath p = new ParameterPath("/shop/");
    p.setNameRegexp("[unclosed");
    assertThatThrownBy(() -> ParameterPlan.of(spec(List.of(p), null)))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("paths[/shop/].nameRegexp");
  }

  @Test
  void aPathWithTagsIsItsOwnReadUnderThePathsPolicyAndIndex() {
    ParameterPath tagged = new ParameterPath("/shop");
    tagged.setTags(Map.of("team", "shop"));
    ParameterPath all = new ParameterPath("/shop");
    all.setKeyPrefix("ALL_");
    ParameterPlan plan = ParameterPlan.of(spec(List.of(tagged, all), null));
    assertThat(plan.paths()).containsExactly(new PathRead("/shop", true, Map.of("team", "shop")),
        new PathRead("/shop", true));
    assertThat(plan.policySources()).containsExactly(PolicySource.path("/shop"));
    assertThat(plan.indexKeys()).containsExactly(SourceIndexKeys.path("/shop", true));
    assertThat(plan.mayRead(SourceChange.parameter("/shop/db"))).isTrue();
    Fetched f = plan.assemble(Map.of(plan.paths().get(0), List.of(param("/shop/db", "a")),
        plan.paths().get(1), List.of(param("/shop/db", "a"), param("/shop/other", "b"))), Map.of());
    assertThat(f.data().entries()).containsOnlyKeys("DB", "ALL_DB", "ALL_OTHER");
  }

  @Test
  void tagFiltersBeyondAwsLimitsAreInvalidSpec() {
    ParameterPath tagged = new ParameterPath("/shop");
    tagged.setTags(Map.of("team", "v".repeat(257)));
    assertThatThrownBy(() -> ParameterPlan.of(spec(List.of(tagged), null)))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("paths[/shop].tags");
  }

  @Test
  void aParameterFetchingTagsReadsNoValueAndWritesOneTagOrAllAsJson() {
    ParameterRef team = new ParameterRef("/shop/db/password", "TEAM");
    team.setMetadataPolicy(MetadataPolicy.Fetch);
    team.setProperty("team");
    ParameterRef all = new ParameterRef("/shop/db/password", null);
    all.setMetadataPolicy(MetadataPolicy.Fetch);
    ParameterPlan plan = ParameterPlan.of(spec(null, List.of(team, all)));
    assertThat(plan.selectors()).as("no value is read").isEmpty();
    assertThat(plan.tagReads()).containsExactly("/shop/db/password");
    assertThat(plan.policySources()).containsExactly(PolicySource.name("/shop/db/password"));
    assertThat(plan.indexKeys()).containsExactly(SourceIndexKeys.parameter("/shop/db/password"));
    Fetched f = plan.assemble(Map.of(), Map.of(), Map.of("/shop/db/password", Map.of("team", "shop", "tier", "1")));
    assertThat(new String(f.data().entries().get("TEAM"), UTF_8)).isEqualTo("shop");
    assertThat(new String(f.data().entries().get("PASSWORD"), UTF_8)).isEqualTo("{\"team\":\"shop\",\"tier\":\"1\"}");
    assertThat(f.sources()).containsExactly(new SourceVersion("/shop/db/password", "tags"));
    assertThat(plan.describe(2)).isEqualTo("2 keys from 1 parameter");
  }

  @Test
  void aParameterFetchingTagsWithAVersionIsInvalidSpec() {
    ParameterRef team = new ParameterRef("/shop/db/password", "TEAM");
    team.setMetadataPolicy(MetadataPolicy.Fetch);
    team.setLabel("live");
    assertThatThrownBy(() -> ParameterPlan.of(spec(null, List.of(team))))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("metadataPolicy: Fetch");
  }

  @Test
  void tagsOfASecretsManagerReferenceAreInvalidSpecPointingToExternalSecret() {
    ParameterRef ref = new ParameterRef("/aws/reference/secretsmanager/prod/db", "TEAM");
    ref.setMetadataPolicy(MetadataPolicy.Fetch);
    assertThatThrownBy(() -> ParameterPlan.of(spec(null, List.of(ref))))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("ExternalSecret");
  }

  @Test
  void aMissingTagIsSourceNotFound() {
    ParameterRef team = new ParameterRef("/shop/db/password", "TEAM");
    team.setMetadataPolicy(MetadataPolicy.Fetch);
    team.setProperty("owner");
    ParameterPlan plan = ParameterPlan.of(spec(null, List.of(team)));
    assertThatThrownBy(() -> plan.assemble(Map.of(), Map.of(), Map.of("/shop/db/password", Map.of())))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.SourceNotFound));
  }
}
