package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class SourceNamesTest {

  @Test
  void aSecretArnBecomesItsName() {
    assertThat(SourceNames.secretName("arn:aws:secretsmanager:eu-west-2:111122223333:secret:prod/shop/db-AbCdEf"))
        .isEqualTo("prod/shop/db");
    assertThat(SourceNames.secretName("prod/shop/db")).isEqualTo("prod/shop/db");
  }

  @Test
  void sessionNamesAreKasoNamespaceDotName() {
    assertThat(SourceNames.sessionName("shop", "shop-config")).isEqualTo("kaso-shop.shop-config");
  }

  @Test
  void sessionNamesOfDifferentNamespacesNeverCollide() {
    assertThat(SourceNames.sessionName("a-b", "c")).isEqualTo("kaso-a-b.c")
        .isNotEqualTo(SourceNames.sessionName("a", "b-c"));
    assertThat(SourceNames.sessionName("team", "x.y")).isNotEqualTo(SourceNames.sessionName("team-x", "y"));
  }

  @Test
  void aLongNameCutInsideItsNamespaceCannotPassForAnotherNamespacesName() {
    String ns = "n".repeat(63);
    String cut = SourceNames.sessionName(ns, "app");
    assertThat(cut).hasSize(64).doesNotContain(".");
    String other = SourceNames.sessionName("x", "y".repeat(40));
    assertThat(other).contains(".");
  }

  @Property
  void differentPairsGetDifferentSessionNames(@ForAll("namespaces") String ns1, @ForAll("names") String name1,
      @ForAll("namespaces") String ns2, @ForAll("names") String name2) {
    Assume.that(!(ns1.equals(ns2) && name1.equals(name2)));
    assertThat(SourceNames.sessionName(ns1, name1)).isNotEqualTo(SourceNames.sessionName(ns2, name2));
  }

  @Provide
  Arbitrary<String> namespaces() {
    return Arbitraries.strings().withChars("ab-").ofMinLength(1).ofMaxLength(63);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withChars("ab-.").ofMinLength(1).ofMaxLength(253);
  }

  @Property
  void sessionNamesFitStsLimits(@ForAll @AlphaChars @StringLength(min = 1, max = 63) String ns,
      @ForAll @AlphaChars @StringLength(min = 1, max = 253) String name) {
    String s = SourceNames.sessionName(ns.toLowerCase(), name.toLowerCase());
    assertThat(s).hasSizeBetween(2, 64).matches("[\\w+=,.@-]+").startsWith("kaso-");
  }

  @Test
  void longSessionNamesStayDistinct() {
    String a = SourceNames.sessionName("ns", "x".repeat(100) + "a");
    String b = SourceNames.sessionName("ns", "x".repeat(100) + "b");
    assertThat(a).hasSize(64).isNotEqualTo(b);
  }
}
