package io.github.bouncekit.dns.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DmarcRecord#parse} in memory: every case of {@code record-parsing.yml} under both modes,
 * then the details the suite does not cover.
 */
class DmarcRecordTest {

  static List<DmarcSuite.ParsingCase> suite() {
    return DmarcSuite.parsingCases();
  }

  @Test
  void theSuiteHas39RecordsUnderTwoModes() {
    assertThat(suite()).hasSize(78);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("suite")
  void recordParsing(DmarcSuite.ParsingCase c) {
    ParsingExpectations.check(c, DmarcRecord.parse(c.record(), c.mode()));
  }

  @Test
  void warningsCarryPositionsAndTags() {
    DmarcParseResult r = DmarcRecord.parse("v=DMARC1; p=reject; pct=50; xyz=1", DmarcMode.RFC9989);
    assertThat(r.warnings())
        .extracting(DmarcProblem::position, DmarcProblem::tag)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(20, "pct"), org.assertj.core.groups.Tuple.tuple(28, "xyz"));
    assertThat(r.warnings().get(0).toString()).startsWith("position 20: pct: removed by RFC 9989");
  }

  @Test
  void spacesAroundSeparatorsAndEqualsAreAllowed() {
    DmarcRecord r =
        DmarcRecord.parse("v = DMARC1 ;\tp = quarantine ; sp=none ;", DmarcMode.RFC9989)
            .record()
            .orElseThrow();
    assertThat(r.policy()).isEqualTo(DmarcPolicy.QUARANTINE);
    assertThat(r.subdomainPolicy()).hasValue(DmarcPolicy.NONE);
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void versionMustBeFollowedBySemicolonOrEnd() {
    assertThat(DmarcRecord.parse("v=DMARC1x; p=none", DmarcMode.RFC9989).outcome())
        .isEqualTo(DmarcParseResult.Outcome.NOT_DMARC);
    assertThat(DmarcRecord.parse("v=DMARC1", DmarcMode.RFC9989).record().orElseThrow().policy())
        .isEqualTo(DmarcPolicy.NONE);
    assertThat(DmarcRecord.parse("v=DMARC1", DmarcMode.RFC7489).outcome())
        .isEqualTo(DmarcParseResult.Outcome.NO_POLICY);
  }

  @Test
  void reportUrisSizesAndExternalDomains() {
    DmarcRecord r7489 =
        DmarcRecord.parse(
                "v=DMARC1; p=none; rua=mailto:a@Reports.Example.NET!10m, mailto:b@example.com;"
                    + " ruf=https://x.example/, mailto:c@example.org?subject=x",
                DmarcMode.RFC7489)
            .record()
            .orElseThrow();
    assertThat(r7489.aggregateReports())
        .extracting(DmarcRecord.ReportUri::domain, DmarcRecord.ReportUri::maxBytes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("reports.example.net", OptionalLong.of(10L << 20)),
            org.assertj.core.groups.Tuple.tuple("example.com", OptionalLong.empty()));
    assertThat(r7489.failureReports()).extracting(DmarcRecord.ReportUri::address).containsExactly("c@example.org");
    assertThat(r7489.warnings()).anySatisfy(w -> assertThat(w.message()).contains("not a mailto: URI"));

    DmarcRecord r9989 =
        DmarcRecord.parse("v=DMARC1; p=none; rua=mailto:a@example.net!10m", DmarcMode.RFC9989)
            .record()
            .orElseThrow();
    assertThat(r9989.aggregateReports().get(0).maxBytes()).isEmpty();
    assertThat(r9989.warnings()).anySatisfy(w -> assertThat(w.message()).contains("obsolete"));
  }

  @Test
  void invalidPolicyWithRuaIsReadAsNone() {
    for (DmarcMode mode : DmarcMode.values()) {
      DmarcRecord r =
          DmarcRecord.parse("v=DMARC1; p=rejct; sp=reject; rua=mailto:d@example.com", mode)
              .record()
              .orElseThrow();
      assertThat(r.policy()).isEqualTo(DmarcPolicy.NONE);
      assertThat(r.policyFromRua()).isTrue();
      assertThat(r.subdomainPolicyOrDefault()).isEqualTo(DmarcPolicy.NONE);
    }
  }

  @Test
  void rfc7489ModeIgnoresTheNewTagsAndKeepsTheOldOnes() {
    DmarcRecord r =
        DmarcRecord.parse("v=DMARC1; p=reject; np=none; psd=y; t=y; pct=20; ri=3600", DmarcMode.RFC7489)
            .record()
            .orElseThrow();
    assertThat(r.nonExistentPolicy()).isEmpty();
    assertThat(r.psd()).isEqualTo(DmarcRecord.Psd.UNKNOWN);
    assertThat(r.testing()).isFalse();
    assertThat(r.percent()).isEqualTo(20);
    assertThat(r.warnings()).extracting(DmarcProblem::tag).containsExactly("np", "psd", "t");
  }

  @Test
  void tooLongIsInvalidAndNullThrows() {
    String longRecord = "v=DMARC1; p=none; " + "x=y; ".repeat(DmarcRecord.MAX_LENGTH / 5);
    DmarcParseResult r = DmarcRecord.parse(longRecord, DmarcMode.RFC9989);
    assertThat(r.outcome()).isEqualTo(DmarcParseResult.Outcome.INVALID);
    assertThat(r.errors().get(0).message()).contains("longer than 8192");
    assertThatThrownBy(() -> DmarcRecord.parse(null, DmarcMode.RFC9989))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("text must not be null");
    assertThatThrownBy(() -> DmarcRecord.parse("v=DMARC1", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("mode must not be null");
  }

  static Stream<Long> seeds() {
    return IntStream.range(0, 20).mapToObj(i -> 0x5EED0000L + i);
  }

  /** Random records built from DMARC-ish pieces: parsing never throws and is deterministic. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomRecordsNeverThrow(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String[] pieces = {
      "v=DMARC1", ";", " ", "\t", "p=", "sp=", "np=", "psd=", "t=", "rua=", "ruf=", "mailto:",
      "a@b.example", "!", "10m", ",", "=", "reject", "none", "quarantine", "y", "n", "x", "pct=",
      "101", "fo=", "1:d", "adkim=", "s", "é", "\u0000"
    };
    for (int i = 0; i < 200; i++) {
      StringBuilder b = new StringBuilder(random.nextBoolean() ? "v=DMARC1;" : "");
      int n = random.nextInt(30);
      for (int j = 0; j < n; j++) {
        b.append(pieces[random.nextInt(pieces.length)]);
      }
      String text = b.toString();
      for (DmarcMode mode : DmarcMode.values()) {
        DmarcParseResult r = DmarcRecord.parse(text, mode);
        assertThat(DmarcRecord.parse(text, mode)).isEqualTo(r);
        assertThat(r.isDmarcRecord()).isEqualTo(DmarcRecord.isDmarcRecord(text));
        for (DmarcProblem p : r.errors()) {
          assertThat(p.position()).isBetween(0, Math.max(text.length(), DmarcRecord.MAX_LENGTH));
        }
      }
    }
  }
}
