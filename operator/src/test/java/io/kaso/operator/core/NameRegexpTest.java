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
  void nestedCountedRepetitionsThatWouldFillTheHeapWhileCompilingAreInvalidSpec() {
    // RE2J would build a program of 10^9 instructions for the first: refused before compiling.
    for (String huge : new String[] {"((a{1000}){1000}){1000}", "(((a{100}){100}){100}){100}", "(a{1000}){30}",
        "([a-z]|[0-9]){1000}(x{1000}){20}"}) {
      assertThatThrownBy(() -> NameRegexp.compile(huge, "dataFrom[].find.nameRegexp"))
          .isInstanceOfSatisfying(SyncFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec))
          .hasMessageContaining("too large once its repetitions are expanded");
    }
  }

  @Test
  void realNamePatternsWithCountsAreAccepted() {
    String uuid = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
    assertThat(NameRegexp.compile(uuid, "f").matches("0f8e9a1c-2b3d-4e5f-8a9b-0c1d2e3f4a5b")).isTrue();
    assertThat(TenantRegexp.estimatedSize(uuid)).isLessThan(100);
    assertThat(NameRegexp.compile("^prod/[a-z]{2,20}/(db|cache){1,3}$", "f").matches("prod/shop/dbcache")).isTrue();
    assertThat(NameRegexp.compile("a{1000}", "f").matches("a".repeat(1000))).isTrue();
    assertThat(NameRegexp.compile("\\{{5}x\\p{L}{3}[{]{2}", "f").matches("{{{{{xabc{{")).isTrue();
  }

  @Test
  void aPatternThatBacktracksExponentiallyInJavaMatchesInLinearTime() {
    // (a+)+$ against "aaaa...!" takes exponential time with java.util.regex (far beyond any bound here); RE2J is
    // linear. The bound is not a speed target, only a line between linear and exponential on a loaded machine.
    NameRegexp evil = NameRegexp.compile("^(a+)+$", "f");
    String name = "a".repeat(5_000) + "!";
    long start = System.nanoTime();
    assertThat(evil.matches(name)).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
  }
}
