package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class GlobTest {

  @Test
  void starMatchesAnyRunIncludingSlashes() {
    assertThat(Glob.of("/shop/*").matches("/shop/prod/db")).isTrue();
    assertThat(Glob.of("/shop/*").matches("/shop/")).isTrue();
    assertThat(Glob.of("/shop/*").matches("/billing/x")).isFalse();
    assertThat(Glob.of("arn:aws:iam::*:role/shop-*").matches("arn:aws:iam::111122223333:role/shop-reader")).isTrue();
    assertThat(Glob.of("a*b*c").matches("axxbyyc")).isTrue();
    assertThat(Glob.of("a*b*c").matches("axxbyy")).isFalse();
  }

  @Test
  void questionMarkMatchesOneCharacter() {
    assertThat(Glob.of("v?").matches("v1")).isTrue();
    assertThat(Glob.of("v?").matches("v10")).isFalse();
  }

  @Test
  void readsCommaSeparatedLists() {
    assertThat(Glob.list(" /a/*, ,/b ")).extracting(Glob::toString).containsExactly("/a/*", "/b");
    assertThat(Glob.list(null)).isEmpty();
  }

  @Test
  void aGlobCoversAPrefixOnlyWithAFinalStarThatTakesAnyContinuation() {
    assertThat(Glob.of("prod/shop/*").coversEverythingUnder("prod/shop/")).isTrue();
    assertThat(Glob.of("prod/shop/*").coversEverythingUnder("prod/shop/db")).isTrue();
    assertThat(Glob.of("prod/shop/db").coversEverythingUnder("prod/shop/db")).isFalse();
    assertThat(Glob.of("prod/shop/*").coversEverythingUnder("prod/shop")).isFalse();
    assertThat(Glob.of("*").coversEverythingUnder("")).isTrue();
  }

  @Property(maxDiscardRatio = 50)
  void whatAGlobCoversItMatches(@ForAll("globs") String glob, @ForAll("texts") String prefix,
      @ForAll("texts") String rest) {
    Assume.that(Glob.of(glob).coversEverythingUnder(prefix));
    assertThat(Glob.of(glob).matches(prefix + rest)).isTrue();
  }

  @Provide
  Arbitrary<String> globs() {
    return Arbitraries.strings().withChars("a*?").ofMaxLength(3).map(g -> g + "*");
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().withChars("ab").ofMaxLength(4);
  }
}
