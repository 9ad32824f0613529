package io.github.bouncekit.reply;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test of {@link SmtpReply#parse(String)}. In {@code mvn verify} it runs in regression
 * mode over the seeds in {@code src/test/resources/io/github/bouncekit/reply/SmtpReplyFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1 mvn -pl core test -Dtest=SmtpReplyFuzzTest} fuzzes for real.
 */
class SmtpReplyFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void parse(byte[] data) {
    String input = new String(data, java.nio.charset.StandardCharsets.UTF_8);
    SmtpReply r = SmtpReply.parse(input);
    assertThat(r.lines()).doesNotContainNull();
    r.code().ifPresent(c -> assertThat(c).isBetween(200, 599));
    assertThat(r.truncated()).isEqualTo(input.length() > SmtpReply.MAX_INPUT_LENGTH);
    // A reply's code survives printing and parsing again. A text in which no reply was found is
    // not held to this: printing joins its lines into one, and words that stood on separate
    // lines ("reject: ... from" and "]: 550") can then read as a one-line wrapper, which the
    // parser reads only within one line on purpose.
    if (r.code().isPresent()) {
      SmtpReply again = SmtpReply.parse(r.toString());
      assertThat(again.code()).isEqualTo(r.code());
    }
  }
}
