package io.github.bouncekit.examples.cli;

import static io.github.bouncekit.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.dns.testserver.LoopbackDnsServer;
import io.github.bouncekit.dns.testserver.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code bouncekit dnsbl} against a DNS server on 127.0.0.1. */
class DnsblCommandTest {
  private static LoopbackDnsServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        LoopbackDnsServer.start(
            Zone.builder()
                .add("99.2.0.192.zen.spamhaus.org", "A", "127.0.0.4")
                .add("99.2.0.192.zen.spamhaus.org", "TXT", "https://check.spamhaus.org/query/ip/192.0.2.99")
                .exists("bl.spamcop.net")
                .servfail("99.2.0.192.b.barracudacentral.org")
                .add("example.com.multi.uribl.com", "A", "127.0.0.1")
                .add("2.0.0.127.bl.spamcop.net", "A", "127.0.0.2")
                .add("k3y.zen.dq.spamhaus.net", "A", "127.0.0.2")
                .add("1.2.0.192.k3y.zen.dq.spamhaus.net", "A", "127.0.0.10")
                .build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void listingsErrorsAndNotListed() {
    String[] r =
        run("dnsbl", "192.0.2.99", "--zones", "spamhaus-zen,spamcop,barracuda,uribl",
            "--resolver", CliRun.resolver(server), "--timeout", "500");
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1])
        .contains("Target:   192.0.2.99 (ip4)")
        .contains("LISTED      spamhaus-zen  127.0.0.4")
        .contains("XBL: exploited or infected host")
        .contains("reason: https://check.spamhaus.org/query/ip/192.0.2.99")
        .contains("NOT LISTED  spamcop       NXDOMAIN")
        .contains("ERROR       barracuda     SERVFAIL")
        .contains("Not asked (they do not list ip4): uribl")
        .contains("Summary:  1 listed, 1 not listed, 1 errors of 3 zones");
  }

  @Test
  void aRefusedQueryIsAnErrorNotAListing() {
    String[] r = run("dnsbl", "Example.COM.", "--zones", "uribl", "--resolver", CliRun.resolver(server));
    assertThat(r[0]).isEqualTo("3");
    assertThat(r[1]).contains("ERROR       uribl         127.0.0.1: error: query refused");
  }

  @Test
  void theProbeFlagsADeadList() {
    // spamcop's test point 127.0.0.2 is listed, 127.0.0.1 is not: healthy, so NOT LISTED stands.
    String[] ok = run("dnsbl", "192.0.2.1", "--zones", "spamcop", "--probe", "--resolver", CliRun.resolver(server));
    assertThat(ok[0]).isEqualTo("0");
    assertThat(ok[1]).contains("NOT LISTED  spamcop");
    // psbl answers NXDOMAIN for its test point too: unusable, never "not listed".
    String[] dead = run("dnsbl", "192.0.2.1", "--zones", "psbl", "--probe", "--resolver", CliRun.resolver(server));
    assertThat(dead[0]).isEqualTo("3");
    assertThat(dead[1]).contains("ERROR       psbl          test point 127.0.0.2 NOT listed");
  }

  @Test
  void aDqsKeyQueriesTheKeyedZoneWithoutPrintingTheKey() {
    String[] r = run("dnsbl", "192.0.2.1", "--zones", "spamhaus-zen", "--dqs-key", "K3Y", "--resolver", CliRun.resolver(server));
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1]).contains("LISTED      spamhaus-zen  127.0.0.10").doesNotContainIgnoringCase("k3y");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    String[] ip = run("dnsbl", "1.2.3.456", "--resolver", CliRun.resolver(server));
    assertThat(ip[0]).isEqualTo("2");
    assertThat(ip[2]).contains("neither an IPv4 address");
    String[] zone = run("dnsbl", "192.0.2.1", "--zones", "sorbs", "--resolver", CliRun.resolver(server));
    assertThat(zone[0]).isEqualTo("2");
    assertThat(zone[2]).contains("no zone 'sorbs'");
  }
}
