package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.api.v1alpha1.Decoding;
import io.kaso.operator.api.v1alpha1.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ValueDecodingTest {
  private static final byte[] BINARY = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 0x41};

  private static byte[] decode(Decoding d, String value) {
    return ValueDecoding.decode(d, value.getBytes(StandardCharsets.UTF_8), "secret prod/db");
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void noneKeepsTheBytes() {
    assertThat(text(decode(Decoding.None, "aGVsbG8="))).isEqualTo("aGVsbG8=");
    assertThat(text(decode(null, "aGVsbG8="))).isEqualTo("aGVsbG8=");
  }

  @Test
  void base64DecodesStandardTextWithLineBreaks() {
    assertThat(text(decode(Decoding.Base64, "aGVs\nbG8=\n"))).isEqualTo("hello");
  }

  @Test
  void base64UrlDecodesTheUrlAlphabetPaddedOrNot() {
    assertThat(decode(Decoding.Base64URL, "-_-_QQ")).isEqualTo(BINARY);
    assertThat(decode(Decoding.Base64URL, "-_-_QQ==\n")).isEqualTo(BINARY);
  }

  @Test
  void badBase64TextFailsTheSyncNamingTheSourceNotTheValue() {
    assertThatThrownBy(() -> decode(Decoding.Base64URL, "+/+/QQ=="))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.SyncFailed))
        .hasMessageContaining("secret prod/db").hasMessageContaining("Base64URL").hasMessageNotContaining("+/+/");
    assertThatThrownBy(() -> decode(Decoding.Base64, "a"))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.SyncFailed))
        .hasMessageContaining("decoding: Base64");
  }

  @Test
  void autoDecodesEitherAlphabetPaddedOrNot() {
    assertThat(decode(Decoding.Auto, "+/+/QQ==")).isEqualTo(BINARY);
    assertThat(decode(Decoding.Auto, "+/+/QQ")).isEqualTo(BINARY);
    assertThat(decode(Decoding.Auto, "-_-_QQ==")).isEqualTo(BINARY);
    assertThat(decode(Decoding.Auto, "-_-_QQ")).isEqualTo(BINARY);
    assertThat(text(decode(Decoding.Auto, "aGVsbG8=\n"))).isEqualTo("hello");
    assertThat(text(decode(Decoding.Auto, "aGVsbG8"))).isEqualTo("hello");
    // As base64 wraps its output at 76 columns.
    String wrapped = Base64.getMimeEncoder().encodeToString(new byte[100]);
    assertThat(decode(Decoding.Auto, wrapped)).isEqualTo(new byte[100]);
  }

  @Test
  void autoKeepsTextThatIsNotCleanBase64() {
    for (String plain : new String[] {
        "", "   ", "hello world", "p@ssw0rd!", "abcde", // a length no encoder writes (5 = 4 + 1)
        "+/-_QQ==", // mixed alphabets
        "aGVsbG9=", "aGVsbG9", // stray bits: 'hello' is aGVsbG8=, and 8 and 9 differ only in bits a decoder drops
        "aGVsbG8===", "aGVs=bG8", "aGVsbG8=x", "QQ=", // padding in the wrong amount or place
        "{\"user\":\"x\"}", "postgres://db:5432/shop"}) {
      assertThat(text(decode(Decoding.Auto, plain))).as(plain).isEqualTo(plain);
    }
  }

  @Test
  void autoKeepsBinaryThatIsNotText() {
    assertThat(ValueDecoding.decode(Decoding.Auto, BINARY, "x")).isEqualTo(BINARY);
  }

  @Property
  void autoDecodesWhatAnyEncoderWrote(@ForAll byte[] bytes) {
    byte[] expected = bytes;
    assertThat(decode(Decoding.Auto, Base64.getEncoder().encodeToString(bytes).strip()))
        .isEqualTo(bytes.length == 0 ? new byte[0] : expected);
    if (bytes.length > 0) {
      assertThat(decode(Decoding.Auto, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)))
          .isEqualTo(expected);
      assertThat(decode(Decoding.Base64URL, Base64.getUrlEncoder().encodeToString(bytes))).isEqualTo(expected);
    }
  }
}
