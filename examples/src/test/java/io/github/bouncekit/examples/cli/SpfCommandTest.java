package io.github.bouncekit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.dns.testserver.LoopbackDnsServer;
import io.github.bouncekit.dns.testserver.Zone;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new BounceKitCli());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  private static String resolver() {
    return "127.0.0.1:" + server.address().getPort();
  }

  @Test
  void passAndFail() {
    String[] pass = run("spf", "--ip", "198.51.100.7", "--mail-from", "a@example.com", "--resolver", resolver());
    assertThat(pass[0]).isEqualTo("0");
    assertThat(pass[1]).contains("Result:       pass", "DNS look-ups: 2");
    String[] fail = run("spf", "--ip", "203.0.113.9", "--mail-from", "a@example.com", "--resolver", resolver());
    assertThat(fail[1]).contains("Result:       fail", "-all");
  }

  @Test
  void lintPrintsTheTreeAndTheRiskyTerms() {
    String[] r = run("spf-lint", "example.com", "--resolver", resolver());
    assertThat(r[1]).contains("example.com", "_spf.example.net", "ptr");
  }

  @Test
  void badIpIsAUsageError() {
    String[] r = run("spf", "--ip", "not-an-ip", "--mail-from", "a@example.com", "--resolver", resolver());
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--ip must be an IPv4 or IPv6 address");
  }
}
