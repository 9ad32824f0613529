package io.github.bouncekit.examples.cli;

import static io.github.bouncekit.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.dns.testserver.LoopbackDnsServer;
import io.github.bouncekit.dns.testserver.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code bouncekit spf} and {@code spf-lint} against a DNS server on 127.0.0.1. */
class SpfCommandTest {
  private static LoopbackDnsServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        LoopbackDnsServer.start(
            Zone.builder()
                .add("example.com", "TXT", "v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all")
                .add("_spf.example.net", "TXT", "v=spf1 a:mail.example.net ptr ~all")
                .add("mail.example.net", "A", "198.51.100.7")
                .build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void passAndFail() {
    String[] pass = run("spf", "--ip", "198.51.100.7", "--mail-from", "a@example.com", "--resolver", CliRun.resolver(server));
    assertThat(pass[0]).isEqualTo("0");
    assertThat(pass[1]).contains("Result:       pass", "DNS look-ups: 2");
    String[] fail = run("spf", "--ip", "203.0.113.9", "--mail-from", "a@example.com", "--resolver", CliRun.resolver(server));
    assertThat(fail[1]).contains("Result:       fail", "-all");
  }

  @Test
  void lintPrintsTheTreeAndTheRiskyTerms() {
    String[] r = run("spf-lint", "example.com", "--resolver", CliRun.resolver(server));
    assertThat(r[1]).contains("example.com", "_spf.example.net", "ptr");
  }

  @Test
  void badIpIsAUsageError() {
    String[] r = run("spf", "--ip", "not-an-ip", "--mail-from", "a@example.com", "--resolver", CliRun.resolver(server));
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--ip must be an IPv4 or IPv6 address");
  }
}
