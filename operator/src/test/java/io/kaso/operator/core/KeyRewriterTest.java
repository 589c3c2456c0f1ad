package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.api.v1alpha1.KeyRewrite;
import io.kaso.operator.api.v1alpha1.Reason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeyRewriterTest {

  private static KeyRewriter rules(String... sourceTarget) {
    KeyRewrite[] rules = new KeyRewrite[sourceTarget.length / 2];
    for (int i = 0; i < rules.length; i++) {
      rules[i] = new KeyRewrite(sourceTarget[2 * i], sourceTarget[2 * i + 1]);
    }
    return KeyRewriter.of(Arrays.asList(rules), "dataFrom[0].rewrite");
  }

  private static void assertInvalidSpec(Runnable r, String... parts) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
        .satisfies(e -> assertThat(e.getMessage()).contains(parts));
  }

  @Test
  void replacesEveryMatchWithGroupsByNumberAndName() {
    assertThat(rules("^DB_(.*)", "DATABASE_$1").rewrite("DB_PASSWORD")).isEqualTo("DATABASE_PASSWORD");
    assertThat(rules("^DB_(.*)", "DATABASE_$1").rewrite("API_KEY")).isEqualTo("API_KEY");
    assertThat(rules("_", "-").rewrite("A_B_C")).isEqualTo("A-B-C");
    assertThat(rules("^(?P<svc>[a-z]+)-(.*)$", "${2}.${svc}").rewrite("db-password")).isEqualTo("password.db");
    assertThat(rules("^(x)?(a)", "[$1$2]").rewrite("ab")).isEqualTo("[a]b");
  }

  @Test
  void ignoresAnEmptyMatchRightAfterAMatchAsGoDoes() {
    // ESO's JSONDataFromRewrite case: Go's ReplaceAllString gives my_username, not my_usernamemy_.
    assertThat(rules("(.*)", "my_$1").rewrite("username")).isEqualTo("my_username");
    assertThat(rules("x*", "-").rewrite("abc")).isEqualTo("-a-b-c-");
    assertThat(rules("a*", "-").rewrite("baaac")).isEqualTo("-b-c-");
  }

  @Test
  void followsGoTemplateSyntaxForDollars() {
    assertThat(rules("^(a)", "$$1").rewrite("ab")).isEqualTo("$1b");
    assertThat(rules("^(a)", "${1}x").rewrite("ab")).isEqualTo("axb");
    assertThat(rules("^(a)", "x$").rewrite("ab")).isEqualTo("x$b");
    assertThat(rules("^(a)", "x$-").rewrite("ab")).isEqualTo("x$-b");
  }

  @Test
  void appliesRulesInOrder() {
    KeyRewriter r = rules("^DB_", "DATABASE_", "DATABASE_(.*)", "${1}_OF_DB");
    assertThat(r.rewrite("DB_USER")).isEqualTo("USER_OF_DB");
    assertThat(rules("DATABASE_(.*)", "${1}_OF_DB", "^DB_", "DATABASE_").rewrite("DB_USER"))
        .isEqualTo("DATABASE_USER");
  }

  @Test
  void thePrefixComesAfterTheRewrite() {
    assertThat(rules("^PASSWORD$", "PW").key("PASSWORD", "DB_", "secret s")).isEqualTo("DB_PW");
    // The rewrite does not see the prefix.
    assertThat(rules("^DB_", "").key("PASSWORD", "DB_", "secret s")).isEqualTo("DB_PASSWORD");
    assertThat(KeyRewriter.NONE.key("PASSWORD", "DB_", "secret s")).isEqualTo("DB_PASSWORD");
  }

  @Test
  void aRewriteToAnEmptyOrInvalidKeyIsInvalidSpec() {
    assertInvalidSpec(() -> rules(".*", "").key("USER", "", "secret prod/db (field user)"),
        "dataFrom[0].rewrite", "USER", "secret prod/db");
    assertInvalidSpec(() -> rules("_", "/").key("DB_USER", "", "secret s"), "'DB/USER'");
    assertInvalidSpec(() -> rules("^", "x".repeat(253)).key("A", "", "secret s"), "not a valid Secret key");
  }

  @Test
  void aKeyTheRewriteLeavesAloneIsNotItsFault() {
    // Invalid before the rewrite and untouched by it: SecretDataBuilder's rule for derived keys applies.
    assertThat(rules("^X", "Y").key("my key", "", "secret s")).isEqualTo("my key");
  }

  @Test
  void invalidRegexpsAndTargetsAreInvalidSpec() {
    assertInvalidSpec(() -> rules("(unclosed", "x"), "dataFrom[0].rewrite[0].regexp.source", "(unclosed");
    assertInvalidSpec(() -> rules("a(?=b)", "x"), "not a valid regular expression");
    assertInvalidSpec(() -> rules("", "x"), "empty");
    assertInvalidSpec(() -> rules("^(a)", "$2"), "rewrite[0].regexp.target", "$2");
    assertInvalidSpec(() -> rules("^(a)", "$1x"), "'1x'", "${1}x");
    assertInvalidSpec(() -> rules("^(a)", "${name}"), "'name'");
    assertInvalidSpec(() -> rules("a", "b", "((a{1000}){1000}){1000}", "x"), "rewrite[1]", "too large");
    assertInvalidSpec(() -> KeyRewriter.of(Arrays.asList(new KeyRewrite()), "paths[/p].rewrite"),
        "paths[/p].rewrite[0].regexp needs source and target");
  }
}
