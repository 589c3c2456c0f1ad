package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
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
  void sessionNamesAreKasoNamespaceName() {
    assertThat(SourceNames.sessionName("shop", "shop-config")).isEqualTo("kaso-shop-shop-config");
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
