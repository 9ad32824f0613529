package io.github.bouncekit.reply;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.status.EnhancedStatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded random inputs: each seed is a reproducible case; the seed is in the test name. */
class SmtpReplyPropertiesTest {

  static LongStream seeds() {
    return LongStream.range(0, 300).map(i -> 0x5EED_0000L + i);
  }

  private static final String[] FRAGMENTS = {
    "550", "550-", "5.7.1", "4.2.2", " ", "\n", "\r\n", "\r", "said:", "host ", "[", "]", "(", ")",
    "#", "(#5.1.1)", "- gsmtp", "status=", "dsn=5.1.1", "relay=", "in reply to ", " command)",
    "SMTP error from remote mail server after ", "RCPT TO:<x@y>:", ">>> ", "<<< ", "Exception: ",
    "nested exception is:", "Remote Server returned '", "'", "smtp;", "Diagnostic-Code:", "x", "é",
    "\t", ";", ":", "999", "5.", ".", "0", "\u0000", "\uD83D\uDE00", "while talking to ", "-----",
  };

  private static String randomText(SplittableRandom rnd) {
    StringBuilder b = new StringBuilder();
    int n = rnd.nextInt(60);
    for (int i = 0; i < n; i++) {
      if (rnd.nextInt(4) == 0) {
        b.append((char) rnd.nextInt(0x3000));
      } else {
        b.append(FRAGMENTS[rnd.nextInt(FRAGMENTS.length)]);
      }
    }
    return b.toString();
  }

  private static final String[] WORDS = {
    "mailbox", "unavailable", "user", "unknown", "blocked", "policy", "quota", "rate", "limited",
    "https://example.com/help", "<x@example.com>:", "spam", "IP", "192.0.2.1", "try", "later",
  };

  private static List<String> randomWords(SplittableRandom rnd, int min) {
    List<String> out = new ArrayList<>();
    int n = min + rnd.nextInt(8);
    for (int i = 0; i < n; i++) {
      out.add(WORDS[rnd.nextInt(WORDS.length)]);
    }
    return out;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void parseNeverThrowsAndIsConsistent(long seed) {
    String input = randomText(new SplittableRandom(seed));
    SmtpReply r = SmtpReply.parse(input);
    assertThat(r.lines()).allSatisfy(l -> assertThat(l).isNotBlank().doesNotContain("\n"));
    r.code().ifPresent(c -> assertThat(c).isBetween(200, 599));
    // Re-parsing the canonical form keeps the codes.
    SmtpReply again = SmtpReply.parse(r.toString());
    if (r.code().isPresent()) {
      assertThat(again.code()).isEqualTo(r.code());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void formatThenParseRoundTrips(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int cls = new int[] {4, 5}[rnd.nextInt(2)];
    int code = cls * 100 + rnd.nextInt(6) * 10 + rnd.nextInt(10);
    EnhancedStatusCode enhanced = EnhancedStatusCode.of(cls, rnd.nextInt(8), rnd.nextInt(1000));
    List<List<String>> lines = new ArrayList<>();
    int n = 1 + rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      lines.add(randomWords(rnd, 1));
    }
    String expectedText =
        String.join(" ", lines.stream().map(l -> String.join(" ", l)).toList());

    String oneLine = code + " " + enhanced + " " + expectedText;
    StringBuilder multi = new StringBuilder();
    StringBuilder joined = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String sep = i == n - 1 ? " " : "-";
      String eol = new String[] {"\r\n", "\n", "\r"}[rnd.nextInt(3)];
      multi.append(code).append(sep).append(enhanced).append(' ');
      multi.append(String.join(" ", lines.get(i))).append(eol);
      joined.append(i == 0 ? "" : " ").append(code).append(sep).append(enhanced).append(' ');
      joined.append(String.join(" ", lines.get(i)));
    }
    for (String form : List.of(oneLine, multi.toString(), joined.toString())) {
      SmtpReply r = SmtpReply.parse(form);
      assertThat(r.code()).as(form).hasValue(code);
      assertThat(r.enhancedCode()).as(form).contains(enhanced);
      assertThat(r.text()).as(form).isEqualTo(expectedText);
      SmtpReply again = SmtpReply.parse(r.toString());
      assertThat(again.toString()).as(form).isEqualTo(r.toString());
      assertThat(again.text()).as(form).isEqualTo(r.text());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void wrappingDoesNotChangeTheReply(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    String reply = "550 5.1." + rnd.nextInt(11) + " " + String.join(" ", randomWords(rnd, 2));
    SmtpReply plain = SmtpReply.parse(reply);
    List<String> wrapped =
        List.of(
            "Diagnostic-Code: smtp; " + reply,
            "host mx.example.com[192.0.2.1] said: " + reply + " (in reply to RCPT TO command)",
            "SMTP error from remote mail server after RCPT TO:<x@example.com>:\n"
                + "host mx.example.com [192.0.2.1]: "
                + reply,
            "com.sun.mail.smtp.SMTPAddressFailedException: " + reply);
    for (String w : wrapped) {
      SmtpReply r = SmtpReply.parse(w);
      assertThat(r.code()).as(w).isEqualTo(plain.code());
      assertThat(r.enhancedCode()).as(w).isEqualTo(plain.enhancedCode());
      assertThat(r.text()).as(w).isEqualTo(plain.text());
    }
  }

  /** A guard against catastrophic slowness, not a speed measurement (JMH measures speed). */
  @Test
  @Timeout(30)
  void hostileInputsOfTheMaximumSizeFinish() {
    int max = SmtpReply.MAX_INPUT_LENGTH;
    List<String> hostile =
        List.of(
            "550-" + "550 ".repeat(max / 4),
            "550-5.7.1 " + " 550 5.7.1".repeat(max / 10),
            "550-".repeat(max / 4),
            "(#".repeat(max / 2),
            "#5.".repeat(max / 3),
            " said: host ".repeat(max / 12),
            "Exception: ".repeat(max / 11),
            ": 5".repeat(max / 3),
            "[a.b".repeat(max / 4) + "]",
            "\n".repeat(max));
    for (String h : hostile) {
      assertThat(SmtpReply.parse(h)).isNotNull();
      assertThat(SmtpReply.parse(h + h).truncated()).isTrue();
    }
  }
}
