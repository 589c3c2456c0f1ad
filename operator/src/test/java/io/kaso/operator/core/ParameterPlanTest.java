package io.kaso.operator.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.api.v1alpha1.Decoding;
import io.kaso.operator.api.v1alpha1.ExternalParameterSpec;
import io.kaso.operator.api.v1alpha1.KeyRewrite;
import io.kaso.operator.api.v1alpha1.KeyStyle;
import io.kaso.operator.api.v1alpha1.ParameterDataFrom;
import io.kaso.operator.api.v1alpha1.ParameterPath;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.source.Parameter;
import io.kaso.operator.source.ParameterSelector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterPlanTest {

  private static ExternalParameterSpec spec(List<ParameterPath> paths, List<ParameterRef> params) {
    ExternalParameterSpec s = new ExternalParameterSpec();
    s.setPaths(paths);
    s.setParameters(params);
    return s;
  }

  @Test
  void anEmptySpecIsInvalid() {
    assertThatThrownBy(() -> ParameterPlan.of(spec(null, null)))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec));
  }

  @Test
  void versionAndLabelTogetherAreInvalid() {
    ParameterRef r = new ParameterRef("/a", null);
    r.setVersion(3L);
    r.setLabel("live");
    assertThatThrownBy(() -> ParameterPlan.of(spec(null, List.of(r)))).hasMessageContaining("version and label");
  }

  @Test
  void keysComeFromPathsWithStyleAndPrefixAndFromExplicitEntries() {
    ParameterPath path = new ParameterPath("/shop/prod/");
    path.setKeyStyle(KeyStyle.Relative);
    path.setKeyPrefix("cfg.");
    ParameterRef flags = new ParameterRef("/shop/prod-flags", null);
    flags.setProperty("checkout.enabled");
    ExternalParameterSpec spec = spec(List.of(path), List.of(flags));
    Fetched fetched = ParameterPlan.of(spec).assemble(
        Map.of(new ParameterPlan.PathRead("/shop/prod/", true), List.of(
            new Parameter("/shop/prod/db/password", "SecureString", "pw", 7),
            new Parameter("/shop/prod/db/user", "String", "shop", 2))),
        Map.of(ParameterSelector.latest("/shop/prod-flags"),
            new Parameter("/shop/prod-flags", "String", "{\"checkout\":{\"enabled\":true}}", 3)));
    assertThat(fetched.data().entries()).containsOnlyKeys("cfg.db.password", "cfg.db.user", "PROD_FLAGS");
    assertThat(new String(fetched.data().entries().get("PROD_FLAGS"), UTF_8)).isEqualTo("true");
    assertThat(fetched.sources()).extracting(s -> s.getName() + "@" + s.getVersion())
        .containsExactly("/shop/prod-flags@3", "/shop/prod/db/password@7", "/shop/prod/db/user@2");
  }

  @Test
  void aPathKeyAndAnExplicitKeyCollideUnlessOverride() {
    ParameterRef pw = new ParameterRef("/other/password", "DB_PASSWORD");
    ExternalParameterSpec spec = spec(List.of(new ParameterPath("/shop/")), List.of(pw));
    Map<ParameterPlan.PathRead, List<Parameter>> byPath = Map.of(new ParameterPlan.PathRead("/shop/", true),
        List.of(new Parameter("/shop/db/password", "String", "a", 1)));
    Map<ParameterSelector, Parameter> byName = Map.of(ParameterSelector.latest("/other/password"),
        new Parameter("/other/password", "String", "b", 1));
    assertThatThrownBy(() -> ParameterPlan.of(spec).assemble(byPath, byName))
        .hasMessageContaining("DB_PASSWORD").hasMessageContaining("/shop/db/password")
        .hasMessageContaining("/other/password");
    pw.setOverride(true);
    assertThat(new String(ParameterPlan.of(spec).assemble(byPath, byName).data().entries().get("DB_PASSWORD"), UTF_8))
        .isEqualTo("b");
  }

  @Test
  void thePlanNamesWhatThePolicyChecksWhatTheIndexHoldsAndWhatStatusSays() {
    ParameterPath oneLevel = new ParameterPath("/shop/prod");
    oneLevel.setRecursive(false);
    ParameterPlan plan = ParameterPlan.of(spec(List.of(new ParameterPath("/shop/"), oneLevel),
        List.of(new ParameterRef("/aws/reference/secretsmanager/prod/db", "DB"), new ParameterRef("/flags", "F"))));
    assertThat(plan.policySources())
        .as("a path reads every name below it, with or without a trailing slash")
        .containsExactly(PolicySource.namesUnder("/shop/"), PolicySource.namesUnder("/shop/prod/"),
            PolicySource.name("/aws/reference/secretsmanager/prod/db"), PolicySource.name("/flags"));
    assertThat(plan.mayRead(SourceChange.secret("prod/db"))).as("through the reference").isTrue();
    assertThat(plan.mayRead(SourceChange.parameter("/shop/any/depth"))).isTrue();
    assertThat(plan.mayRead(SourceChange.parameter("/other/flags"))).isFalse();
    assertThat(plan.describe(1)).isEqualTo("1 key from 2 paths, 2 parameters");
  }

  @Test
  void namesLongerThanAwsAcceptsAreInvalidSpecNamingTheLimit() {
    String tooLong = "/" + "a".repeat(2048);
    assertThatThrownBy(() -> ParameterPlan.of(spec(null, List.of(new ParameterRef(tooLong, "K")))))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("parameters[].name").hasMessageContaining("2049").hasMessageContaining("2048")
        .message().hasSizeLessThan(300);
    assertThatThrownBy(() -> ParameterPlan.of(spec(List.of(new ParameterPath(tooLong + "/")), null)))
        .hasMessageContaining("paths[].path");
    ParameterRef labelled = new ParameterRef("/a", null);
    labelled.setLabel("l".repeat(101));
    assertThatThrownBy(() -> ParameterPlan.of(spec(null, List.of(labelled)))).hasMessageContaining("label");
    ParameterPath prefixed = new ParameterPath("/a/");
    prefixed.setKeyPrefix("P".repeat(254));
    assertThatThrownBy(() -> ParameterPlan.of(spec(List.of(prefixed), null))).hasMessageContaining("keyPrefix");
  }

  @Test
  void namesAtTheAwsLimitAreAccepted() {
    String longest = "/" + "a".repeat(2047);
    ParameterRef labelled = new ParameterRef(longest, "K");
    labelled.setLabel("l".repeat(100));
    assertThat(ParameterPlan.of(spec(List.of(new ParameterPath(longest)), List.of(labelled))).selectors()).hasSize(1);
  }

  // ---- dataFrom, property, decoding, rewrite ----------------------------------------------------------------------

  private static Map<String, String> text(Fetched fetched) {
    Map<String, String> out = new LinkedHashMap<>();
    fetched.data().entries().forEach((k, v) -> out.put(k, new String(v, UTF_8)));
    return out;
  }

  @Test
  void aDataFromParameterIsReadLikeAParameterAndSplitIntoItsFields() {
    ParameterDataFrom db = new ParameterDataFrom("/shop/prod/db-json");
    db.setKeyPrefix("DB_");
    db.setLabel("live");
    ExternalParameterSpec s = spec(null, List.of(new ParameterRef("/flags", "F")));
    s.setDataFrom(List.of(db));
    ParameterPlan plan = ParameterPlan.of(s);
    ParameterSelector live = new ParameterSelector("/shop/prod/db-json", null, "live");
    assertThat(plan.selectors()).as("batched with the parameters").containsExactly(ParameterSelector.latest("/flags"),
        live);
    assertThat(plan.policySources()).containsExactly(PolicySource.name("/flags"),
        PolicySource.name("/shop/prod/db-json"));
    assertThat(plan.mayRead(SourceChange.parameter("/shop/prod/db-json"))).as("events find it").isTrue();
    Fetched fetched = plan.assemble(Map.of(), Map.of(ParameterSelector.latest("/flags"),
        new Parameter("/flags", "String", "on", 1), live,
        new Parameter("/shop/prod/db-json", "SecureString", "{\"user\":\"shop\",\"port\":5432,\"tls\":{\"on\": true}}",
            4)));
    assertThat(text(fetched)).containsOnly(Map.entry("F", "on"), Map.entry("DB_user", "shop"),
        Map.entry("DB_port", "5432"), Map.entry("DB_tls", "{\"on\": true}"));
    assertThat(fetched.sources()).extracting(v -> v.getName() + "@" + v.getVersion())
        .contains("/shop/prod/db-json@4");
    assertThat(plan.describe(4)).isEqualTo("4 keys from 2 parameters");
  }

  @Test
  void aDataFromParameterThatIsNotAJsonObjectIsInvalidSpecWithoutItsValue() {
    ExternalParameterSpec s = spec(null, null);
    s.setDataFrom(List.of(new ParameterDataFrom("/p")));
    ParameterPlan plan = ParameterPlan.of(s);
    for (String value : new String[] {"s3cr3t", "[\"s3cr3t\"]"}) {
      assertThatThrownBy(() -> plan.assemble(Map.of(), Map.of(ParameterSelector.latest("/p"),
          new Parameter("/p", "String", value, 1))))
          .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
          .hasMessageContaining("dataFrom parameter /p").hasMessageNotContaining("s3cr3t");
    }
    assertThatThrownBy(() -> plan.assemble(Map.of(), Map.of()))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.SourceNotFound));
  }

  @Test
  void aDataFromEntryDecodesEveryFieldAndRewritesItsKeysBeforeThePrefix() {
    ParameterDataFrom db = new ParameterDataFrom("/p");
    db.setDecoding(Decoding.Auto);
    db.setRewrite(List.of(new KeyRewrite("^(.*)$", "${1}_b64")));
    db.setKeyPrefix("DB_");
    ExternalParameterSpec s = spec(null, null);
    s.setDataFrom(List.of(db));
    Fetched fetched = ParameterPlan.of(s).assemble(Map.of(), Map.of(ParameterSelector.latest("/p"),
        new Parameter("/p", "String", "{\"user\":\"c2hvcA==\",\"note\":\"plain text\"}", 1)));
    assertThat(text(fetched)).containsOnly(Map.entry("DB_user_b64", "shop"), Map.entry("DB_note_b64", "plain text"));
  }

  @Test
  void aPathRewritesKeysAfterKeyStyleAndCollisionsAfterRewriteAreKeyCollision() {
    ParameterPath path = new ParameterPath("/shop/");
    path.setRewrite(List.of(new KeyRewrite("^DB_(.*)", "DATABASE_$1")));
    path.setKeyPrefix("X_");
    Map<ParameterPlan.PathRead, List<Parameter>> read = Map.of(new ParameterPlan.PathRead("/shop/", true), List.of(
        new Parameter("/shop/db/password", "String", "pw", 1), new Parameter("/shop/api", "String", "a", 1)));
    assertThat(text(ParameterPlan.of(spec(List.of(path), null)).assemble(read, Map.of())))
        .containsOnly(Map.entry("X_DATABASE_PASSWORD", "pw"), Map.entry("X_API", "a"));

    path.setRewrite(List.of(new KeyRewrite(".*", "SAME")));
    assertThatThrownBy(() -> ParameterPlan.of(spec(List.of(path), null)).assemble(read, Map.of()))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.KeyCollision))
        .hasMessageContaining("X_SAME");
    path.setRewrite(List.of(new KeyRewrite("(", "x")));
    assertThatThrownBy(() -> ParameterPlan.of(spec(List.of(path), null)))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("paths[/shop/].rewrite[0].regexp.source");
  }

  @Test
  void aParameterTakesAJmesPathPropertyThenDecodesIt() {
    ParameterRef ref = new ParameterRef("/p", null);
    ref.setProperty("items[?name=='cert'].value | [0]");
    ref.setDecoding(Decoding.Base64URL);
    Fetched fetched = ParameterPlan.of(spec(null, List.of(ref))).assemble(Map.of(), Map.of(
        ParameterSelector.latest("/p"), new Parameter("/p", "String",
            "{\"items\":[{\"name\":\"key\",\"value\":\"x\"},{\"name\":\"cert\",\"value\":\"-_-_QQ\"}]}", 1)));
    assertThat(fetched.data().entries().get("P")).isEqualTo(new byte[] {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 0x41});

    ref.setProperty("items[?name=='cert'");
    assertThatThrownBy(() -> ParameterPlan.of(spec(null, List.of(ref))))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("key P").hasMessageContaining("items[?name=='cert'");
  }
}
