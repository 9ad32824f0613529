package io.github.bouncekit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded random properties of the classifier; the seed is in each test's name. */
class BounceClassifierPropertiesTest {
  private static final BounceClassifier CLASSIFIER = BounceClassifier.defaults();
  private static final List<DevSet.Row> ROWS = DevSet.rows();

  static LongStream seeds() {
    return LongStream.range(0, 200).map(i -> 0xB0C3L * 31 + i);
  }

  private static final String[] NOISE = {
    "550", "5.7.1", "spam", "blocked", "user", "unknown", " ", "\n", "-", "[", "]", "(#5.1.1)",
    "gsmtp", "quota", "spamhaus", "@", "x@example.com", "é", "\u0000", "said:", "*", "&", "|", "!",
  };

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void diagnoseNeverThrows(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    StringBuilder b = new StringBuilder();
    for (int i = rnd.nextInt(80); i > 0; i--) {
      b.append(rnd.nextInt(5) == 0 ? String.valueOf((char) rnd.nextInt(0xFFFF)) : NOISE[rnd.nextInt(NOISE.length)]);
    }
    Diagnosis d = CLASSIFIER.diagnose(b.toString());
    assertThat(d).isNotNull();
    assertThat(d.remedies()).doesNotContainNull();
  }

  /** Case, white space and line folding do not change a diagnosis. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void caseAndWhiteSpaceDoNotMatter(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    DevSet.Row row = ROWS.get(rnd.nextInt(ROWS.size()));
    Diagnosis plain = CLASSIFIER.diagnose(row.text());
    String[] words = row.text().split(" ");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < words.length; i++) {
      String w = words[i];
      // Keep the code prefix and URLs as written; change the case of other words.
      if (i > 1 && !w.contains("://")) {
        w = rnd.nextBoolean() ? w.toUpperCase(Locale.ROOT) : w.toLowerCase(Locale.ROOT);
      }
      b.append(w);
      if (i < words.length - 1) {
        b.append(new String[] {" ", "  ", "\t", " \r\n "}[rnd.nextInt(4)]);
      }
    }
    Diagnosis changed = CLASSIFIER.diagnose(b.toString());
    assertThat(changed.cause()).as(row.id()).isEqualTo(plain.cause());
    assertThat(changed.permanence()).as(row.id()).isEqualTo(plain.permanence());
    assertThat(changed.ruleId()).as(row.id()).isEqualTo(plain.ruleId());
  }

  /** A guard against catastrophic slowness, not a speed measurement (JMH measures speed). */
  @Test
  @Timeout(60)
  void hostileInputsFinish() {
    StringBuilder near = new StringBuilder();
    while (near.length() < 70_000) {
      near.append("user unknow mailbox ful blacklis spamhau quot ");
    }
    for (String s :
        List.of(
            near.toString(),
            "a".repeat(70_000),
            "550-".repeat(20_000),
            "[ts0".repeat(20_000),
            "5.7.1 ".repeat(12_000),
            "@".repeat(70_000))) {
      assertThat(CLASSIFIER.diagnose(s)).isNotNull();
    }
  }
}
