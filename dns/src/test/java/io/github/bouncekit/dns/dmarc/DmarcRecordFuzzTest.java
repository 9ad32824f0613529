package io.github.bouncekit.dns.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz test of {@link DmarcRecord#parse(String, DmarcMode)}. In {@code mvn test} it runs in
 * regression mode over the seeds in {@code
 * src/test/resources/io/github/bouncekit/dns/dmarc/DmarcRecordFuzzTestInputs/parse/}; {@code
 * JAZZER_FUZZ=1 mvn -pl dns test -Dtest=DmarcRecordFuzzTest} fuzzes for real.
 */
class DmarcRecordFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void parse(byte[] data) {
    String input = new String(data, StandardCharsets.UTF_8);
    for (DmarcMode mode : DmarcMode.values()) {
      DmarcParseResult r = DmarcRecord.parse(input, mode);
      assertThat(r.isDmarcRecord()).isEqualTo(DmarcRecord.isDmarcRecord(input));
      for (DmarcProblem p : r.errors()) {
        assertThat(p.position()).isBetween(0, Math.max(input.length(), DmarcRecord.MAX_LENGTH));
        assertThat(p.message()).isNotBlank();
      }
      for (DmarcProblem p : r.warnings()) {
        assertThat(p.position()).isBetween(0, input.length());
        assertThat(p.message()).isNotBlank();
      }
      if (r.outcome() == DmarcParseResult.Outcome.VALID) {
        DmarcRecord record = r.record().orElseThrow();
        assertThat(r.errors()).isEmpty();
        assertThat(record.text()).isEqualTo(input);
        assertThat(record.mode()).isEqualTo(mode);
        for (DmarcRecord.ReportUri u : record.aggregateReports()) {
          assertThat(u.uri()).startsWithIgnoringCase("mailto:");
          assertThat(u.address()).contains("@");
          assertThat(u.domain()).isNotEmpty();
        }
        if (mode == DmarcMode.RFC7489) {
          assertThat(record.nonExistentPolicy()).isEmpty();
          assertThat(record.testing()).isFalse();
        } else {
          assertThat(record.percent()).isEqualTo(100);
        }
      } else {
        assertThat(r.record()).isEmpty();
        assertThat(r.errors()).isNotEmpty();
      }
      assertThat(DmarcRecord.parse(input, mode)).isEqualTo(r);
    }
  }
}
