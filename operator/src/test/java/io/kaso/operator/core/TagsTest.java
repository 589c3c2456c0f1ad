package io.kaso.operator.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.api.v1alpha1.Reason;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagsTest {

  @Test
  void allTagsAreAJsonObjectWithSortedKeysAndEscapedText() {
    Map<String, String> tags = new HashMap<>();
    tags.put("team", "shop");
    tags.put("cost-center", "a\"b\\c\nd");
    tags.put("empty", "");
    assertThat(new String(Tags.value(tags, null, "secret s"), UTF_8))
        .isEqualTo("{\"cost-center\":\"a\\\"b\\\\c\\nd\",\"empty\":\"\",\"team\":\"shop\"}");
    assertThat(Tags.json(Map.of())).isEqualTo("{}");
  }

  @Test
  void aPropertyIsOneTagsValueAndAMissingTagIsSourceNotFound() {
    assertThat(new String(Tags.value(Map.of("team", "shop"), "team", "secret s"), UTF_8)).isEqualTo("shop");
    assertThatThrownBy(() -> Tags.value(Map.of("team", "shop"), "owner", "secret prod/db"))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.SourceNotFound))
        .hasMessage("secret prod/db carries no tag 'owner'");
  }

  @Test
  void tagFiltersBeyondAwsLimitsAreInvalidSpec() {
    assertThatThrownBy(() -> Tags.checkFilter(Map.of("k".repeat(129), "v"), "paths[/a].tags"))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec));
    assertThatThrownBy(() -> Tags.checkFilter(Map.of("", "v"), "paths[/a].tags"))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec));
    assertThatThrownBy(() -> Tags.checkFilter(Map.of("team", ""), "paths[/a].tags"))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("team");
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 51; i++) {
      many.put("k" + i, "v");
    }
    assertThatThrownBy(() -> Tags.checkFilter(many, "paths[/a].tags")).hasMessageContaining("at most 50");
  }
}
