package io.github.bouncekit.dns.spf;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.dns.dnsjava.DnsjavaClient;
import io.github.bouncekit.dns.testserver.LoopbackDnsServer;
import io.github.bouncekit.dns.testserver.Zone;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SpfEvaluator} over the real {@link DnsjavaClient} (UDP, and TCP after a truncated answer)
 * against the {@link LoopbackDnsServer} serving faults on purpose: time-outs, SERVFAIL, REFUSED,
 * truncation, an unreachable resolver and slow answers.
 *
 * <p>The time bounds. The client is built with a {@value #CLIENT_TIMEOUT_MS} ms timeout per query;
 * {@link DnsjavaClient} bounds every query by twice its timeout plus 250 ms (the resolver's own
 * time-out, then a hard deadline on the whole look-up), so one failed query costs at most {@value
 * #CLIENT_TIMEOUT_MS} x 2 + 250 = 850 ms. Every scenario below meets at most one failing query
 * before the evaluation ends, so a result must arrive within that, plus {@value #MARGIN_MS} ms of
 * scheduling margin for this noisy 2-core build machine: {@link #BOUND}. The evaluator's own bound
 * ({@link #EVALUATOR_TIMEOUT}, 4 s) is well above it, so a result within {@link #BOUND} whose reason
 * names the DNS failure shows that the DNS time-out, not the evaluator's safety net, ended the
 * evaluation. In practice a dropped query ends at the client's hard deadline (about 850 ms, not
 * 300 ms): dnsjava 3.7 notices its own UDP time-outs only when its NIO selector wakes up, by
 * default once a second ({@code dnsjava.nio.selector_timeout}). Warm-up evaluations run first so
 * that class loading and dnsjava's initialisation are not counted.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SpfFaultTest {
  static final long CLIENT_TIMEOUT_MS = 300;
  static final long MARGIN_MS = 650;
  static final Duration CLIENT_TIMEOUT = Duration.ofMillis(CLIENT_TIMEOUT_MS);

  /** The client's hard deadline for one query (2 x timeout + 250 ms), plus scheduling margin. */
  static final Duration BOUND = Duration.ofMillis(CLIENT_TIMEOUT_MS * 2 + 250 + MARGIN_MS);

  /** The bound on a whole evaluation; well above {@link #BOUND}. */
  static final Duration EVALUATOR_TIMEOUT = Duration.ofSeconds(4);

  static final InetAddress INSIDE = ip("192.0.2.10");
  static final InetAddress OUTSIDE = ip("198.51.100.7");

  @BeforeAll
  static void warmUp() throws IOException {
    assertThat(BOUND).isLessThan(EVALUATOR_TIMEOUT);
    Zone zone =
        Zone.builder()
            .add("warm.example", "TXT", "v=spf1 a mx include:inc.warm.example -all")
            .add("warm.example", "A", "192.0.2.1")
            .add("warm.example", "MX", 10, "mx.warm.example")
            .add("mx.warm.example", "A", "192.0.2.2")
            .add("inc.warm.example", "TXT", "v=spf1 ip4:192.0.2.0/24 -all")
            .build();
    try (LoopbackDnsServer server = LoopbackDnsServer.start(zone);
        DnsjavaClient dns = client(server.address())) {
      for (int i = 0; i < 3; i++) {
        assertThat(evaluator(dns).checkHostSync(INSIDE, "warm.example", "a@warm.example", "h"))
            .extracting(SpfResult::code)
            .isEqualTo(SpfResult.Code.PASS);
      }
    }
  }

  // ---- (a) a time-out of the SPF record's own TXT query --------------------------------------

  @Test
  void txtTimeoutIsTemperrorWithinTheDeadline() throws IOException {
    Zone zone = Zone.builder().timeout("example.com").build();
    Timed t = evaluate(zone, "example.com");
    assertTemperror(t, "DNS timeout for example.com TXT");
    // It really waited for the client's time-out: not an instant failure.
    assertThat(t.elapsed).isGreaterThanOrEqualTo(CLIENT_TIMEOUT.minusMillis(50));
    assertThat(t.server.udpQueries()).isPositive();
  }

  @Test
  void txtTimeoutOfTheTypeAloneIsTemperror() throws IOException {
    // The name answers other types; only TXT is dropped.
    Zone zone =
        Zone.builder()
            .add("example.com", "A", "192.0.2.10")
            .timeout("example.com", "TXT")
            .build();
    assertTemperror(evaluate(zone, "example.com"), "DNS timeout for example.com TXT");
  }

  // ---- (b) time-outs deeper in the evaluation ------------------------------------------------

  @Test
  void timeoutInIncludeTargetIsTemperror() throws IOException {
    Zone zone =
        Zone.builder()
            .add("example.com", "TXT", "v=spf1 include:_spf.example.net -all")
            .timeout("_spf.example.net")
            .build();
    Timed t = evaluate(zone, "example.com");
    assertTemperror(t, "DNS timeout for _spf.example.net TXT");
    assertThat(t.server.queries()).contains("example.com TXT", "_spf.example.net TXT");
  }

  @Test
  void timeoutInNestedIncludeIsTemperror() throws IOException {
    Zone zone =
        Zone.builder()
            .add("example.com", "TXT", "v=spf1 include:a.example.net -all")
            .add("a.example.net", "TXT", "v=spf1 ip4:203.0.113.0/24 include:b.example.net ~all")
            .timeout("b.example.net")
            .build();
    assertTemperror(evaluate(zone, "example.com"), "DNS timeout for b.example.net TXT");
  }

  @Test
  void timeoutOfAnALookupIsTemperror() throws IOException {
    Zone zone =
        Zone.builder()
            .add("example.com", "TXT", "v=spf1 a:hosts.example.com -all")
            .timeout("hosts.example.com", "A")
            .build();
    Timed t = evaluate(zone, "example.com");
    assertTemperror(t, "DNS timeout for hosts.example.com A");
    assertThat(t.result.mechanism()).contains("a:hosts.example.com");
  }

  @Test
  void timeoutOfTheMxLookupIsTemperror() throws IOException {
    Zone zone =
        Zone.builder()
            .add("example.com", "TXT", "v=spf1 mx -all")
            .timeout("example.com", "MX")
            .build();
    Timed t = evaluate(zone, "example.com");
    assertTemperror(t, "DNS timeout for example.com MX");
    assertThat(t.result.mechanism()).contains("mx");
  }

  @Test
  void timeoutOfAnMxHostsAddressIsTemperror() throws IOException {
    Zone zone =
        Zone.builder()
            .add("example.com", "TXT", "v=spf1 mx -all")
            .add("example.com", "MX", 10, "mx1.example.com")
            .timeout("mx1.example.com", "A")
            .build();
    assertTemperror(evaluate(zone, "example.com"), "DNS timeout for mx1.example.com A");
  }

  // ---- (c) SERVFAIL and REFUSED --------------------------------------------------------------

  @Test
  void servfailForTheRecordIsTemperror() throws IOException {
    Zone zone = Zone.builder().servfail("example.com").build();
    Timed t = evaluate(zone, "example.com");
    assertTemperror(t, "example.com TXT");
    assertThat(t.result.reason()).contains("SERVFAIL");
    // An answer, not a time-out: no need to wait for the client's deadline.
    assertThat(t.elapsed).isLessThan(CLIENT_TIMEOUT);
  }

  @Test
  void refusedForTheRecordIsTemperror() throws IOException {
    Zone zone = Zone.builder().refused("example.com").build();
    Timed t = evaluate(zone, "example.com");
    assertTemperror(t, "example.com TXT");
    assertThat(t.elapsed).isLessThan(CLIENT_TIMEOUT);
  }

  @Test
  void servfailInIncludeTargetIsTemperror() throws IOException {
    Zone zone =
        Zone.builder()
            .add("example.com", "TXT", "v=spf1 include:_spf.example.net -all")
            .servfail("_spf.example.net")
            .build();
    assertTemperror(evaluate(zone, "example.com"), "_spf.example.net TXT");
  }

  @Test
  void refusedForAnALookupIsTemperror() throws IOException {
    Zone zone =
        Zone.builder()
            .add("example.com", "TXT", "v=spf1 a:hosts.example.com -all")
            .refused("hosts.example.com")
            .build();
    assertTemperror(evaluate(zone, "example.com"), "hosts.example.com A");
  }

  // ---- (d) truncation and the retry over TCP -------------------------------------------------

  @Test
  void largeTxtRrsetIsRetriedOverTcpAndEvaluates() throws IOException {
    // The SPF record among eight 250-byte TXT records: about 2.1 KB, over the 1,280-byte EDNS
    // payload that dnsjava advertises, so the server sets TC over UDP and answers over TCP.
    Zone.Builder b =
        Zone.builder().add("example.com", "TXT", "v=spf1 ip4:192.0.2.0/24 include:inc.example.com -all");
    for (int i = 0; i < 8; i++) {
      b.add("example.com", "TXT", "verification-" + i + "=" + "x".repeat(230));
    }
    b.add("inc.example.com", "TXT", "v=spf1 ip4:203.0.113.5 -all");
    try (LoopbackDnsServer server = LoopbackDnsServer.start(b.build());
        DnsjavaClient dns = client(server.address())) {
      SpfEvaluator spf = evaluator(dns);
      int tcpBefore = server.tcpQueries();
      SpfResult pass = spf.checkHostSync(INSIDE, "example.com", "a@example.com", "h");
      assertThat(pass.code()).as(pass.reason()).isEqualTo(SpfResult.Code.PASS);
      assertThat(pass.mechanism()).contains("ip4:192.0.2.0/24");
      assertThat(server.tcpQueries()).isGreaterThan(tcpBefore);

      // With no cache every evaluation asks again, and over TCP again.
      int tcpBetween = server.tcpQueries();
      SpfResult fail = spf.checkHostSync(OUTSIDE, "example.com", "a@example.com", "h");
      assertThat(fail.code()).as(fail.reason()).isEqualTo(SpfResult.Code.FAIL);
      assertThat(fail.mechanism()).contains("-all");
      assertThat(server.tcpQueries()).isGreaterThan(tcpBetween);

      // A match in the include target, after the large RRset came over TCP.
      SpfResult included = spf.checkHostSync(ip("203.0.113.5"), "example.com", "a@example.com", "h");
      assertThat(included.code()).as(included.reason()).isEqualTo(SpfResult.Code.PASS);
      assertThat(included.mechanism()).contains("include:inc.example.com");
      assertThat(server.errors()).isEmpty();
    }
  }

  @Test
  void truncatedAnswersForRecordAndIncludeAreRetriedOverTcp() throws IOException {
    Zone zone =
        Zone.builder()
            .add("example.com", "TXT", "v=spf1 include:_spf.example.com ~all")
            .truncate("example.com")
            .add("_spf.example.com", "TXT", "v=spf1 ip4:192.0.2.0/28 -all")
            .truncate("_spf.example.com")
            .build();
    try (LoopbackDnsServer server = LoopbackDnsServer.start(zone);
        DnsjavaClient dns = client(server.address())) {
      SpfEvaluator spf = evaluator(dns);
      int tcpBefore = server.tcpQueries();
      SpfResult pass = spf.checkHostSync(INSIDE, "example.com", "a@example.com", "h");
      assertThat(pass.code()).as(pass.reason()).isEqualTo(SpfResult.Code.PASS);
      assertThat(pass.mechanism()).contains("include:_spf.example.com");
      // Both names answered TC over UDP, so both were asked again over TCP.
      assertThat(server.tcpQueries() - tcpBefore).isGreaterThanOrEqualTo(2);

      SpfResult softfail = spf.checkHostSync(OUTSIDE, "example.com", "a@example.com", "h");
      assertThat(softfail.code()).as(softfail.reason()).isEqualTo(SpfResult.Code.SOFTFAIL);
      assertThat(server.errors()).isEmpty();
    }
  }

  // ---- (e) an unreachable resolver -----------------------------------------------------------

  @Test
  void unreachableResolverIsTemperrorWithinTheDeadline() throws IOException {
    InetSocketAddress closed = closedLoopbackPort();
    try (DnsjavaClient dns = client(closed)) {
      long start = System.nanoTime();
      SpfResult r = evaluator(dns).checkHostSync(INSIDE, "example.com", "a@example.com", "h");
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      assertThat(r.code()).as(r.reason()).isEqualTo(SpfResult.Code.TEMPERROR);
      assertThat(r.code()).isNotEqualTo(SpfResult.Code.NONE);
      assertThat(r.reason()).contains("example.com TXT");
      assertThat(elapsed).as("elapsed; %s", r.reason()).isLessThan(BOUND);
    }
  }

  // ---- (f) slow answers within the time-out --------------------------------------------------

  @Test
  void slowAnswersWithinTheTimeoutStillSucceed() throws IOException {
    // A delay well below the client's time-out (which is 1 s here, so that scheduling noise on
    // the build machine cannot turn a 200 ms delay into a time-out).
    Duration delay = Duration.ofMillis(200);
    Zone zone =
        Zone.builder()
            .add("example.com", "TXT", "v=spf1 include:_spf.example.com -all")
            .delay("example.com", delay)
            .add("_spf.example.com", "TXT", "v=spf1 a:hosts.example.com -all")
            .delay("_spf.example.com", delay)
            .add("hosts.example.com", "A", "192.0.2.10")
            .delay("hosts.example.com", delay)
            .build();
    try (LoopbackDnsServer server = LoopbackDnsServer.start(zone);
        DnsjavaClient dns =
            DnsjavaClient.builder()
                .resolver(server.address())
                .timeout(Duration.ofSeconds(1))
                .cache(false)
                .build()) {
      long start = System.nanoTime();
      SpfResult r = evaluator(dns).checkHostSync(INSIDE, "example.com", "a@example.com", "h");
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      assertThat(r.code()).as(r.reason()).isEqualTo(SpfResult.Code.PASS);
      assertThat(r.mechanism()).contains("include:_spf.example.com");
      // Three look-ups one after the other, each delayed: the delays were really served.
      assertThat(elapsed).isGreaterThanOrEqualTo(delay.multipliedBy(3));
      assertThat(elapsed).isLessThan(EVALUATOR_TIMEOUT);
    }
  }

  @Test
  void slowAnswerWithinTheTimeoutGivesFailToo() throws IOException {
    Zone zone =
        Zone.builder()
            .add("example.com", "TXT", "v=spf1 ip4:192.0.2.0/24 -all")
            .delay("example.com", Duration.ofMillis(150))
            .build();
    try (LoopbackDnsServer server = LoopbackDnsServer.start(zone);
        DnsjavaClient dns =
            DnsjavaClient.builder()
                .resolver(server.address())
                .timeout(Duration.ofSeconds(1))
                .cache(false)
                .build()) {
      SpfResult r = evaluator(dns).checkHostSync(OUTSIDE, "example.com", "a@example.com", "h");
      assertThat(r.code()).as(r.reason()).isEqualTo(SpfResult.Code.FAIL);
    }
  }

  // ---- the evaluator's own bound -------------------------------------------------------------

  @Test
  void evaluatorTimeoutBoundsAClientThatWaitsLonger() throws IOException {
    // The client would wait 5 s for the dropped query; the evaluator gives up after 400 ms.
    Zone zone = Zone.builder().timeout("example.com").build();
    Duration evaluatorTimeout = Duration.ofMillis(400);
    try (LoopbackDnsServer server = LoopbackDnsServer.start(zone);
        DnsjavaClient dns =
            DnsjavaClient.builder()
                .resolver(server.address())
                .timeout(Duration.ofSeconds(5))
                .cache(false)
                .build()) {
      SpfEvaluator spf = SpfEvaluator.builder(dns).timeout(evaluatorTimeout).build();
      long start = System.nanoTime();
      SpfResult r = spf.checkHostSync(INSIDE, "example.com", "a@example.com", "h");
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      assertThat(r.code()).as(r.reason()).isEqualTo(SpfResult.Code.TEMPERROR);
      assertThat(r.reason()).contains("longer than");
      assertThat(elapsed).isGreaterThanOrEqualTo(evaluatorTimeout.minusMillis(50));
      assertThat(elapsed).isLessThan(evaluatorTimeout.plusMillis(MARGIN_MS));
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** One evaluation against its own server, with its wall time. */
  private static final class Timed {
    final SpfResult result;
    final Duration elapsed;
    final LoopbackDnsServer server;

    Timed(SpfResult result, Duration elapsed, LoopbackDnsServer server) {
      this.result = result;
      this.elapsed = elapsed;
      this.server = server;
    }
  }

  /**
   * Evaluates {@code domain} for {@link #INSIDE} against a fresh server for {@code zone}; the
   * returned server is closed (its counters and query log stay readable).
   */
  private static Timed evaluate(Zone zone, String domain) throws IOException {
    try (LoopbackDnsServer server = LoopbackDnsServer.start(zone);
        DnsjavaClient dns = client(server.address())) {
      long start = System.nanoTime();
      SpfResult r = evaluator(dns).checkHostSync(INSIDE, domain, "alice@" + domain, "mail." + domain);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      assertThat(server.errors()).isEmpty();
      return new Timed(r, elapsed, server);
    }
  }

  private static void assertTemperror(Timed t, String reasonPart) {
    assertThat(t.result.code()).as(t.result.reason()).isNotEqualTo(SpfResult.Code.NONE);
    assertThat(t.result.code()).as(t.result.reason()).isEqualTo(SpfResult.Code.TEMPERROR);
    assertThat(t.result.reason()).contains(reasonPart);
    assertThat(t.elapsed).as("elapsed; %s", t.result.reason()).isLessThan(BOUND);
  }

  private static DnsjavaClient client(InetSocketAddress resolver) {
    return DnsjavaClient.builder().resolver(resolver).timeout(CLIENT_TIMEOUT).cache(false).build();
  }

  private static SpfEvaluator evaluator(DnsjavaClient dns) {
    return SpfEvaluator.builder(dns).timeout(EVALUATOR_TIMEOUT).build();
  }

  /**
   * A port of 127.0.0.1 with nothing listening on UDP or TCP: bound by the OS, then released (no
   * other test in this JVM binds ports by number, and the OS hands out ephemeral ports in turn).
   */
  private static InetSocketAddress closedLoopbackPort() throws IOException {
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    for (int attempt = 0; attempt < 16; attempt++) {
      int port;
      try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
        port = udp.getLocalPort();
      }
      try (ServerSocket tcp = new ServerSocket()) {
        tcp.bind(new InetSocketAddress(loopback, port));
      } catch (IOException inUse) {
        continue; // something listens on TCP there: try another port
      }
      return new InetSocketAddress(loopback, port);
    }
    throw new IOException("no free port on 127.0.0.1");
  }

  private static InetAddress ip(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
