package io.kaso.operator.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.core.TemplateEngine.TemplateException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class JinjavaTemplateEngineTest {
  private static final int MAX = 1024 * 1024;
  private static final Duration LEFT = Duration.ofSeconds(5);
  private final JinjavaTemplateEngine engine = new JinjavaTemplateEngine();
  private final Map<String, String> values = Map.of(
      "DB_USER", "shop",
      "DB_PASSWORD", "s3cr3t-pw",
      "CONFIG", "{\"db\": {\"host\": \"db.shop\", \"port\": 5432}, \"tags\": [\"a\", \"b\"]}",
      "tls.crt", "-----BEGIN CERT-----",
      "B64", "aGVsbG8=",
      "CSV", "x, y ,z",
      "SPACED", "  padded  ");

  private String render(String text) {
    return engine.render(text, values, MAX, LEFT);
  }

  @Test
  void fetchedKeysAreVariablesAndDataEntries() {
    assertThat(render("{{ DB_USER }}:{{ DB_PASSWORD }}")).isEqualTo("shop:s3cr3t-pw");
    assertThat(render("{{ data[\"tls.crt\"] }}")).isEqualTo("-----BEGIN CERT-----");
    assertThat(render("{{ data.DB_USER }}")).isEqualTo("shop");
  }

  @Test
  void base64BothWays() {
    assertThat(render("{{ DB_USER | b64encode }}")).isEqualTo("c2hvcA==");
    assertThat(render("{{ B64 | b64decode }}")).isEqualTo("hello");
  }

  @Test
  void readsNestedJsonAndWritesJsonAndYaml() {
    assertThat(render("{{ (CONFIG | fromjson).db.host }}:{{ (CONFIG | fromjson).db.port }}"))
        .isEqualTo("db.shop:5432");
    assertThat(render("{{ (CONFIG | fromjson).tags[1] }}")).isEqualTo("b");
    assertThat(render("{{ {\"user\": DB_USER, \"n\": 1} | tojson }}")).isEqualTo("{\"user\":\"shop\",\"n\":1}");
    assertThat(render("{{ {\"user\": DB_USER} | toyaml }}")).contains("user: \"shop\"");
    assertThat(render("{% set c = CONFIG | fromjson %}{{ c.db | tojson }}"))
        .isEqualTo("{\"host\":\"db.shop\",\"port\":5432}");
  }

  @Test
  void stringFilters() {
    assertThat(render("{{ DB_USER | upper }}{{ 'ABC' | lower }}")).isEqualTo("SHOPabc");
    assertThat(render("[{{ SPACED | trim }}]")).isEqualTo("[padded]");
    assertThat(render("{{ CSV | split(',') | join('|') }}")).isEqualTo("x|y|z");
    assertThat(render("{{ \"a\\nb\" | indent(2) }}")).isEqualTo("a\n  b");
    assertThat(render("{{ \"a\\nb\" | indent(2, true) }}")).isEqualTo("  a\n  b");
    assertThat(render("{{ \"a\\nb\" | indent(width=3, first=true) }}")).isEqualTo("   a\n   b");
  }

  @Test
  void defaultCoversMissingValues() {
    assertThat(render("{{ data.NOPE | default('fallback') }}")).isEqualTo("fallback");
    assertThat(render("{{ (CONFIG | fromjson).db.user | default('admin') }}")).isEqualTo("admin");
  }

  @Test
  void defaultCoversAnUndefinedVariable() {
    assertThat(render("{{ NOPE | default('x') }}{{ NOPE | d('y') }}")).isEqualTo("xy");
  }

  @Test
  void readsYamlAndKeepsStateInANamespace() {
    assertThat(render("{{ ('a: {b: [1, 2]}' | fromyaml).a.b[1] }}")).isEqualTo("2");
    assertThat(render("{% set ns = namespace(n=0) %}{% for t in (CONFIG | fromjson).tags %}{% set ns.n = ns.n + 1 %}"
        + "{% endfor %}{{ ns.n }}")).isEqualTo("2");
  }

  @Test
  void rendersTheReadmeConfigFileExample() {
    Map<String, String> db = Map.of("DB", "{\"user\": \"shop\", \"password\": \"p\\\"w\", \"conn\": {\"host\": "
        + "\"db.shop\"}}", "tls.crt", "CERT");
    assertThat(engine.render("""
        {% set db = DB | fromjson %}
        database:
          url: postgres://{{ db.conn.host }}:{{ db.conn.port | default(5432) }}/shop
          user: {{ db.user }}
          password: {{ db.password | tojson }}
          tls: {{ data["tls.crt"] | default("") | b64encode }}
        """, db, MAX, LEFT)).isEqualTo("""

        database:
          url: postgres://db.shop:5432/shop
          user: shop
          password: "p\\"w"
          tls: Q0VSVA==
        """);
  }

  @Test
  void loopsAndConditions() {
    assertThat(render("{% for t in (CONFIG | fromjson).tags %}{{ loop.index }}{{ t }}{% endfor %}"))
        .isEqualTo("1a2b");
    assertThat(render("{% if DB_USER == 'shop' %}yes{% else %}no{% endif %}")).isEqualTo("yes");
    assertThat(render("{% for k, v in (CONFIG | fromjson).db.items() %}{{ k }}={{ v }};{% endfor %}"))
        .isEqualTo("host=db.shop;port=5432;");
    assertThat(render("{{ data | length }}")).isEqualTo("7");
  }

  @Test
  void fetchedValuesAreNeverReadAsTemplates() {
    Map<String, String> tricky = Map.of("V", "{{ 7 * 7 }}{% for i in range(3) %}x{% endfor %}${V}");
    assertThat(engine.render("{{ V }}", tricky, MAX, LEFT))
        .isEqualTo("{{ 7 * 7 }}{% for i in range(3) %}x{% endfor %}${V}");
    assertThat(engine.render("{{ V | upper }}", tricky, MAX, LEFT))
        .isEqualTo("{{ 7 * 7 }}{% FOR I IN RANGE(3) %}X{% ENDFOR %}${V}");
  }

  @Test
  void refusesJavaMethodsAndProperties() {
    assertRefused("{{ ''.getClass() }}", "method");
    assertRefused("{{ DB_USER.getClass().forName('java.lang.Runtime') }}", "method");
    assertRefused("{{ DB_USER.class }}", "property");
    assertRefused("{{ DB_USER.bytes }}", "property");
    assertRefused("{{ DB_USER.toUpperCase() }}", "method");
    assertRefused("{{ ____int3rpr3t3r____.config }}", "property");
    assertRefused("{{ 'x'.repeat(100000000) }}", "method");
  }

  @Test
  void refusesFilesAndOtherTemplates() {
    assertRefused("{% include '/etc/passwd' %}", "include");
    assertRefused("{% import '/etc/passwd' as x %}", "import");
    assertRefused("{% extends '/etc/passwd' %}", "extends");
    assertRefused("{% from '/etc/passwd' import x %}", "from");
    assertRefused("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "macro");
    assertRefused("{{ DB_USER | render }}", "render");
  }

  @Test
  void refusesHugeRangesAndLoops() {
    assertRefused("{% for i in range(100000000) %}x{% endfor %}", "range");
    long start = System.nanoTime();
    assertRefused("{% for a in range(10000) %}{% for b in range(10000) %}{% for c in range(10000) %}{% endfor %}"
        + "{% endfor %}{% endfor %}", "limit");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void refusesHugeStrings() {
    assertRefused("{% set s = DB_PASSWORD %}{% for i in range(40) %}{% set s = s ~ s %}{% endfor %}{{ s }}", "");
    assertRefused("{% set s = DB_PASSWORD %}{% for i in range(40) %}{% set s = s + s %}{% endfor %}{{ s }}", "");
    assertRefused("{{ DB_PASSWORD * 100000000 }}", "");
    assertRefused("{{ DB_PASSWORD | indent(100000000, true) }}", "indent");
    assertRefused("{{ range(10000) | join(DB_PASSWORD * 1000) }}", "");
  }

  @Test
  void refusesListsThatGrowWithoutBound() {
    assertRefused("{% set l = [DB_PASSWORD] %}{% for i in range(60) %}{% set l = l + l %}{% endfor %}{{ l | length }}",
        "elements");
  }

  @Test
  void refusesFiltersThatReturnHugeLists() {
    Map<String, String> big = Map.of("CSV", "a,".repeat(200_000));
    assertThatThrownBy(() -> engine.render("{{ CSV | split(',') | length }}", big, MAX, LEFT))
        .isInstanceOf(TemplateException.class).hasMessageContaining("100000 elements");
    assertThat(engine.render("{{ CSV | split(',') | length }}", Map.of("CSV", "a,".repeat(1000)), MAX, LEFT))
        .isEqualTo("1000");
  }

  @Test
  void regexReplaceIsRe2AndRefusesPatternsThatWouldFillTheHeapWhileCompiling() {
    assertThat(engine.render("{{ X | regex_replace('([a-z]+)-([0-9]+)', '$2:$1') }}", Map.of("X", "db-42"), MAX,
        LEFT)).isEqualTo("42:db");
    // RE2J alone would build a program of 10^9 instructions for this pattern and exhaust the heap.
    assertThatThrownBy(() -> engine.render("{{ X | regex_replace('((a{1000}){1000}){1000}', '') }}",
        Map.of("X", "a"), MAX, LEFT)).isInstanceOf(TemplateException.class)
        .hasMessageContaining("regex_replace").hasMessageContaining("too large");
    // A pattern longer than a tenant regexp may be is refused before its size is even estimated.
    assertThatThrownBy(() -> engine.render("{{ X | regex_replace(P, '') }}", Map.of("X", "a", "P",
        "a{".repeat(100_000) + "}"), MAX, LEFT)).isInstanceOf(TemplateException.class)
        .hasMessageContaining("regex_replace");
    // A pattern taken from a value is not quoted back in the message.
    assertThatThrownBy(() -> engine.render("{{ X | regex_replace(P, '') }}", Map.of("X", "a", "P", "(s3cr3t"), MAX,
        LEFT)).isInstanceOf(TemplateException.class).message().doesNotContain("s3cr3t");
  }

  @Test
  void replacementsAreBuiltWithinTheOutputLimit() {
    String big = "x".repeat(500_000);
    // Each would build 2.5e11 characters: refused at the limit, not after filling the heap.
    assertThatThrownBy(() -> engine.render("{{ BIG | replace('x', BIG) }}", Map.of("BIG", big), MAX, LEFT))
        .isInstanceOf(TemplateException.class).hasMessageContaining("replace").hasMessageContaining("limit");
    assertThatThrownBy(() -> engine.render("{{ BIG | regex_replace('x', BIG) }}", Map.of("BIG", big), MAX, LEFT))
        .isInstanceOf(TemplateException.class).hasMessageContaining("regex_replace").hasMessageContaining("limit");
    // Jinja's meaning is kept: every occurrence, a count, and an empty old text between characters.
    assertThat(engine.render("{{ X | replace('-', '_') }}", Map.of("X", "eu-west-1"), MAX, LEFT))
        .isEqualTo("eu_west_1");
    assertThat(engine.render("{{ X | replace('-', '_', 1) }}", Map.of("X", "eu-west-1"), MAX, LEFT))
        .isEqualTo("eu_west-1");
    assertThat(engine.render("{{ X | replace('', '.') }}", Map.of("X", "ab"), MAX, LEFT)).isEqualTo(".a.b.");
  }

  @Test
  void errorsNeverEchoAValue() {
    for (String t : new String[] {"{{ DB_PASSWORD | int + 'x' }}", "{{ DB_PASSWORD | fromjson }}",
        "{{ (CONFIG | fromjson).db.host.nope }}", "{{ DB_PASSWORD.nope }}", "{{ nope(DB_PASSWORD) }}",
        "{{ DB_PASSWORD | b64decode | fromjson }}", "{% for x in DB_PASSWORD %}{{ x.y }}{% endfor %}",
        "{{ DB_PASSWORD | regex_replace('(', 'x') }}", "{{ [DB_PASSWORD] | selectattr('x') | list }}",
        "{{ DB_PASSWORD | unknownfilter }}", "{{ (CONFIG | fromjson) | sum }}", "{{ DB_PASSWORD > 3 }}"}) {
      try {
        String out = render(t);
        assertThat(out).as(t).doesNotContain("s3cr3t");
      } catch (TemplateException e) {
        assertThat(e.getMessage()).as(t).doesNotContain("s3cr3t").doesNotContain("db.shop").isNotBlank();
      }
    }
  }

  @Test
  void anUnknownVariableIsNamed() {
    assertThatThrownBy(() -> render("{{ DB_PASWORD }}")).isInstanceOf(TemplateException.class)
        .hasMessageContaining("DB_PASWORD");
  }

  @Test
  void aSyntaxErrorIsReported() {
    assertThatThrownBy(() -> render("{% if %}")).isInstanceOf(TemplateException.class);
    assertThatThrownBy(() -> render("{{ DB_USER ")).isInstanceOf(TemplateException.class);
  }

  @Test
  void aTemplateGetsOnlyTheTimeLeft() {
    assertThatThrownBy(() -> engine.render("{{ DB_USER }}", values, MAX, Duration.ZERO))
        .isInstanceOf(TemplateException.class).hasMessageContaining("time limit (0 ms were left");
    assertThat(engine.render("{{ DB_USER }}", values, MAX, Duration.ofSeconds(1))).isEqualTo("shop");
  }

  @Test
  void outputIsBounded() {
    assertThatThrownBy(() -> engine.render("{% for i in range(100) %}{{ DB_PASSWORD }}{% endfor %}", values, 100, LEFT))
        .isInstanceOf(TemplateException.class).hasMessageContaining("limit");
  }

  @Test
  void anEmptyBudgetIsNoBudgetAtAll() {
    assertThatThrownBy(() -> engine.render("{% for i in range(100) %}{{ DB_PASSWORD }}{% endfor %}", values, 0, LEFT))
        .isInstanceOf(TemplateException.class).hasMessageContaining("limit");
    assertThat(engine.render("", values, 0, LEFT)).isEmpty();
  }

  @Test
  void aSlowTemplateStopsAtTheDeadline() {
    long[] now = {0};
    JinjavaTemplateEngine clocked = new JinjavaTemplateEngine(() -> now[0] += 1_000_000, 50);
    assertThatThrownBy(() -> clocked.render("{% for i in range(1000) %}{{ i }}{% endfor %}", values, MAX, LEFT))
        .isInstanceOf(TemplateException.class).hasMessageContaining("time limit (50 ms were left");
  }

  @Test
  void rendersQuicklyOnceWarm() {
    long start = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      render("{{ (CONFIG | fromjson).db.host }}:{{ DB_USER | b64encode }}");
    }
    // About a millisecond each here; the bound only catches an engine built or parsed far too slowly.
    assertThat(Duration.ofNanos(System.nanoTime() - start).dividedBy(50)).isLessThan(Duration.ofMillis(200));
  }

  private void assertRefused(String template, String messagePart) {
    assertThatThrownBy(() -> render(template)).as(template).isInstanceOf(TemplateException.class)
        .satisfies(e -> assertThat(e.getMessage()).as(template).containsIgnoringCase(messagePart)
            .doesNotContain("s3cr3t"));
  }
}
