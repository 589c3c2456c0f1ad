package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.api.v1alpha1.Reason;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonPropertyTest {
  private static final String DOC = "{\"checkout\": {\"enabled\": true, \"limit\": 10.50, \"name\": \"fast\\ncart\"},"
      + " \"a.b\": \"dotted\", \"list\": [1, {\"x\": null}], \"s\": \"p\\u00e4ss\", \"db-password\": \"pw\","
      + " \"friends\": [{\"first\": \"Dale\", \"age\": 44}, {\"first\": \"Roger\", \"age\": 68,"
      + " \"nets\": [\"ig\",  \"tw\"]}],"
      + " \"items\": [{\"name\": \"x\", \"value\": {\"port\":  5432}}, {\"name\": \"y\", \"value\": \"why\"}],"
      + " \"big\": 1e5, \"neg\": -0}";

  private static String extract(String property) {
    return JsonProperty.of(property, "K").extract(DOC, "parameter /p");
  }

  @Test
  void takesNestedPropertiesAsTheSecretHoldsThem() {
    assertThat(extract("checkout.enabled")).isEqualTo("true");
    assertThat(extract("checkout.limit")).isEqualTo("10.50");
    assertThat(extract("checkout.name")).isEqualTo("fast\ncart");
    assertThat(extract("s")).isEqualTo("päss");
    assertThat(extract("big")).isEqualTo("1e5");
    assertThat(extract("neg")).isEqualTo("-0");
  }

  @Test
  void writesObjectsAndArraysAsTheirExactJsonText() {
    assertThat(extract("checkout")).isEqualTo("{\"enabled\": true, \"limit\": 10.50, \"name\": \"fast\\ncart\"}");
    assertThat(extract("list")).isEqualTo("[1, {\"x\": null}]");
    assertThat(extract("list.1.x")).isEqualTo("null");
  }

  @Test
  void aMemberWithADotInItsNameWins() {
    assertThat(extract("a.b")).isEqualTo("dotted");
  }

  @Test
  void numericSegmentsOfADottedPathIndexArrays() {
    assertThat(extract("friends.1.first")).isEqualTo("Roger");
    assertThat(extract("friends.0.age")).isEqualTo("44");
    assertThat(extract("friends.1.nets.1")).isEqualTo("tw");
    assertThat(extract("friends.1.nets")).isEqualTo("[\"ig\",  \"tw\"]");
  }

  @Test
  void aDottedPathNamesMembersJmesPathWouldNeedQuotesFor() {
    assertThat(JsonProperty.isJmesPath("db-password")).isFalse();
    assertThat(extract("db-password")).isEqualTo("pw");
  }

  @Test
  void jmesPathSyntaxSelectsArrayElementsAndFilters() {
    assertThat(JsonProperty.isJmesPath("friends[1].first")).isTrue();
    assertThat(extract("friends[1].first")).isEqualTo("Roger");
    assertThat(extract("friends[-1].age")).isEqualTo("68");
    assertThat(extract("items[?name=='y'].value | [0]")).isEqualTo("why");
    // An element the expression selects from the document keeps its exact text...
    assertThat(extract("items[?name=='x'].value | [0]")).isEqualTo("{\"port\":  5432}");
    assertThat(extract("\"db-password\"")).isEqualTo("pw");
    assertThat(extract("\"a.b\"")).isEqualTo("dotted");
    // ...what it computes is written as compact JSON.
    assertThat(extract("friends[*].first")).isEqualTo("[\"Dale\",\"Roger\"]");
    assertThat(extract("length(friends)")).isEqualTo("2");
    assertThat(extract("join(',', friends[].first)")).isEqualTo("Dale,Roger");
  }

  @Test
  void aMissingPropertyNamesKeyPropertyAndSource() {
    for (String missing : new String[] {"checkout.missing", "friends.2.first", "friends.x", "s.deeper",
        "friends[5].first", "items[?name=='z'].value | [0]"}) {
      assertThatThrownBy(() -> JsonProperty.of(missing, "DB_PASSWORD").extract(DOC, "parameter /shop/flags"))
          .as(missing)
          .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.SourceNotFound))
          .hasMessageContaining(missing).hasMessageContaining("parameter /shop/flags")
          .hasMessageContaining("DB_PASSWORD").hasMessageNotContaining("Roger").hasMessageNotContaining("pw");
    }
  }

  @Test
  void anInvalidExpressionIsInvalidSpecNamingKeyAndProperty() {
    for (String bad : new String[] {"friends[", "items[?name=='x'", "a || ", "foo(bar)"}) {
      assertThatThrownBy(() -> JsonProperty.of(bad, "DB_HOST")).as(bad)
          .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
          .hasMessageContaining(bad).hasMessageContaining("DB_HOST").hasMessageContaining("JMESPath");
    }
    assertThatThrownBy(() -> JsonProperty.of(" ", "K")).isInstanceOfSatisfying(SyncFailure.class,
        f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec));
  }

  @Test
  void aFunctionThatCannotApplyToTheDataFailsTheSyncWithoutTheValue() {
    assertThatThrownBy(() -> extract("length(checkout.enabled)"))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.SyncFailed))
        .hasMessageContaining("length(checkout.enabled)").hasMessageNotContaining("true");
  }

  @Test
  void aValueThatIsNotJsonNamesTheSourceButNotTheValue() {
    for (String property : new String[] {"x", "x[0]"}) {
      assertThatThrownBy(() -> JsonProperty.of(property, "K").extract("s3cr3t-not-json", "secret prod/db"))
          .isInstanceOf(SyncFailure.class).hasMessageContaining("secret prod/db")
          .hasMessageContaining("not valid JSON").hasMessageNotContaining("s3cr3t");
    }
    assertThatThrownBy(() -> JsonProperty.of("x", "K").extract("{\"x\": s3cr3t}", "secret prod/db"))
        .isInstanceOf(SyncFailure.class).hasMessageContaining("character 7").hasMessageNotContaining("s3cr3t");
  }

  @Test
  void rejectsMalformedJson() {
    for (String bad : new String[] {"", "{", "{\"a\":}", "[1,]", "{\"a\":1}x", "01", "\"unterminated", "{'a':1}",
        "{} {}", "[1] 2", "NaN", "{\"a\":1,}", "\"tab\there\"", "[" .repeat(300) + "]".repeat(300)}) {
      assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(Json.NotJsonException.class);
    }
  }

  @Test
  void keepsTheLastOfDuplicateMembersAndTheDocumentOrder() throws Exception {
    Json.Document doc = Json.parse("{\"b\": 1, \"a\": {\"x\" : [ 1 ]}, \"b\": \"two\"}");
    assertThat(doc.fields()).containsExactly(Map.entry("b", "two"), Map.entry("a",
        "{\"x\" : [ 1 ]}"));
  }
}
