package io.github.bouncekit.dns.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.bouncekit.dns.testserver.InMemoryDnsClient;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz test of the message split and the canonicalisations (RFC 6376 §3.4), and of {@link
 * DkimVerifier} on arbitrary bytes. In {@code mvn test} it runs in regression mode over the seeds
 * in {@code
 * src/test/resources/io/github/bouncekit/dns/dkim/CanonicalizationFuzzTestInputs/canonicalize/};
 * {@code JAZZER_FUZZ=1 mvn -pl dns test -Dtest=CanonicalizationFuzzTest} fuzzes for real.
 */
class CanonicalizationFuzzTest {
  private static final DkimVerifier VERIFIER =
      DkimVerifier.builder(
              InMemoryDnsClient.builder()
                  .txt(
                      "brisbane._domainkey.football.example.com",
                      "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
                  .build())
          .build();

  @FuzzTest(maxDuration = "60s")
  void canonicalize(byte[] data) {
    MessageParts parts = MessageParts.parse(data);
    assertThat(parts.bodyStart).isBetween(0, parts.bytes.length);
    int from = parts.bodyStart;
    int to = parts.bytes.length;

    byte[] simple = Canonicalization.SIMPLE.body(parts.bytes, from, to);
    assertThat(endsWithCrLf(simple)).isTrue();
    assertThat(Canonicalization.SIMPLE.body(simple, 0, simple.length)).isEqualTo(simple);

    byte[] relaxed = Canonicalization.RELAXED.body(parts.bytes, from, to);
    String r = new String(relaxed, StandardCharsets.ISO_8859_1);
    assertThat(relaxed.length == 0 || endsWithCrLf(relaxed)).isTrue();
    assertThat(r).doesNotContain("\t").doesNotContain("  ").doesNotContain(" \r\n");
    assertThat(r).doesNotEndWith("\r\n\r\n");
    assertThat(Canonicalization.RELAXED.body(relaxed, 0, relaxed.length)).isEqualTo(relaxed);

    for (MessageParts.Field f : parts.fields) {
      String h = Canonicalization.RELAXED.header(f.raw(), true);
      assertThat(h).endsWith("\r\n");
      String line = h.substring(0, h.length() - 2);
      assertThat(line).doesNotContain("\r").doesNotContain("\n");
      // The value (the name of a malformed line without a colon may hold anything but CR LF).
      String value = line.substring(line.indexOf(':') + 1);
      assertThat(value).doesNotContain("\t").doesNotContain("  ").doesNotEndWith(" ");
      assertThat(value).doesNotStartWith(" ");
      assertThat(Canonicalization.RELAXED.header(h, true)).isEqualTo(h);
      assertThat(Canonicalization.SIMPLE.header(f.raw(), true)).endsWith("\r\n");
    }

    DkimVerification v = VERIFIER.verifySync(data);
    assertThat(v.outcome()).isNotNull();
  }

  private static boolean endsWithCrLf(byte[] b) {
    return b.length >= 2 && b[b.length - 2] == '\r' && b[b.length - 1] == '\n';
  }
}
