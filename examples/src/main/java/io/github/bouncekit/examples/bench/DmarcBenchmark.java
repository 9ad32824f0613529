package io.github.bouncekit.examples.bench;

import io.github.bouncekit.dns.dmarc.DmarcCheck;
import io.github.bouncekit.dns.dmarc.DmarcMode;
import io.github.bouncekit.dns.dmarc.DmarcParseResult;
import io.github.bouncekit.dns.dmarc.DmarcPolicyResult;
import io.github.bouncekit.dns.dmarc.DmarcRecord;
import io.github.bouncekit.dns.dnsjava.DnsjavaClient;
import io.github.bouncekit.dns.testserver.LoopbackDnsServer;
import io.github.bouncekit.dns.testserver.Zone;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * DMARC speed: {@link DmarcCheck#policy(String)} over the 10 scenarios of {@code
 * policy-discovery.yml}, end to end (the real {@link DnsjavaClient} over UDP to {@link
 * LoopbackDnsServer}s on 127.0.0.1), and {@link DmarcRecord#parse} over the 39 records of {@code
 * record-parsing.yml}.
 *
 * <pre>
 * java -cp examples/target/bouncekit.jar org.openjdk.jmh.Main DmarcBenchmark
 * </pre>
 *
 * <ul>
 *   <li>{@code discoverNoCache}: one operation is one scenario's policy discovery (cycling through
 *       the scenarios in order), clients with {@code cache(false)}: every query of the walk is a UDP
 *       round trip;
 *   <li>{@code discoverWarmCache}: the same with {@code cache(true)}, warmed by set-up;
 *   <li>{@code parse}: one operation parses one record (cycling through the 39).
 * </ul>
 *
 * <p>{@code mode} selects RFC 9989 (tree walk: up to 8 queries, 3.5 on average over the scenarios)
 * or RFC 7489 (Public Suffix List: 1 or 2 queries). As in {@code SpfBenchmark}, the scenarios'
 * names clash, so set-up starts one server and client per scenario. Set-up fails if a scenario
 * gives a temporary error (nothing here waits for a time-out).
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DmarcBenchmark {
  static final String BASE = "/io/github/bouncekit/dns/dmarc/";

  /** Policy discoveries per second without a cache. */
  @Benchmark
  public DmarcPolicyResult discoverNoCache(NoCache s) {
    return s.next();
  }

  /** Policy discoveries per second from warm caches. */
  @Benchmark
  public DmarcPolicyResult discoverWarmCache(WarmCache s) {
    return s.next();
  }

  /** Records parsed per second. */
  @Benchmark
  public DmarcParseResult parse(Records s) {
    return s.next();
  }

  /** The scenarios with clients that do not cache. */
  @State(Scope.Thread)
  public static class NoCache extends Scenarios {
    /** RFC9989 or RFC7489. */
    @Param({"RFC9989", "RFC7489"})
    public String mode;

    /** Starts the servers and runs every scenario once. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
      start(false, mode);
    }

    /** Stops the clients and servers. */
    @TearDown(Level.Trial)
    public void tearDown() {
      stop();
    }
  }

  /** The scenarios with caching clients. */
  @State(Scope.Thread)
  public static class WarmCache extends Scenarios {
    /** RFC9989 or RFC7489. */
    @Param({"RFC9989", "RFC7489"})
    public String mode;

    /** Starts the servers and runs every scenario once. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
      start(true, mode);
    }

    /** Stops the clients and servers. */
    @TearDown(Level.Trial)
    public void tearDown() {
      stop();
    }
  }

  /** The servers, clients and checks of the scenarios. */
  public abstract static class Scenarios {
    private final List<LoopbackDnsServer> servers = new ArrayList<>();
    private final List<DnsjavaClient> clients = new ArrayList<>();
    private DmarcCheck[] checks;
    private String[] authors;
    private int next;

    DmarcPolicyResult next() {
      int i = next;
      if (++next == checks.length) {
        next = 0;
      }
      return checks[i].policy(authors[i]).toCompletableFuture().join();
    }

    @SuppressWarnings("unchecked")
    void start(boolean cache, String mode) throws IOException {
      Map<String, Object> doc = (Map<String, Object>) load("policy-discovery.yml");
      List<DmarcCheck> c = new ArrayList<>();
      List<String> a = new ArrayList<>();
      int queries = 0;
      for (Object o : (List<Object>) doc.get("scenarios")) {
        Map<String, Object> s = (Map<String, Object>) o;
        LoopbackDnsServer server =
            LoopbackDnsServer.start(Zone.fromSuiteZonedata((Map<String, ?>) s.get("zonedata")));
        servers.add(server);
        DnsjavaClient dns =
            DnsjavaClient.builder()
                .resolver(server.address())
                .timeout(Duration.ofMillis(500))
                .cache(cache)
                .build();
        clients.add(dns);
        DmarcCheck check = DmarcCheck.builder(dns).mode(DmarcMode.valueOf(mode)).build();
        String author = String.valueOf(s.get("author"));
        DmarcPolicyResult r = check.policy(author).toCompletableFuture().join();
        if (r.status() == DmarcPolicyResult.Status.TEMPERROR) {
          throw new IllegalStateException(s.get("id") + ": " + r);
        }
        queries += r.queried().size();
        c.add(check);
        a.add(author);
      }
      checks = c.toArray(new DmarcCheck[0]);
      authors = a.toArray(new String[0]);
      System.out.printf(
          "DMARC %s: %d scenarios, %.1f _dmarc queries per discovery%n",
          mode, checks.length, (double) queries / checks.length);
    }

    void stop() {
      for (DnsjavaClient c : clients) {
        c.close();
      }
      for (LoopbackDnsServer s : servers) {
        s.close();
      }
      clients.clear();
      servers.clear();
    }
  }

  /** The record-parsing records. */
  @State(Scope.Thread)
  public static class Records {
    /** RFC9989 or RFC7489. */
    @Param({"RFC9989", "RFC7489"})
    public String mode;

    private String[] records;
    private DmarcMode dmarcMode;
    private int next;

    /** Loads the records. */
    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() throws IOException {
      Map<String, Object> doc = (Map<String, Object>) load("record-parsing.yml");
      List<String> out = new ArrayList<>();
      for (Object o : (List<Object>) doc.get("cases")) {
        out.add(String.valueOf(((Map<String, Object>) o).get("record")));
      }
      records = out.toArray(new String[0]);
      dmarcMode = DmarcMode.valueOf(mode);
    }

    DmarcParseResult next() {
      int i = next;
      if (++next == records.length) {
        next = 0;
      }
      return DmarcRecord.parse(records[i], dmarcMode);
    }
  }

  static Object load(String file) throws IOException {
    try (InputStream in = DmarcBenchmark.class.getResourceAsStream(BASE + file)) {
      if (in == null) {
        throw new IllegalStateException(BASE + file + " is missing (the dns test-jar)");
      }
      return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    }
  }
}
