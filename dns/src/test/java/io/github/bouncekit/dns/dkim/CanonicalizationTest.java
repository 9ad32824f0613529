package io.github.bouncekit.dns.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canonicalisation examples of RFC 6376 §3.4.5 and the empty-body rules. */
class CanonicalizationTest {
  private static final String HEADER_A = "A: X\r\n";
  private static final String HEADER_B = "B : Y\t\r\n\tZ  \r\n";
  private static final String BODY = " C \r\nD \t E\r\n\r\n\r\n";

  private static String body(Canonicalization c, String body) {
    byte[] b = body.getBytes(StandardCharsets.ISO_8859_1);
    return new String(c.body(b, 0, b.length), StandardCharsets.ISO_8859_1);
  }

  @Test
  void rfc6376RelaxedExample() {
    assertThat(Canonicalization.RELAXED.header(HEADER_A, true)).isEqualTo("a:X\r\n");
    assertThat(Canonicalization.RELAXED.header(HEADER_B, true)).isEqualTo("b:Y Z\r\n");
    assertThat(body(Canonicalization.RELAXED, BODY)).isEqualTo(" C\r\nD E\r\n");
  }

  @Test
  void rfc6376SimpleExample() {
    assertThat(Canonicalization.SIMPLE.header(HEADER_A, true)).isEqualTo(HEADER_A);
    assertThat(Canonicalization.SIMPLE.header(HEADER_B, true)).isEqualTo(HEADER_B);
    assertThat(body(Canonicalization.SIMPLE, BODY)).isEqualTo(" C \r\nD \t E\r\n");
  }

  @ParameterizedTest(name = "{0}: [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "SIMPLE  | ''               | '\r\n'",
        "SIMPLE  | '\r\n\r\n'       | '\r\n'",
        "SIMPLE  | 'abc'            | 'abc\r\n'",
        "RELAXED | ''               | ''",
        "RELAXED | '\r\n  \r\n'     | ''",
        "RELAXED | 'abc  '          | 'abc\r\n'",
        "RELAXED | 'a\tb \r\n \r\n' | 'a b\r\n'",
      })
  void emptyAndUnterminatedBodies(Canonicalization c, String in, String out) {
    assertThat(body(c, unescape(in))).isEqualTo(unescape(out));
  }

  @Test
  void signatureFieldItselfHasNoFinalCrLf() {
    assertThat(Canonicalization.SIMPLE.header("DKIM-Signature: a=1; b=\r\n", false))
        .isEqualTo("DKIM-Signature: a=1; b=");
    assertThat(Canonicalization.RELAXED.header("DKIM-Signature: a=1;\r\n b=\r\n", false))
        .isEqualTo("dkim-signature:a=1; b=");
  }

  private static String unescape(String s) {
    return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
  }
}
