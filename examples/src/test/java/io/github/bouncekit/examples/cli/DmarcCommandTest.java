package io.github.bouncekit.examples.cli;

import static io.github.bouncekit.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.dns.testserver.LoopbackDnsServer;
import io.github.bouncekit.dns.testserver.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code bouncekit dmarc} against a DNS server on 127.0.0.1. */
class DmarcCommandTest {
  private static LoopbackDnsServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        LoopbackDnsServer.start(
            Zone.builder()
                .add("mail.example.com", "A", "192.0.2.1")
                .add(
                    "_dmarc.example.com",
                    "TXT",
                    "v=DMARC1; p=reject; sp=quarantine; pct=50; rua=mailto:d@reports.example.net")
                .add("example.com._report._dmarc.reports.example.net", "TXT", "v=DMARC1")
                .servfail("_dmarc.broken.example")
                .build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void treeWalkFindsTheOrganizationalRecord() {
    String[] r = run("dmarc", "mail.example.com", "--resolver", CliRun.resolver(server));
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1])
        .contains(
            "Status:          found",
            "Policy domain:   example.com",
            "Policy applied:  quarantine (by sp)",
            "Queried:         _dmarc.mail.example.com, _dmarc.example.com, _dmarc.com",
            "pct: removed by RFC 9989",
            "mailto:d@reports.example.net: authorized");
  }

  @Test
  void rfc7489ModeAndTheDmarcResult() {
    String[] r =
        run("dmarc", "mail.example.com", "--rfc7489", "--dkim-domain", "example.com",
            "--resolver", CliRun.resolver(server));
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1]).contains("RFC 7489 (Public Suffix List)", "pct=50", "DMARC result:    pass");
    String[] fail =
        run("dmarc", "mail.example.com", "--spf-domain", "example.net", "--resolver", CliRun.resolver(server));
    assertThat(fail[1]).contains("DMARC result:    fail", "Disposition:     quarantine");
  }

  @Test
  void noPolicyAndDnsFailureHaveTheirExitStatus() {
    assertThat(run("dmarc", "nothing.example", "--resolver", CliRun.resolver(server))[0]).isEqualTo("1");
    String[] broken = run("dmarc", "broken.example", "--resolver", CliRun.resolver(server));
    assertThat(broken[0]).isEqualTo("3");
    assertThat(broken[1]).contains("Status:          temperror", "SERVFAIL");
  }

  @Test
  void pslNeedsRfc7489() {
    String[] r = run("dmarc", "example.com", "--psl", "/nonexistent", "--resolver", CliRun.resolver(server));
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--psl needs --rfc7489");
  }
}
