package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Pattern;
import io.kaso.operator.api.v1alpha1.Reason;
import org.junit.jupiter.api.Test;

class TenantRegexpTest {

  @Test
  void compilesOrdinaryPatterns() {
    for (String ok : new String[] {"^DB_(.*)$", "[a-z]{2,64}_\\d{1,100}", "(?i)^prod/(shop|web)/.+",
        "\\Q{1000}\\E", "[{(]x{3}", "a{,5}", "\\p{Greek}+", "(a{100}){100}"}) {
      assertThat(TenantRegexp.compile(ok, "f").matcher("x")).as(ok).isNotNull();
    }
  }

  @Test
  void refusesPatternsThatExpandPastTheBudgetBeforeCompilingThem() {
    // RE2J would build a billion instructions for the first one and run out of memory.
    for (String huge : new String[] {"((a{1000}){1000}){1000}", "(a{1000}){1000}", "(?:x{200}|y){200}",
        "((((a+)+)+)+){999}"}) {
      assertThatThrownBy(() -> TenantRegexp.compile(huge, "rewrite[0].regexp.source")).as(huge)
          .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
          .hasMessageContaining("too large").hasMessageContaining("rewrite[0].regexp.source");
    }
  }

  @Test
  void estimatesNestingMultiplicatively() {
    assertThat(TenantRegexp.estimatedSize("abc")).isEqualTo(3);
    assertThat(TenantRegexp.estimatedSize("(ab){10}")).isEqualTo(30);
    assertThat(TenantRegexp.estimatedSize("((a){10}){10}")).isGreaterThanOrEqualTo(100);
    assertThat(TenantRegexp.estimatedSize("[a-z{}()]{10}")).isEqualTo(10);
  }

  @Test
  void theEstimateBoundsWhatRe2jBuilds() {
    for (String p : new String[] {"a{1000}", "(a{100}){100}", "(?:ab|cd|ef){50}", "[a-z]{2,64}_\\d{1,100}",
        "^(?P<svc>[a-z]+)-(.*)$", "(x+y*z?){20}", "((a|b){10}c){10}", "\\Qabc{10}\\E{5}", "a{3,}"}) {
      long estimate = TenantRegexp.estimatedSize(p);
      assertThat((long) Pattern.compile(p).programSize()).as(p).isLessThanOrEqualTo(4 * estimate + 10);
    }
  }
}
