package io.github.bouncekit.dns.dnsjava;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.dns.DnsAnswer;
import io.github.bouncekit.dns.MxRecord;
import io.github.bouncekit.dns.TxtRecord;
import io.github.bouncekit.dns.testserver.LoopbackDnsServer;
import io.github.bouncekit.dns.testserver.Zone;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dnsjava client over real UDP and TCP against a DNS server on 127.0.0.1. */
class DnsjavaClientTest {
  private static final Duration TIMEOUT = Duration.ofMillis(400);
  private static LoopbackDnsServer server;

  @BeforeAll
  static void start() throws Exception {
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      big.append("x");
    }
    Zone.Builder zone =
        Zone.builder()
            .add("example.com", "A", "192.0.2.1")
            .add("example.com", "A", "192.0.2.2")
            .add("example.com", "AAAA", "2001:db8::1")
            .add("example.com", "TXT", "v=spf1 ", "ip4:192.0.2.0/24 -all")
            .add("example.com", "MX", 10, "mx1.example.com")
            .add("example.com", "MX", 20, "mx2.example.com")
            .add("nullmx.example.com", "MX", 0, ".")
            .add("1.2.0.192.in-addr.arpa", "PTR", "mail.example.com")
            .add("alias.example.com", "CNAME", "example.com")
            .add("nodata.example.com", "A", "192.0.2.9")
            .servfail("servfail.example.com")
            .refused("refused.example.com")
            .timeout("timeout.example.com")
            .delay("slow.example.com", Duration.ofMillis(150))
            .add("slow.example.com", "A", "192.0.2.5")
            .truncate("big.example.com");
    for (int i = 0; i < 20; i++) {
      zone.add("big.example.com", "TXT", "record-" + i + "-" + big);
    }
    server = LoopbackDnsServer.start(zone.build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static DnsjavaClient client(boolean cache) {
    return DnsjavaClient.builder().resolver(server.address()).timeout(TIMEOUT).cache(cache).build();
  }

  private static <T> DnsAnswer<T> get(java.util.concurrent.CompletionStage<DnsAnswer<T>> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void answersEveryType() throws Exception {
    try (DnsjavaClient dns = client(false)) {
      assertThat(get(dns.a("example.com")).values())
          .containsExactlyInAnyOrder(
              InetAddress.getByName("192.0.2.1"), InetAddress.getByName("192.0.2.2"));
      assertThat(get(dns.aaaa("example.com.")).values())
          .containsExactly(InetAddress.getByName("2001:db8::1"));
      DnsAnswer<TxtRecord> txt = get(dns.txt("EXAMPLE.com"));
      assertThat(txt.values()).singleElement().satisfies(t -> {
        assertThat(t.strings()).containsExactly("v=spf1 ", "ip4:192.0.2.0/24 -all");
        assertThat(t.text()).isEqualTo("v=spf1 ip4:192.0.2.0/24 -all");
      });
      assertThat(((DnsAnswer.Records<TxtRecord>) txt).ttl()).isEqualTo(Duration.ofSeconds(300));
      assertThat(get(dns.mx("example.com")).values())
          .containsExactlyInAnyOrder(new MxRecord(10, "mx1.example.com"), new MxRecord(20, "mx2.example.com"));
      assertThat(get(dns.mx("nullmx.example.com")).values())
          .singleElement()
          .satisfies(m -> assertThat(m.isNullMx()).isTrue());
      assertThat(get(dns.ptr(InetAddress.getByName("192.0.2.1"))).values()).containsExactly("mail.example.com");
      assertThat(get(dns.cname("alias.example.com")).values()).containsExactly("example.com");
      assertThat(get(dns.a("alias.example.com")).values()).hasSize(2);
    }
  }

  @Test
  void nxdomainAndNodataAreDifferentDefiniteAnswers() {
    try (DnsjavaClient dns = client(false)) {
      assertThat(get(dns.a("nope.example.com"))).isInstanceOf(DnsAnswer.NxDomain.class);
      assertThat(get(dns.txt("nodata.example.com"))).isInstanceOf(DnsAnswer.NoData.class);
      assertThat(get(dns.txt("nodata.example.com")).isDefinite()).isTrue();
    }
  }

  @Test
  void serverFailuresAreFailuresNotEmptyAnswers() {
    try (DnsjavaClient dns = client(false)) {
      DnsAnswer<InetAddress> servfail = get(dns.a("servfail.example.com"));
      assertThat(servfail.isDefinite()).isFalse();
      assertThat(servfail.failure()).get().extracting(DnsAnswer.Failure::kind)
          .isEqualTo(DnsAnswer.Failure.Kind.SERVFAIL);
      DnsAnswer<InetAddress> refused = get(dns.a("refused.example.com"));
      assertThat(refused.isDefinite()).isFalse();
      assertThat(refused.failure()).get().extracting(DnsAnswer.Failure::kind)
          .isIn(DnsAnswer.Failure.Kind.REFUSED, DnsAnswer.Failure.Kind.SERVFAIL);
    }
  }

  @Test
  void aTimeoutIsAFailureWithinTheDeadline() {
    try (DnsjavaClient dns = client(false)) {
      long t0 = System.nanoTime();
      DnsAnswer<TxtRecord> answer = get(dns.txt("timeout.example.com"));
      Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(answer.failure()).get().extracting(DnsAnswer.Failure::kind)
          .isEqualTo(DnsAnswer.Failure.Kind.TIMEOUT);
      assertThat(elapsed).isLessThan(TIMEOUT.multipliedBy(2).plusMillis(750));
    }
  }

  @Test
  void anUnreachableResolverGivesAFailureNotAHang() throws Exception {
    InetSocketAddress nobody;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    }
    try (DnsjavaClient dns = DnsjavaClient.builder().resolver(nobody).timeout(TIMEOUT).build()) {
      long t0 = System.nanoTime();
      DnsAnswer<InetAddress> answer = get(dns.a("example.com"));
      assertThat(answer.isDefinite()).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(TIMEOUT.multipliedBy(2).plusMillis(750));
    }
  }

  @Test
  void truncatedUdpAnswersAreRetriedOverTcp() {
    try (DnsjavaClient dns = client(false)) {
      int tcpBefore = server.tcpQueries();
      DnsAnswer<TxtRecord> answer = get(dns.txt("big.example.com"));
      assertThat(answer.values()).hasSize(20);
      assertThat(server.tcpQueries()).isGreaterThan(tcpBefore);
    }
  }

  @Test
  void theCacheAnswersRepeatedQueries() {
    try (DnsjavaClient dns = client(true)) {
      get(dns.mx("example.com"));
      get(dns.a("nope-cached.example.com"));
      int before = server.udpQueries() + server.tcpQueries();
      assertThat(get(dns.mx("example.com")).values()).hasSize(2);
      assertThat(get(dns.a("nope-cached.example.com"))).isInstanceOf(DnsAnswer.NxDomain.class);
      assertThat(server.udpQueries() + server.tcpQueries()).isEqualTo(before);
    }
    try (DnsjavaClient dns = client(false)) {
      get(dns.mx("example.com"));
      int before = server.udpQueries() + server.tcpQueries();
      get(dns.mx("example.com"));
      assertThat(server.udpQueries() + server.tcpQueries()).isGreaterThan(before);
    }
  }

  @Test
  void identicalQueriesInFlightAreShared() {
    try (DnsjavaClient dns = client(false)) {
      int before = server.udpQueries() + server.tcpQueries();
      CompletableFuture<DnsAnswer<InetAddress>> one = dns.a("slow.example.com").toCompletableFuture();
      CompletableFuture<DnsAnswer<InetAddress>> two = dns.a("SLOW.example.com").toCompletableFuture();
      assertThat(one.join().values()).hasSize(1);
      assertThat(two.join()).isEqualTo(one.join());
      assertThat(server.udpQueries() + server.tcpQueries() - before).isEqualTo(1);
    }
  }

  @Test
  void invalidNamesAreFailuresNotExceptions() {
    try (DnsjavaClient dns = client(false)) {
      DnsAnswer<InetAddress> a = get(dns.a("a".repeat(64) + ".example.com"));
      assertThat(a.isDefinite()).isFalse();
      assertThat(a.failure()).get().extracting(DnsAnswer.Failure::detail).asString().contains("not a valid");
    }
  }

  @Test
  void builderChecksItsArguments() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DnsjavaClient.builder().timeout(Duration.ZERO))
        .hasMessageContaining("timeout must be positive");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DnsjavaClient.builder().cacheSize(0))
        .hasMessageContaining("cacheSize must be positive");
    try (DnsjavaClient dns = client(true)) {
      assertThat(dns.resolvers()).isEqualTo(List.of(server.address()));
      assertThat(dns.timeout()).isEqualTo(TIMEOUT);
    }
  }
}
