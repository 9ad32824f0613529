package io.github.bouncekit.examples.cli;

import static io.github.bouncekit.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bouncekit.dns.testserver.LoopbackDnsServer;
import io.github.bouncekit.dns.testserver.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code bouncekit check} against a DNS server on 127.0.0.1. */
class CheckCommandTest {
  private static LoopbackDnsServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        LoopbackDnsServer.start(
            Zone.builder()
                .add("1.2.0.192.bl.spamcop.net", "A", "127.0.0.2")
                .add("1.2.0.192.in-addr.arpa", "PTR", "mail.example.com")
                .add("mail.example.com", "A", "192.0.2.1")
                .add("example.com", "TXT", "v=spf1 ip4:192.0.2.1 -all")
                .add("_dmarc.example.com", "TXT", "v=DMARC1; p=quarantine")
                .build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aReplyDecidesTheChecksAndTheRemediesFollowTheFindings() {
    String[] r =
        run("check", "--reply", "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using bl.spamcop.net",
            "--resolver", CliRun.resolver(server), "--timeout", "500");
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1])
        .contains("Diagnosis: blocklisted (contact_postmaster)")
        .contains("Checks:    dnsbl")
        .contains("PROBLEM    dnsbl    192.0.2.1: listed on spamcop")
        .contains("see https://www.spamcop.net/")
        .contains("Note:      the sending IP 192.0.2.1 was taken from the reply")
        .contains("Remedies:\n  1. ");
  }

  @Test
  void theBlocklistZonesCanBeChosen() {
    String[] r =
        run("check", "--ip", "192.0.2.9", "--checks", "dnsbl", "--zones", "spamcop,psbl",
            "--resolver", CliRun.resolver(server), "--timeout", "500");
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1])
        .contains("NO PROBLEM dnsbl    192.0.2.9: not listed on the 2 list(s) that answered: spamcop, psbl");
  }

  @Test
  void withoutAReplyTheChosenChecksRun() {
    String[] r =
        run("check", "example.com", "--ip", "192.0.2.1", "--mail-from", "bounces@example.com",
            "--checks", "spf,ptr,dmarc", "--resolver", CliRun.resolver(server), "--timeout", "500");
    // No selector: the DKIM check cannot answer, but SPF aligns, so DMARC passes.
    assertThat(r[0]).isEqualTo("3");
    assertThat(r[1])
        .contains("NO PROBLEM spf      example.com: SPF pass")
        .contains("UNKNOWN    dkim-key -: not checked: no DKIM selector given")
        .contains("NO PROBLEM dmarc    example.com: DMARC pass (policy quarantine)")
        .contains("NO PROBLEM ptr      192.0.2.1: 192.0.2.1 has the PTR name mail.example.com")
        .doesNotContain("Remedies:");
  }

  @Test
  void jsonOutput() throws Exception {
    String[] r =
        run("check", "--json", "--ip", "192.0.2.9", "--mail-from", "a@example.com", "--reply",
            "550 5.7.23 The message was rejected because of Sender Policy Framework violation",
            "--resolver", CliRun.resolver(server), "--timeout", "500");
    assertThat(r[0]).isEqualTo("1");
    JsonNode j = DiagnosisJson.MAPPER.readTree(r[1]);
    assertThat(j.at("/diagnosis/cause").asText()).isEqualTo("auth_spf");
    assertThat(j.at("/checks/0").asText()).isEqualTo("spf");
    assertThat(j.at("/findings/0/verdict").asText()).isEqualTo("problem");
    assertThat(j.at("/findings/0/summary").asText()).startsWith("SPF fail");
    assertThat(j.at("/remedies/0").asText()).isIn("publish-spf", "fix-spf-include", "outlook-spf-include");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    String[] ip = run("check", "--ip", "mail.example.com", "--resolver", CliRun.resolver(server));
    assertThat(ip[0]).isEqualTo("2");
    assertThat(ip[2]).contains("not an IP address");
    String[] sel = run("check", "--selector", "s1", "--resolver", CliRun.resolver(server));
    assertThat(sel[0]).isEqualTo("2");
    assertThat(sel[2]).contains("--selector s1 needs a domain");
    String[] both = run("check", "--reply", "550 x", "--checks", "spf", "--resolver", CliRun.resolver(server));
    assertThat(both[0]).isEqualTo("2");
    assertThat(both[2]).contains("not both");
    String[] zone = run("check", "--ip", "192.0.2.1", "--zones", "sorbs", "--resolver", CliRun.resolver(server));
    assertThat(zone[0]).isEqualTo("2");
    assertThat(zone[2]).contains("no zone 'sorbs'");
    String[] check = run("check", "--checks", "spf,sorbs", "--resolver", CliRun.resolver(server));
    assertThat(check[0]).isEqualTo("2");
    assertThat(check[2]).contains("no check 'sorbs'");
  }
}
