package io.github.bouncekit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseCommandTest {
  // A DSN for an alias: the message went to sales@, which expanded to an address that is gone.
  private static final String ALIAS_DSN =
      "From: MAILER-DAEMON@mail.example.org (Mail Delivery System)\n"
          + "To: shop@example.com\n"
          + "Subject: Undelivered Mail Returned to Sender\n"
          + "Auto-Submitted: auto-replied\n"
          + "MIME-Version: 1.0\n"
          + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r1\"\n"
          + "\n"
          + "--r1\n"
          + "Content-Type: text/plain\n"
          + "\n"
          + "I'm sorry to have to inform you that your message could not be delivered.\n"
          + "--r1\n"
          + "Content-Type: message/delivery-status\n"
          + "\n"
          + "Reporting-MTA: dns; mail.example.org\n"
          + "\n"
          + "Final-Recipient: rfc822; k.lund@old.example.net\n"
          + "Original-Recipient: rfc822;sales@example.org\n"
          + "Action: failed\n"
          + "Status: 5.1.1\n"
          + "Remote-MTA: dns; mx.old.example.net\n"
          + "Diagnostic-Code: smtp; 550 5.1.1 <k.lund@old.example.net>: Recipient address"
          + " rejected: User unknown in local recipient table\n"
          + "--r1\n"
          + "Content-Type: text/rfc822-headers\n"
          + "\n"
          + "Message-ID: <order-4411@example.com>\n"
          + "From: shop@example.com\n"
          + "To: sales@example.org\n"
          + "Subject: Your order\n"
          + "--r1--\n";

  private static final String NOT_A_BOUNCE =
      "From: A Person <a.person@example.com>\n"
          + "To: shop@example.com\n"
          + "Subject: Opening hours\n"
          + "\n"
          + "Are you open on Sunday?\n";

  @Test
  void jsonLinesGiveOneObjectPerRecordWithTheOriginalRecipient(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("1-alias.eml"), ALIAS_DSN, StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve("2-question.eml"), NOT_A_BOUNCE, StandardCharsets.US_ASCII);
    String[] r = CliRun.run("parse", "--jsonl", dir.toString());
    assertThat(r[0]).isEqualTo("0");
    String[] lines = r[1].split("\n");
    assertThat(lines).hasSize(2);
    ObjectMapper m = new ObjectMapper();
    JsonNode dsn = m.readTree(lines[0]);
    assertThat(dsn.get("file").asText()).endsWith("1-alias.eml");
    assertThat(dsn.get("kind").asText()).isEqualTo("dsn");
    assertThat(dsn.get("recipient").asText()).isEqualTo("k.lund@old.example.net");
    assertThat(dsn.get("originalRecipient").asText()).isEqualTo("sales@example.org");
    assertThat(dsn.get("dsnAction").asText()).isEqualTo("failed");
    assertThat(dsn.get("status").asText()).isEqualTo("5.1.1");
    assertThat(dsn.get("replyCode").asInt()).isEqualTo(550);
    assertThat(dsn.get("remoteMta").asText()).isEqualTo("mx.old.example.net");
    assertThat(dsn.get("cause").asText()).isEqualTo("user_unknown");
    assertThat(dsn.get("action").asText()).isEqualTo("suppress_recipient");
    assertThat(dsn.get("ruleId").asText()).isNotEmpty();
    assertThat(dsn.get("originalMessageId").asText()).isEqualTo("order-4411@example.com");
    assertThat(dsn.get("feedbackType").isNull()).isTrue();
    JsonNode other = m.readTree(lines[1]);
    assertThat(other.get("kind").asText()).isEqualTo("not_bounce");
    assertThat(other.get("recipient").isNull()).isTrue();
  }

  @Test
  void theReadableReportNamesTheOriginalRecipient(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("alias.eml");
    Files.writeString(f, ALIAS_DSN, StandardCharsets.US_ASCII);
    String[] r = CliRun.run("parse", f.toString());
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1])
        .contains("k.lund@old.example.net", "original:   sales@example.org", "user_unknown");
  }

  @Test
  void aMissingFileIsReportedAndFailsTheRun(@TempDir Path dir) {
    String[] r = CliRun.run("parse", dir.resolve("nope.eml").toString());
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[2]).contains("no such file or folder");
  }
}
