package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

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
}
