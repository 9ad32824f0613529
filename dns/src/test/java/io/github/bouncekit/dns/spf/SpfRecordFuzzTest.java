package io.github.bouncekit.dns.spf;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.bouncekit.dns.ParseResult;
import io.github.bouncekit.dns.SyntaxError;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz test of {@link SpfRecord#parse(String)}. In {@code mvn test} it runs in regression
 * mode over the seeds in {@code
 * src/test/resources/io/github/bouncekit/dns/spf/SpfRecordFuzzTestInputs/parse/}; {@code
 * JAZZER_FUZZ=1 mvn -pl dns test -Dtest=SpfRecordFuzzTest} fuzzes for real.
 */
class SpfRecordFuzzTest {
  private static final MacroExpander.Variables VARIABLES =
      MacroExpander.Variables.of(
          InetAddress.getLoopbackAddress(), "fuzz-er@example.com", "helo.example.com");

  @FuzzTest(maxDuration = "60s")
  void parse(byte[] data) {
    String input = new String(data, StandardCharsets.UTF_8);
    ParseResult<SpfRecord> r = SpfRecord.parse(input);
    assertThat(r.isValid()).isNotEqualTo(r.error().isPresent());
    if (r.error().isPresent()) {
      SyntaxError e = r.error().get();
      assertThat(e.position()).isBetween(0, input.length());
      assertThat(e.message()).isNotBlank();
      return;
    }
    SpfRecord record = r.orElseThrow();
    assertThat(SpfRecord.isSpfRecord(input)).isTrue();
    for (SpfRecord.Term t : record.terms()) {
      assertThat(input.startsWith(t.text(), t.position())).isTrue();
    }
    for (SpfRecord.Directive d : record.directives()) {
      d.domainSpec()
          .ifPresent(
              spec ->
                  assertThat(MacroExpander.expandDomain(spec, VARIABLES))
                      .hasSizeLessThanOrEqualTo(253));
    }
    assertThat(SpfRecord.parse(record.text()).orElseThrow()).isEqualTo(record);
  }
}
