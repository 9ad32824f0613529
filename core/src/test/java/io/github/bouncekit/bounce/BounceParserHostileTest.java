package io.github.bouncekit.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Guards against catastrophic slowness on messages built to defeat the reader (not a speed measurement). */
class BounceParserHostileTest {
  private static final BounceParser PARSER = BounceParser.defaults();

  /**
   * A Sendmail DSN whose Diagnostic-Code is a continuation line that nearly repeats itself, and a
   * transcript of megabytes that repeats the same words: the line is compared only at the starts
   * of a bounded number of the transcript's reply lines, so the cost does not grow with the
   * product of the two lengths.
   */
  @Test
  @Timeout(30)
  void aSelfSimilarDiagnosticCodeAgainstAHugeTranscriptFinishes() {
    String line = "550-" + "<<< 550-".repeat(120);
    StringBuilder m = new StringBuilder();
    m.append("From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.org>\n")
        .append("To: sender@example.org\n")
        .append("Subject: Returned mail: see transcript for details\n")
        .append("MIME-Version: 1.0\n")
        .append("Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\n\n")
        .append("--b1\n\n   ----- Transcript of session follows -----\n")
        .append("... while talking to mx.example.com.:\n>>> DATA\n")
        .append("<<< 550-".repeat(400_000))
        .append("\n\n--b1\nContent-Type: message/delivery-status\n\n")
        .append("Reporting-MTA: dns; relay.example.org\n\n")
        .append("Final-Recipient: rfc822; someone@example.com\nAction: failed\nStatus: 5.7.1\n")
        .append("Diagnostic-Code: smtp; ").append(line).append("\n--b1--\n");
    BounceReport report = PARSER.parse(m.toString().getBytes(StandardCharsets.US_ASCII));
    assertThat(report.recipients()).hasSize(1);
    assertThat(report.recipients().get(0).recipient()).isEqualTo("someone@example.com");
  }

  /**
   * A Diagnostic-Code continued over 100,000 lines, folded and unfolded: the lines are joined in
   * one buffer, so the cost grows with the length of the field, not with its square (joining
   * them one string at a time took more than half a second for this part alone).
   */
  @Test
  @Timeout(10)
  void aDiagnosticCodeOfAHundredThousandLinesFinishes() {
    StringBuilder m = new StringBuilder();
    m.append("From: Mail Delivery System <MAILER-DAEMON@relay.example.org>\n")
        .append("To: sender@example.org\n")
        .append("Subject: Undelivered Mail Returned to Sender\n")
        .append("MIME-Version: 1.0\n")
        .append("Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\n\n")
        .append("--b1\n\nfailed\n\n--b1\nContent-Type: message/delivery-status\n\n")
        .append("Reporting-MTA: dns; relay.example.org\n\n")
        .append("Final-Recipient: rfc822; someone@example.com\nAction: failed\nStatus: 5.1.1\n")
        .append("Diagnostic-Code: smtp; 550 5.1.1 user unknown\n")
        .append(" a\nb\n".repeat(50_000))
        .append("\n--b1--\n");
    BounceReport report = PARSER.parse(m.toString().getBytes(StandardCharsets.US_ASCII));
    assertThat(report.recipients()).hasSize(1);
    assertThat(report.recipients().get(0).diagnosticCode()).hasValueSatisfying(
        d -> assertThat(d).startsWith("550 5.1.1 user unknown"));
  }

  /**
   * U+0130 (a capital I with a dot) lower-cases to two characters with String.toLowerCase: the
   * readers lower-case character by character, so positions found in the lower-case text are
   * positions in the text, before and after such a letter.
   */
  @Test
  void aDottedCapitalIBeforeTheAddressKeepsPositionsAligned() {
    String m =
        "From: MAILER-DAEMON@example.net\nTo: a@example.com\nSubject: failure notice\n"
            + "Content-Type: text/plain; charset=utf-8\n\n"
            + "\u0130\u0130\u0130\u0130 There was an error delivering your mail to"
            + " <nobody@example.org>: 550 5.1.1 User unknown\n";
    BounceReport report = PARSER.parse(m.getBytes(StandardCharsets.UTF_8));
    assertThat(report.recipients()).hasSize(1);
    assertThat(report.recipients().get(0).recipient()).isEqualTo("nobody@example.org");
    assertThat(report.recipients().get(0).status()).map(Object::toString).hasValue("5.1.1");
  }
}
