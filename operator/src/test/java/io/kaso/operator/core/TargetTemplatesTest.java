package io.kaso.operator.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.Target;
import io.kaso.operator.api.v1alpha1.TemplateMergePolicy;
import io.kaso.operator.template.JinjavaTemplateEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetTemplatesTest {
  private static final TargetTemplates TEMPLATES = new TargetTemplates(new JinjavaTemplateEngine(),
      Clock.systemUTC());
  private final SecretData fetched = SecretData.of(Map.of(
      "DB_USER", utf8("shop"),
      "DB_PASSWORD", utf8("p@ss-w0rd"),
      "REGISTRY", utf8("{\"host\": \"registry.shop\", \"user\": \"ci\", \"token\": \"t0k3n\"}"),
      "BINARY", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1},
      "TRICKY", utf8("{{ DB_PASSWORD }}${DB_PASSWORD}{% raw %}")));

  @Test
  void mergeWritesTemplateKeysBesideFetchedKeys() {
    RenderedTarget out = TEMPLATES.render(target(Map.of("URL", "postgres://{{ DB_USER }}:{{ DB_PASSWORD | upper }}@db"),
        null), fetched);
    assertThat(text(out, "URL")).isEqualTo("postgres://shop:P@SS-W0RD@db");
    assertThat(out.data().entries()).containsKeys("DB_USER", "DB_PASSWORD", "REGISTRY", "BINARY", "URL");
    assertThat(out.metadata()).isEqualTo(TargetMetadata.NONE);
  }

  @Test
  void replaceWritesOnlyTheTemplateKeys() {
    String docker = "{\"auths\": {\"{{ (REGISTRY | fromjson).host }}\": {\"auth\": \"{{ ((REGISTRY | fromjson).user ~ "
        + "':' ~ (REGISTRY | fromjson).token) | b64encode }}\"}}}";
    RenderedTarget out = TEMPLATES.render(target(Map.of(".dockerconfigjson", docker), TemplateMergePolicy.Replace),
        fetched);
    assertThat(out.data().entries()).containsOnlyKeys(".dockerconfigjson");
    assertThat(text(out, ".dockerconfigjson"))
        .isEqualTo("{\"auths\": {\"registry.shop\": {\"auth\": \"Y2k6dDBrM24=\"}}}");
  }

  @Test
  void replaceMayReuseAFetchedKeyName() {
    RenderedTarget out = TEMPLATES.render(target(Map.of("DB_PASSWORD", "{{ DB_PASSWORD | b64encode }}"),
        TemplateMergePolicy.Replace), fetched);
    assertThat(text(out, "DB_PASSWORD")).isEqualTo("cEBzcy13MHJk");
  }

  @Test
  void mergeRefusesATemplateKeyThatIsAlsoFetched() {
    assertThatThrownBy(() -> TEMPLATES.render(target(Map.of("DB_USER", "{{ DB_USER }}"), null), fetched))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.KeyCollision));
  }

  @Test
  void replaceWithoutTemplateKeysIsInvalidSpec() {
    Target t = target(Map.of(), TemplateMergePolicy.Replace);
    assertThatThrownBy(() -> TargetTemplates.check(t)).hasMessageContaining("Replace");
  }

  @Test
  void dollarReferencesKeepWorkingByteForByte() {
    RenderedTarget out = TEMPLATES.render(target(Map.of("COPY", "${BINARY}", "URL", "u=${DB_USER} $${x}"), null),
        fetched);
    assertThat(out.data().entries().get("COPY")).isEqualTo(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    assertThat(text(out, "URL")).isEqualTo("u=shop ${x}");
  }

  @Test
  void dollarReferencesWorkInsideJinjaTemplates() {
    RenderedTarget out = TEMPLATES.render(target(Map.of("T",
        "{% if DB_USER %}${DB_USER}{% endif %}:$${DB_USER}:{% raw %}${DB_USER}{% endraw %}:{{ '${DB_USER}' }}"),
        null), fetched);
    assertThat(text(out, "T")).isEqualTo("shop:${DB_USER}:${DB_USER}:${DB_USER}");
  }

  @Test
  void fetchedValuesAreNeverReadAsTemplateText() {
    RenderedTarget out = TEMPLATES.render(target(Map.of("A", "{{ TRICKY }}", "B", "${TRICKY}",
        "C", "[{{ '' }}${TRICKY}]"), null), fetched);
    assertThat(text(out, "A")).isEqualTo("{{ DB_PASSWORD }}${DB_PASSWORD}{% raw %}");
    assertThat(text(out, "B")).isEqualTo("{{ DB_PASSWORD }}${DB_PASSWORD}{% raw %}");
    assertThat(text(out, "C")).isEqualTo("[{{ DB_PASSWORD }}${DB_PASSWORD}{% raw %}]");
  }

  @Test
  void aBinaryValueInAJinjaTemplateIsInvalidSpec() {
    assertThatThrownBy(() -> TEMPLATES.render(target(Map.of("T", "{{ '' }}${BINARY}"), null), fetched))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("not UTF-8");
    assertThatThrownBy(() -> TEMPLATES.render(target(Map.of("T", "{{ BINARY }}"), null), fetched))
        .hasMessageContaining("BINARY");
  }

  @Test
  void labelsAndAnnotationsAreRendered() {
    Target t = target(Map.of(), null);
    t.setTemplateLabels(Map.of("registry", "{{ (REGISTRY | fromjson).host }}", "user", "${DB_USER}"));
    t.setTemplateAnnotations(Map.of("shop.io/config", "{{ {'user': DB_USER} | tojson }}"));
    RenderedTarget out = TEMPLATES.render(t, fetched);
    assertThat(out.metadata().labels()).containsExactlyInAnyOrderEntriesOf(Map.of("registry", "registry.shop",
        "user", "shop"));
    assertThat(out.metadata().annotations()).containsEntry("shop.io/config", "{\"user\":\"shop\"}");
    assertThat(out.data()).isEqualTo(fetched);
  }

  @Test
  void aLabelValueThatIsNotValidIsInvalidSpecWithoutTheValue() {
    Target t = target(Map.of(), null);
    t.setTemplateLabels(Map.of("pw", "{{ DB_PASSWORD }}"));
    assertThatThrownBy(() -> TEMPLATES.render(t, fetched))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("templateLabels key pw").hasMessageContaining("label value")
        .hasMessageNotContaining("p@ss");
  }

  @Test
  void aLabelValueOverSixtyThreeCharactersIsInvalidSpecSayingSo() {
    Target t = target(Map.of(), null);
    t.setTemplateLabels(Map.of("long", "{% for i in range(20) %}{{ DB_USER }}{% endfor %}"));
    assertThatThrownBy(() -> TEMPLATES.render(t, fetched)).hasMessageContaining("templateLabels key long")
        .hasMessageContaining("at most 63 characters");
    Target legacy = target(Map.of(), null);
    legacy.setTemplateLabels(Map.of("legacy", "${REGISTRY}"));
    assertThatThrownBy(() -> TEMPLATES.render(legacy, fetched)).hasMessageContaining("templateLabels key legacy")
        .hasMessageContaining("label value").hasMessageNotContaining("t0k3n");
  }

  @Test
  void aLabelInBothPlainAndTemplateLabelsIsInvalidSpec() {
    Target t = target(Map.of(), null);
    t.setLabels(Map.of("team", "shop"));
    t.setTemplateLabels(Map.of("team", "{{ DB_USER }}"));
    assertThatThrownBy(() -> TargetTemplates.check(t)).hasMessageContaining("team")
        .hasMessageContaining("target.labels").hasMessageContaining("target.templateLabels");
    Target a = target(Map.of(), null);
    a.setAnnotations(Map.of("note", "x"));
    a.setTemplateAnnotations(Map.of("note", "{{ DB_USER }}"));
    assertThatThrownBy(() -> TargetTemplates.check(a)).hasMessageContaining("note");
  }

  @Test
  void kasosOwnAndInvalidMetadataKeysAreRefused() {
    Target t = target(Map.of(), null);
    t.setTemplateAnnotations(Map.of("kaso.io/data-hash", "x"));
    assertThatThrownBy(() -> TargetTemplates.check(t)).hasMessageContaining("Kaso's own");
    Target l = target(Map.of(), null);
    l.setTemplateLabels(Map.of("not a key", "x"));
    assertThatThrownBy(() -> TargetTemplates.check(l)).hasMessageContaining("not a valid key");
  }

  @Test
  void templateErrorsNameTheKeyAndNeverAValue() {
    assertThatThrownBy(() -> TEMPLATES.render(target(Map.of("T", "{{ DB_PASSWORD | fromjson }}"), null), fetched))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("target.template key T").hasMessageContaining("fromjson")
        .hasMessageNotContaining("p@ss");
    assertThatThrownBy(() -> TEMPLATES.render(target(Map.of("T", "{{ ''.getClass() }}"), null), fetched))
        .hasMessageContaining("target.template key T").hasMessageContaining("method");
  }

  @Test
  void jinjaOutputCountsAgainstTheOneMebibyteLimit() {
    SecretData big = SecretData.of(Map.of("BIG", new byte[600_000]));
    assertThatThrownBy(() -> TEMPLATES.render(target(Map.of("T", "{{ BIG }}"), null), big))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("target.template key T");
    assertThat(TEMPLATES.render(target(Map.of("T", "{{ BIG }}"), TemplateMergePolicy.Replace), big).data().byteSize())
        .isEqualTo(600_000);
  }

  @Test
  void allTemplatesOfATargetShareOneRenderTime() {
    Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
    Clock moving = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        Instant t = now[0];
        now[0] = now[0].plus(Duration.ofSeconds(2));
        return t;
      }
    };
    TargetTemplates slow = new TargetTemplates(new JinjavaTemplateEngine(), moving);
    Map<String, String> template = new LinkedHashMap<>();
    template.put("A", "{{ DB_USER }}");
    template.put("B", "{{ DB_USER }}");
    template.put("C", "{{ DB_USER }}");
    assertThatThrownBy(() -> slow.render(target(template, null), fetched))
        .hasMessageContaining("target.template key C").hasMessageContaining("time limit");
  }

  private static Target target(Map<String, String> template, TemplateMergePolicy policy) {
    Target t = new Target();
    t.setTemplate(new LinkedHashMap<>(template));
    t.setTemplateMergePolicy(policy);
    return t;
  }

  private static String text(RenderedTarget out, String key) {
    return new String(out.data().entries().get(key), UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }
}
