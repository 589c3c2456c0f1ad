package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.api.v1alpha1.Reason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NameRegexpTest {

  @Test
  void matchesAnywhereInTheNameUnlessAnchored() {
    NameRegexp anywhere = NameRegexp.compile("shop", "f");
    assertThat(anywhere.matches("prod/shop/db")).isTrue();
    assertThat(anywhere.matches("prod/billing/db")).isFalse();
    NameRegexp whole = NameRegexp.compile("^prod/shop/(db|cache)$", "f");
    assertThat(whole.matches("prod/shop/db")).isTrue();
    assertThat(whole.matches("prod/shop/db-admin")).isFalse();
    assertThat(whole.matches("x/prod/shop/db")).isFalse();
  }

  @Test
  void syntaxRe2DoesNotKnowIsInvalidSpecNamingTheField() {
    for (String bad : new String[] {"(unclosed", "(a)\\1", "(?=lookahead)", "*"}) {
      assertThatThrownBy(() -> NameRegexp.compile(bad, "dataFrom[].find.nameRegexp"))
          .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
          .hasMessageContaining("dataFrom[].find.nameRegexp").hasMessageContaining("not a valid regular expression");
    }
  }

  @Test
  void anEmptyOrOverlongExpressionIsInvalidSpec() {
    assertThatThrownBy(() -> NameRegexp.compile("", "paths[/a].nameRegexp"))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec));
    assertThatThrownBy(() -> NameRegexp.compile("a".repeat(1025), "paths[/a].nameRegexp"))
        .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("1024");
  }

  @Test
  void aPatternThatBacktracksExponentiallyInJavaMatchesInLinearTime() {
    // (a+)+$ against "aaaa...!" takes exponential time with java.util.regex; RE2J answers at once.
    NameRegexp evil = NameRegexp.compile("^(a+)+$", "f");
    String name = "a".repeat(5_000) + "!";
    long start = System.nanoTime();
    assertThat(evil.matches(name)).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }
}
