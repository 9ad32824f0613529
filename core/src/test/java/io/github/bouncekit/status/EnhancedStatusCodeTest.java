package io.github.bouncekit.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnhancedStatusCodeTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "5.7.26, PERMANENT_FAILURE, 7, 26",
    "4.2.2, PERSISTENT_TRANSIENT_FAILURE, 2, 2",
    "2.0.0, SUCCESS, 0, 0",
    "5.7.606, PERMANENT_FAILURE, 7, 606",
    "4.7.650, PERSISTENT_TRANSIENT_FAILURE, 7, 650",
    "5.999.999, PERMANENT_FAILURE, 999, 999",
    "5.10.0, PERMANENT_FAILURE, 10, 0",
  })
  void parsesAndFormats(String text, StatusClass cls, int subject, int detail) {
    EnhancedStatusCode c = EnhancedStatusCode.parse(text);
    assertThat(c).isEqualTo(new EnhancedStatusCode(cls, subject, detail));
    assertThat(c.toString()).isEqualTo(text);
    assertThat(EnhancedStatusCode.tryParse(text)).contains(c);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "", "5", "5.7", "5.7.", "3.1.1", "6.1.1", "0.0.0", "5.07.1", "5.7.01", "5.1000.1",
        "5.1.1000", " 5.1.1", "5.1.1 ", "5..1", "5.a.1", "x.1.1", "5.1.1.1", "55.1.1", "5-1-1"
      })
  void rejectsMalformedCodes(String text) {
    assertThat(EnhancedStatusCode.tryParse(text)).isEmpty();
    assertThatThrownBy(() -> EnhancedStatusCode.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an enhanced status code");
  }

  @Test
  void errorMessagesSayWhatIsWrong() {
    assertThatThrownBy(() -> EnhancedStatusCode.parse("3.1.1"))
        .hasMessageContaining("the class must be 2, 4 or 5");
    assertThatThrownBy(() -> EnhancedStatusCode.parse("5.07.1"))
        .hasMessageContaining("without leading zeros");
    assertThatThrownBy(() -> EnhancedStatusCode.parse("5.1.1x"))
        .hasMessageContaining("unexpected text after the detail");
    assertThatThrownBy(() -> EnhancedStatusCode.parse(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("must not be null");
    assertThatThrownBy(() -> EnhancedStatusCode.of(3, 1, 1))
        .hasMessageContaining("must be 2, 4 or 5, was 3");
    assertThatThrownBy(() -> EnhancedStatusCode.of(5, 1000, 1))
        .hasMessageContaining("subject must be between 0 and 999, was 1000");
    assertThatThrownBy(() -> EnhancedStatusCode.of(5, 1, -1))
        .hasMessageContaining("detail must be between 0 and 999, was -1");
  }

  /**
   * Every code around the range whose answers are made once and shared (X.0.0 to X.9.99) parses to
   * its own value, from a string and from a builder; inside the range a second parse gives the
   * same answer object, outside it a new one.
   */
  @Test
  void everyCodeInAndAroundTheSharedRangeParsesToItsValue() {
    for (int cls : new int[] {2, 4, 5}) {
      for (int subject = 0; subject <= 12; subject++) {
        for (int detail = 0; detail <= 120; detail++) {
          String text = cls + "." + subject + "." + detail;
          EnhancedStatusCode expected = EnhancedStatusCode.of(cls, subject, detail);
          assertThat(EnhancedStatusCode.tryParse(text)).as(text).contains(expected);
          assertThat(EnhancedStatusCode.tryParse(new StringBuilder("x ").append(text), 2,
              text.length() + 2)).as(text).contains(expected);
          Optional<EnhancedStatusCode> first = EnhancedStatusCode.tryParse(text);
          if (subject < 10 && detail < 100) {
            assertThat(EnhancedStatusCode.tryParse(text)).as(text).isSameAs(first);
          } else {
            assertThat(EnhancedStatusCode.tryParse(text)).as(text).isNotSameAs(first);
          }
        }
      }
    }
  }

  @Test
  void tryParseOfARange() {
    assertThat(EnhancedStatusCode.tryParse("550 5.7.1 blocked", 4, 9))
        .contains(EnhancedStatusCode.of(5, 7, 1));
    assertThat(EnhancedStatusCode.tryParse("550 5.7.1 blocked", 4, 100)).isEmpty();
    assertThat(EnhancedStatusCode.tryParse((CharSequence) null)).isEmpty();
  }

  @Test
  void classAndSubjectMeanings() {
    EnhancedStatusCode c = EnhancedStatusCode.parse("5.7.1");
    assertThat(c.isPermanentFailure()).isTrue();
    assertThat(c.isTransientFailure()).isFalse();
    assertThat(c.subjectMeaning()).contains(StatusSubject.SECURITY_OR_POLICY);
    assertThat(EnhancedStatusCode.parse("4.4.7").subjectMeaning())
        .contains(StatusSubject.NETWORK_AND_ROUTING);
    assertThat(EnhancedStatusCode.parse("5.8.1").subjectMeaning()).isEmpty();
    assertThat(EnhancedStatusCode.parse("2.0.0").isSuccess()).isTrue();
    assertThat(c.withClass(StatusClass.PERSISTENT_TRANSIENT_FAILURE)).hasToString("4.7.1");
    assertThat(c.toRegistryForm()).isEqualTo("X.7.1");
  }

  @Test
  void ordersByClassSubjectDetail() {
    assertThat(EnhancedStatusCode.parse("5.7.26"))
        .isGreaterThan(EnhancedStatusCode.parse("5.7.3"))
        .isGreaterThan(EnhancedStatusCode.parse("4.9.9"))
        .isLessThan(EnhancedStatusCode.parse("5.8.0"));
  }

  static LongStream seeds() {
    return LongStream.range(0, 200).map(i -> 0xC0DEL + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void formatParseRoundTrip(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < 100; i++) {
      EnhancedStatusCode c =
          EnhancedStatusCode.of(new int[] {2, 4, 5}[rnd.nextInt(3)], rnd.nextInt(1000), rnd.nextInt(1000));
      assertThat(EnhancedStatusCode.parse(c.toString())).isEqualTo(c);
    }
    // Random strings either parse to a code that formats back to them, or are rejected.
    StringBuilder b = new StringBuilder();
    int n = rnd.nextInt(12);
    for (int i = 0; i < n; i++) {
      b.append("0123456789.. x".charAt(rnd.nextInt(14)));
    }
    String s = b.toString();
    EnhancedStatusCode.tryParse(s).ifPresent(c -> assertThat(c.toString()).isEqualTo(s));
  }
}
