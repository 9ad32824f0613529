package io.github.bouncekit.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.status.EnhancedStatusCode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which enhanced status a record reports when the DSN's Status and the remote reply differ. */
class BounceStatusTest {
  private static final BounceParser PARSER = BounceParser.defaults();

  private static byte[] dsn(String status, String diagnostic) {
    String m =
        "From: MAILER-DAEMON@mail.example.com\r\n"
            + "To: sender@example.com\r\n"
            + "Subject: Undelivered Mail Returned to Sender\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n"
            + "\r\n"
            + "--b1\r\n"
            + "Content-Type: text/plain\r\n"
            + "\r\n"
            + "Your message could not be delivered.\r\n"
            + "--b1\r\n"
            + "Content-Type: message/delivery-status\r\n"
            + "\r\n"
            + "Reporting-MTA: dns; mail.example.com\r\n"
            + "\r\n"
            + "Final-Recipient: rfc822; someone@example.net\r\n"
            + "Action: failed\r\n"
            + "Status: " + status + "\r\n"
            + "Diagnostic-Code: smtp; " + diagnostic + "\r\n"
            + "--b1--\r\n";
    return m.getBytes(StandardCharsets.US_ASCII);
  }

  @ParameterizedTest(name = "Status {0} + \"{1}\" -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // The DSN's generic code gives way to the remote server's own.
        "5.0.0 | 550 5.1.1 <someone@example.net>: Recipient address rejected: User unknown | 5.1.1",
        // Another detail of the same class: the remote server's.
        "5.2.1 | 550 5.2.2 <someone@example.net>... Mailbox Full | 5.2.2",
        // A remote subject-only code (X.1.0) does not replace the DSN's detail (X.1.1).
        "5.1.1 | 550 #5.1.0 Address rejected someone@example.net | 5.1.1",
        // A remote X.0.0 does not replace the DSN's X.3.0.
        "5.3.0 | 550 5.0.0 <someone@example.net>... Insufficient permission | 5.3.0",
        // Another class: the DSN's.
        "5.1.1 | 450 4.2.0 try later | 5.1.1",
        // No remote enhanced code: the DSN's.
        "5.7.1 | 554 Transaction failed | 5.7.1",
      })
  void picksTheMostSpecificCodeOfTheClass(String status, String diagnostic, String expected) {
    BounceReport r = PARSER.parse(dsn(status, diagnostic));
    assertThat(r.recipients()).hasSize(1);
    assertThat(r.recipients().get(0).status()).contains(EnhancedStatusCode.parse(expected));
  }
}
