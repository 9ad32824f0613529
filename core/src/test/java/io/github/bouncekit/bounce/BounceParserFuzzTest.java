package io.github.bouncekit.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test of {@link BounceParser#parse(byte[])}: regression mode over the seeds in
 * {@code BounceParserFuzzTestInputs/parse/} during {@code mvn verify}; {@code JAZZER_FUZZ=1}
 * fuzzes for real.
 */
class BounceParserFuzzTest {
  private static final BounceParser PARSER = BounceParser.defaults();

  @FuzzTest(maxDuration = "60s")
  void parse(byte[] message) {
    BounceReport r = PARSER.parse(message);
    assertThat(r.kind()).isNotNull();
    for (RecipientRecord rec : r.recipients()) {
      assertThat(rec.recipient()).isNotBlank();
      assertThat(rec.diagnosis()).isNotNull();
    }
  }
}
