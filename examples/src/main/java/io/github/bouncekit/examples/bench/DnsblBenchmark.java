package io.github.bouncekit.examples.bench;

import io.github.bouncekit.dns.dnsbl.DnsblCheck;
import io.github.bouncekit.dns.dnsbl.DnsblReport;
import io.github.bouncekit.dns.dnsbl.DnsblTarget;
import io.github.bouncekit.dns.dnsbl.DnsblZone;
import io.github.bouncekit.dns.dnsbl.DnsblZones;
import io.github.bouncekit.dns.dnsbl.ZoneResult;
import io.github.bouncekit.dns.dnsjava.DnsjavaClient;
import io.github.bouncekit.dns.testserver.LoopbackDnsServer;
import io.github.bouncekit.dns.testserver.Zone;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one {@link DnsblCheck} over every zone of the shipped table ({@link
 * DnsblZones#defaults()}, 11 zones), end to end: the real {@link DnsjavaClient} over UDP to a
 * {@link LoopbackDnsServer} on 127.0.0.1, one thread, the report waited for.
 *
 * <pre>
 * java -cp examples/target/bouncekit.jar org.openjdk.jmh.Main DnsblBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 *
 * <p>The server answers like live lists would for a listed sender: for the IPv4 target {@code
 * 192.0.2.99}, Spamhaus ZEN lists it ({@code 127.0.0.4} with a TXT reason), SpamCop lists it
 * ({@code 127.0.0.2} with a TXT reason), the other 7 IPv4 zones answer NXDOMAIN; DBL and URIBL do
 * not list IPv4 addresses and are not asked. So one IPv4 check is 9 A queries and 2 TXT queries.
 * For the domain target {@code example.com}, SURBL lists it ({@code 127.0.0.80}, with TXT) and DBL
 * and URIBL answer NXDOMAIN: 3 A queries and 1 TXT query.
 *
 * <ul>
 *   <li>{@code sequentialQueries}: the baseline, the check's queries sent one after another
 *       through the same client, each waited for.
 *   <li>{@code check} with {@code cache=false}: every query is a UDP round trip, the zones asked
 *       concurrently.
 *   <li>{@code check} with {@code cache=true}: set-up checks once, so the measured checks are
 *       answered from dnsjava's cache (what a mail server checking the same sender again sees).
 * </ul>
 *
 * <p>Set-up fails unless the first check gives exactly the listings above, so the numbers measure
 * correct checks.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class DnsblBenchmark {
  static final String IP = "192.0.2.99";
  static final String DOMAIN = "example.com";

  /** Whether the client caches answers. */
  @Param({"false", "true"})
  public boolean cache;

  /** An IPv4 address or a domain. */
  @Param({IP, DOMAIN})
  public String target;

  private LoopbackDnsServer server;
  private DnsjavaClient dns;
  private DnsblCheck check;
  private DnsblTarget parsed;
  private int queriesAfterSetUp;
  private String[] aNames;
  private String[] txtNames;

  /** Starts the server and the client, checks once. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    DnsblZones zones = DnsblZones.defaults();
    Zone.Builder data = Zone.builder();
    for (DnsblZone z : zones.zones()) {
      data.exists(z.zone());
    }
    String ip = DnsblTarget.parse(IP).prefix();
    data.add(ip + ".zen.spamhaus.org", "A", "127.0.0.4");
    data.add(ip + ".zen.spamhaus.org", "TXT", "https://check.spamhaus.org/query/ip/" + IP);
    data.add(ip + ".bl.spamcop.net", "A", "127.0.0.2");
    data.add(ip + ".bl.spamcop.net", "TXT", "Blocked - see https://www.spamcop.net/bl.shtml?" + IP);
    data.add(DOMAIN + ".multi.surbl.org", "A", "127.0.0.80");
    data.add(DOMAIN + ".multi.surbl.org", "TXT", "Blocked, " + DOMAIN + " on lists [mw], [abuse]");
    server = LoopbackDnsServer.start(data.build());
    dns =
        DnsjavaClient.builder()
            .resolver(server.address())
            .timeout(Duration.ofSeconds(2))
            .cache(cache)
            .build();
    check = DnsblCheck.builder(dns).zones(zones).timeout(Duration.ofSeconds(5)).build();
    parsed = DnsblTarget.parse(target);
    DnsblReport r = check.checkSync(parsed);
    long listed = r.listed().size();
    long expectedListed = target.equals(IP) ? 2 : 1;
    int expectedZones = target.equals(IP) ? 9 : 3;
    if (r.results().size() != expectedZones
        || listed != expectedListed
        || !r.errors().isEmpty()
        || r.listed().stream().anyMatch(z -> z.txt().isEmpty())) {
      throw new IllegalStateException("unexpected DNSBL report, nothing to measure: " + r.results());
    }
    aNames = r.results().stream().map(ZoneResult::queryName).toArray(String[]::new);
    txtNames =
        r.listed().stream().map(ZoneResult::queryName).toArray(String[]::new);
    queriesAfterSetUp = server.udpQueries() + server.tcpQueries();
    System.out.printf("%nDNSBL %s, cache=%s: the first check sent %d queries%n",
        target, cache, queriesAfterSetUp);
  }

  /** Stops the client and the server. */
  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.printf("%nDNSBL %s, cache=%s: %d queries reached the server during the run%n",
        target, cache, server.udpQueries() + server.tcpQueries() - queriesAfterSetUp);
    dns.close();
    server.close();
  }

  /**
   * The baseline: the same A and TXT queries through the same client, one after another, each
   * waited for before the next is sent; what a check would cost without asking zones together.
   */
  @Benchmark
  public int sequentialQueries() {
    int n = 0;
    for (String name : aNames) {
      n += dns.a(name).toCompletableFuture().join().values().size();
    }
    for (String name : txtNames) {
      n += dns.txt(name).toCompletableFuture().join().values().size();
    }
    return n;
  }

  /** One check of the target over all zones, waited for. */
  @Benchmark
  public DnsblReport check() {
    DnsblReport r = check.checkSync(parsed);
    for (ZoneResult z : r.results()) {
      if (z.isError()) {
        throw new IllegalStateException("error during the benchmark: " + z);
      }
    }
    return r;
  }
}
