package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.api.v1alpha1.Reason;
import org.junit.jupiter.api.Test;

class JsonPropertyTest {
  private static final String DOC = "{\"checkout\": {\"enabled\": true, \"limit\": 10.5, \"name\": \"fast\\ncart\"},"
      + " \"a.b\": \"dotted\", \"list\": [1, {\"x\": null}], \"s\": \"p\\u00e4ss\"}";

  @Test
  void takesNestedPropertiesAsTheSecretHoldsThem() {
    assertThat(JsonProperty.extract(DOC, "checkout.enabled", "parameter /p")).isEqualTo("true");
    assertThat(JsonProperty.extract(DOC, "checkout.limit", "parameter /p")).isEqualTo("10.5");
    assertThat(JsonProperty.extract(DOC, "checkout.name", "parameter /p")).isEqualTo("fast\ncart");
    assertThat(JsonProperty.extract(DOC, "s", "parameter /p")).isEqualTo("päss");
  }

  @Test
  void writesObjectsAndArraysAsTheirExactJsonText() {
    assertThat(JsonProperty.extract(DOC, "checkout", "p"))
        .isEqualTo("{\"enabled\": true, \"limit\": 10.5, \"name\": \"fast\\ncart\"}");
    assertThat(JsonProperty.extract(DOC, "list", "p")).isEqualTo("[1, {\"x\": null}]");
  }

  @Test
  void aMemberWithADotInItsNameWins() {
    assertThat(JsonProperty.extract(DOC, "a.b", "p")).isEqualTo("dotted");
  }

  @Test
  void aMissingPropertyNamesPropertyAndSource() {
    assertThatThrownBy(() -> JsonProperty.extract(DOC, "checkout.missing", "parameter /shop/flags"))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.SourceNotFound))
        .hasMessageContaining("checkout.missing").hasMessageContaining("parameter /shop/flags");
  }

  @Test
  void aValueThatIsNotJsonNamesTheSourceButNotTheValue() {
    assertThatThrownBy(() -> JsonProperty.extract("s3cr3t-not-json", "x", "secret prod/db"))
        .isInstanceOf(SyncFailure.class).hasMessageContaining("secret prod/db").hasMessageContaining("not valid JSON")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void rejectsMalformedJson() {
    for (String bad : new String[] {"{", "{\"a\":}", "[1,]", "{\"a\":1}x", "01", "\"unterminated", "{'a':1}"}) {
      assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(Json.NotJsonException.class);
    }
  }
}
