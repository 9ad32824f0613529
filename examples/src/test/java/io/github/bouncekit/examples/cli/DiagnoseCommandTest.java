package io.github.bouncekit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DiagnoseCommandTest {
  private static String[] run(String stdin, String... args) {
    InputStream old = System.in;
    try {
      if (stdin != null) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      }
      return CliRun.run(args);
    } finally {
      System.setIn(old);
    }
  }

  @Test
  void printsAReadableDiagnosis() {
    String[] r = run(null, "diagnose", "550 5.7.1 Service unavailable; client [192.0.2.1] blocked using zen.spamhaus.org");
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1]).contains("Cause:          blocklisted", "Remedies:", "zen.spamhaus.org");
  }

  @Test
  void jsonHasTheDesignsFieldNames() throws Exception {
    String[] r = run(null, "diagnose", "--json", "550 5.1.1 <a@example.com>: Recipient address rejected: User unknown");
    JsonNode j = new ObjectMapper().readTree(r[1]);
    assertThat(j.get("replyCode").asInt()).isEqualTo(550);
    assertThat(j.get("enhancedCode").asText()).isEqualTo("5.1.1");
    assertThat(j.get("cause").asText()).isEqualTo("user_unknown");
    assertThat(j.get("action").asText()).isEqualTo("suppress_recipient");
    assertThat(j.get("permanence").asText()).isEqualTo("permanent");
    assertThat(j.has("provider")).isTrue();
    assertThat(j.get("ruleId").asText()).isNotEmpty();
    assertThat(j.get("remedies").isArray()).isTrue();
    assertThat(j.get("facts").has("ipAddresses")).isTrue();
  }

  @Test
  void jsonLinesKeepOrderUnescapeAndAnswerEveryLine() throws Exception {
    String input = "550 5.1.1 user unknown\n"
        + "550-5.7.26 Unauthenticated email is not accepted due to domain's\\n550 5.7.26 DMARC policy - gsmtp\n"
        + "gibberish\twith a tab\n"
        + "\n";
    String[] r = run(input, "diagnose", "--jsonl");
    String[] lines = r[1].split("\n");
    assertThat(lines).hasSize(4);
    ObjectMapper m = new ObjectMapper();
    assertThat(m.readTree(lines[0]).get("cause").asText()).isEqualTo("user_unknown");
    assertThat(m.readTree(lines[1]).get("cause").asText()).isEqualTo("auth_dmarc");
    assertThat(m.readTree(lines[1]).get("provider").asText()).isEqualTo("gmail");
    assertThat(m.readTree(lines[2]).get("cause").asText()).isEqualTo("unknown");
    assertThat(m.readTree(lines[3]).get("cause").asText()).isEqualTo("unknown");
  }

  @Test
  void jsonAndTextNameTheRemoteHostAndStageTheReplyShows() throws Exception {
    String reply = "host mx.example.net[192.0.2.9] said: 550 5.1.1 <a@example.net>: Recipient address"
        + " rejected: User unknown (in reply to RCPT TO command)";
    JsonNode j = new ObjectMapper().readTree(run(null, "diagnose", "--json", reply)[1]);
    assertThat(j.get("remoteHost").asText()).isEqualTo("mx.example.net");
    assertThat(j.get("stage").asText()).isEqualTo("rcpt_to");
    assertThat(run(null, "diagnose", reply)[1]).contains("Remote host:    mx.example.net", "SMTP stage:     RCPT_TO");
    JsonNode bare = new ObjectMapper().readTree(run(null, "diagnose", "--json", "550 5.1.1 User unknown")[1]);
    assertThat(bare.has("remoteHost")).isFalse();
    assertThat(bare.has("stage")).isFalse();
  }

  @Test
  void escapes() {
    assertThat(DiagnoseCommand.unescape("a\\nb\\tc\\\\n")).isEqualTo("a\nb\tc\\n");
  }

  @Test
  void missingReplyIsAUsageError() {
    String[] r = run(null, "diagnose");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("give a REPLY");
  }
}
