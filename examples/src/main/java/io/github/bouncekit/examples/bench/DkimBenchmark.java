package io.github.bouncekit.examples.bench;

import io.github.bouncekit.dns.DnsClient;
import io.github.bouncekit.dns.dkim.DkimResult;
import io.github.bouncekit.dns.dkim.DkimVerification;
import io.github.bouncekit.dns.dkim.DkimVerifier;
import io.github.bouncekit.dns.dnsjava.DnsjavaClient;
import io.github.bouncekit.dns.testserver.InMemoryDnsClient;
import io.github.bouncekit.dns.testserver.LoopbackDnsServer;
import io.github.bouncekit.dns.testserver.Zone;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@link DkimVerifier} on the RFC 8463 Appendix A message ({@code
 * rfc8463-appendix-a/signed.eml} of the dns test data): one operation verifies the whole message,
 * both of its signatures ({@code ed25519-sha256} and a 1024-bit {@code rsa-sha256}), one thread.
 *
 * <pre>
 * java -cp examples/target/bouncekit.jar org.openjdk.jmh.Main DkimBenchmark
 * </pre>
 *
 * <ul>
 *   <li>{@code inMemoryKeys}: the key records come from an in-memory {@link DnsClient} that answers
 *       at once: message parsing, canonicalisation, hashing and the two signature checks.
 *   <li>{@code inMemoryRsaOnly}: the same message with the Ed25519 field taken out: the RSA
 *       signature alone, to show the verifier's own cost apart from the JDK's Ed25519 check
 *       (about 1 ms per verification on JDK 17).
 *   <li>{@code loopbackWarmCache}: the real {@link DnsjavaClient} with its cache, asking a {@link
 *       LoopbackDnsServer} on 127.0.0.1; set-up verifies once, so the keys are cached and the
 *       figure adds the client's cache and completion hand-offs.
 * </ul>
 *
 * <p>Set-up checks that both signatures pass, and fails otherwise.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DkimBenchmark {
  static final String MESSAGE = "/io/github/bouncekit/dns/dkim/rfc8463-appendix-a/signed.eml";
  static final String ED25519_NAME = "brisbane._domainkey.football.example.com";
  static final String ED25519_KEY =
      "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
  static final String RSA_NAME = "test._domainkey.football.example.com";
  static final String RSA_KEY =
      "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB";

  /** Message verifications per second, keys from memory. */
  @Benchmark
  public DkimVerification inMemoryKeys(InMemory s) {
    return s.verifier.verifySync(s.message);
  }

  /**
   * Verifications per second of the message with its RSA signature only (the Ed25519 field taken
   * out), keys from memory: the verifier's own work without the JDK's Ed25519 check.
   */
  @Benchmark
  public DkimVerification inMemoryRsaOnly(InMemory s) {
    return s.verifier.verifySync(s.rsaOnly);
  }

  /** Message verifications per second, keys from dnsjava's cache (loopback DNS server). */
  @Benchmark
  public DkimVerification loopbackWarmCache(Loopback s) {
    return s.verifier.verifySync(s.message);
  }

  /** The verifier over in-memory keys. */
  @State(Scope.Thread)
  public static class InMemory {
    DkimVerifier verifier;
    byte[] message;
    byte[] rsaOnly;

    /** Builds the verifier and checks the results once. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
      message = load();
      verifier = DkimVerifier.builder(keysInMemory()).build();
      check(verifier.verifySync(message));
      rsaOnly = withoutFirstSignature(message);
      DkimVerification v = verifier.verifySync(rsaOnly);
      if (v.signatures().size() != 1 || v.outcome() != DkimResult.Code.PASS) {
        throw new IllegalStateException("the RSA signature alone must pass, got " + v);
      }
    }
  }

  /** The verifier over dnsjava and a loopback DNS server. */
  @State(Scope.Thread)
  public static class Loopback {
    DkimVerifier verifier;
    byte[] message;
    private LoopbackDnsServer server;
    private DnsjavaClient dns;

    /** Starts the server, builds the verifier and verifies once (warming the cache). */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
      message = load();
      server =
          LoopbackDnsServer.start(
              Zone.builder().add(ED25519_NAME, "TXT", ED25519_KEY).add(RSA_NAME, "TXT", RSA_KEY)
                  .build());
      dns =
          DnsjavaClient.builder()
              .resolver(server.address())
              .timeout(Duration.ofSeconds(2))
              .cache(true)
              .build();
      verifier = DkimVerifier.builder(dns).build();
      check(verifier.verifySync(message));
    }

    /** Stops the client and the server. */
    @TearDown(Level.Trial)
    public void tearDown() {
      dns.close();
      server.close();
    }
  }

  /** Answers the two key records from memory; NXDOMAIN for everything else. No query log. */
  static DnsClient keysInMemory() {
    return InMemoryDnsClient.builder()
        .txt(ED25519_NAME, ED25519_KEY)
        .txt(RSA_NAME, RSA_KEY)
        .recordQueries(false)
        .build();
  }

  static void check(DkimVerification v) {
    if (v.signatures().size() != 2
        || !v.signatures().stream().allMatch(r -> r.code() == DkimResult.Code.PASS)) {
      throw new IllegalStateException("the RFC 8463 message must pass twice, got " + v.signatures());
    }
  }

  /** The message without its first DKIM-Signature field (and that field's folded lines). */
  static byte[] withoutFirstSignature(byte[] message) {
    String m = new String(message, StandardCharsets.ISO_8859_1);
    int start = m.indexOf("DKIM-Signature:");
    int end = m.indexOf("\r\n", start);
    while (m.charAt(end + 2) == ' ' || m.charAt(end + 2) == '\t') {
      end = m.indexOf("\r\n", end + 2);
    }
    return (m.substring(0, start) + m.substring(end + 2)).getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] load() throws IOException {
    try (InputStream in = DkimBenchmark.class.getResourceAsStream(MESSAGE)) {
      if (in == null) {
        throw new IllegalStateException(MESSAGE + " is missing (the dns test-jar)");
      }
      return in.readAllBytes();
    }
  }
}
