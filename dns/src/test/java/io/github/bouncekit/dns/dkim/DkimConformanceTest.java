package io.github.bouncekit.dns.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.bouncekit.dns.dnsjava.DnsjavaClient;
import io.github.bouncekit.dns.testserver.LoopbackDnsServer;
import io.github.bouncekit.dns.testserver.Zone;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DKIM conformance data end to end: {@link DkimVerifier} over the real dnsjava client, over
 * UDP/TCP, against the loopback DNS server serving the data's key records. The DNS time-out cases
 * use a 300 ms client time-out so they stay fast.
 */
class DkimConformanceTest {
  private static final Duration CLIENT_TIMEOUT = Duration.ofMillis(300);

  private static LoopbackDnsServer server;
  private static DnsjavaClient dns;
  private static DkimVerifier verifier;

  @BeforeAll
  static void start() throws IOException {
    server = LoopbackDnsServer.start(Zone.empty());
    dns =
        DnsjavaClient.builder()
            .resolver(server.address())
            .timeout(CLIENT_TIMEOUT)
            .cache(false)
            .build();
    verifier = DkimVerifier.builder(dns).build();
  }

  @AfterAll
  static void stop() {
    if (dns != null) {
      dns.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static DkimVerification verify(Zone zone, String message) throws Exception {
    server.setZone(zone);
    return verifier.verify(DkimData.bytes(message)).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void rfc8463BothSignaturesVerify() throws Exception {
    Zone zone = DkimData.addZoneFile(Zone.builder(), "rfc8463-appendix-a/dns.zone").build();
    DkimVerification v = verify(zone, "rfc8463-appendix-a/signed.eml");
    assertThat(v.signatures())
        .extracting(DkimResult::code, r -> r.signature().orElseThrow().algorithm(), DkimResult::keyBits)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(DkimResult.Code.PASS, "ed25519-sha256", 256),
            org.assertj.core.groups.Tuple.tuple(DkimResult.Code.PASS, "rsa-sha256", 1024));
    assertThat(v.outcome()).isEqualTo(DkimResult.Code.PASS);
    assertThat(v.signatures().get(1).warnings()).anyMatch(w -> w.contains("1024 bits is weak"));
  }

  @Test
  void rfc8463UnsignedMessageHasNoSignature() throws Exception {
    Zone zone = DkimData.addZoneFile(Zone.builder(), "rfc8463-appendix-a/dns.zone").build();
    DkimVerification v = verify(zone, "rfc8463-appendix-a/unsigned.eml");
    assertThat(v.outcome()).isEqualTo(DkimResult.Code.NONE);
    assertThat(v.signatures()).isEmpty();
  }

  @Test
  void rfc6376ErrataCorrectedExamplePasses() throws Exception {
    Zone zone = DkimData.addZoneFile(Zone.builder(), "rfc6376-appendix-a/dns.zone").build();
    DkimVerification v = verify(zone, "rfc6376-appendix-a/signed-errata-corrected.eml");
    assertThat(v.signatures()).singleElement().extracting(DkimResult::code)
        .isEqualTo(DkimResult.Code.PASS);
  }

  @Test
  void rfc6376AsPrintedExampleFailsWithBodyHashMismatch() throws Exception {
    Zone zone = DkimData.addZoneFile(Zone.builder(), "rfc6376-appendix-a/dns.zone").build();
    DkimVerification v = verify(zone, "rfc6376-appendix-a/signed-as-printed-body.eml");
    assertThat(v.signatures())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.code()).isEqualTo(DkimResult.Code.FAIL);
              assertThat(r.problem()).contains(DkimResult.Problem.BODY_HASH);
            });
  }

  static List<DkimData.GeneratedCase> generated() {
    List<DkimData.GeneratedCase> cases = DkimData.generatedCases();
    assertThat(cases).hasSize(21);
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generated")
  void generatedCase(DkimData.GeneratedCase c) throws Exception {
    DkimVerification v = verify(Zone.fromSuiteZonedata(c.zonedata()), c.message());
    assertThat(v.signatures()).hasSize(1);
    assertThat(v.outcome().token())
        .as("%s (%s): %s", c.name(), c.spec(), v)
        .isEqualTo(c.expected());
  }

  private static Zone corpusZone;

  static List<DkimData.CorpusCase> corpus() {
    List<DkimData.CorpusCase> cases = DkimData.corpusCases();
    assertThat(cases).hasSize(79);
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void mailDkimCorpus(DkimData.CorpusCase c) throws Exception {
    if (corpusZone == null) {
      corpusZone =
          DkimData.addFakeDns(Zone.builder(), "mail-dkim-corpus/FAKE_DNS.dat").build();
    }
    byte[] message = DkimData.bytes("mail-dkim-corpus/corpus/" + c.file());
    server.setZone(corpusZone);
    DkimVerification[] v = new DkimVerification[1];
    assertThatCode(
            () -> v[0] = verifier.verify(message).toCompletableFuture().get(30, TimeUnit.SECONDS))
        .doesNotThrowAnyException();
    assertThat(v[0].outcome().token())
        .as("%s (%s; %s): %s", c.file(), c.modernRule(), c.note(), v[0])
        .isEqualTo(c.modernExpected());
  }

  /**
   * The v=1 corpus messages Mail::DKIM expects to pass or fail, verified with rsa-sha1 and small
   * keys allowed: they check the canonicalisation and the signed-header selection against old
   * signers (the RFC 8301 rules make them all permerror above).
   */
  static List<DkimData.CorpusCase> corpusLegacy() {
    List<DkimData.CorpusCase> cases =
        DkimData.corpusCases().stream()
            .filter(c -> c.signatureVersion().equals("1"))
            .filter(c -> c.maildkimExpected().equals("pass") || c.maildkimExpected().equals("fail"))
            .filter(c -> !c.file().contains("ed25519"))
            .toList();
    assertThat(cases).hasSize(13);
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpusLegacy")
  void mailDkimCorpusCryptoWithLegacyRulesAgreesWithMailDkim(DkimData.CorpusCase c)
      throws Exception {
    server.setZone(DkimData.addFakeDns(Zone.builder(), "mail-dkim-corpus/FAKE_DNS.dat").build());
    DkimVerifier legacy = DkimVerifier.builder(dns).legacyCryptoForTests().build();
    DkimVerification v =
        legacy
            .verify(DkimData.bytes("mail-dkim-corpus/corpus/" + c.file()))
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    assertThat(v.outcome().token()).as("%s: %s", c.file(), v).isEqualTo(c.maildkimExpected());
  }

  @Test
  void rfc8463Ed25519SignatureIsReproducedFromThePrivateKey() throws Exception {
    // Ed25519 is deterministic: the RFC's tags over unsigned.eml give the RFC's b= again.
    byte[] seed =
        java.util.Base64.getDecoder()
            .decode(DkimData.text("rfc8463-appendix-a/ed25519-private.seed.b64").strip());
    byte[] prefix = {
      0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
    };
    byte[] pkcs8 = java.util.Arrays.copyOf(prefix, prefix.length + seed.length);
    System.arraycopy(seed, 0, pkcs8, prefix.length, seed.length);
    java.security.PrivateKey key =
        java.security.KeyFactory.getInstance("Ed25519")
            .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
    byte[] signed =
        TestSigner.sign(
            DkimData.bytes("rfc8463-appendix-a/unsigned.eml"),
            key,
            "v=1; a=ed25519-sha256; c=relaxed/relaxed; d=football.example.com;"
                + " i=@football.example.com; q=dns/txt; s=brisbane; t=1528637909;"
                + " h=from : to : subject : date : message-id : from : subject : date; ");
    String ours = new String(signed, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(ours)
        .contains(
            "bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=",
            "b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11BusFa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==");
  }

  /** Key checks of the Mail::DKIM corpus's key records: name, status, a finding kind or none. */
  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> corpusKeys() {
    return java.util.stream.Stream.of(
        org.junit.jupiter.params.provider.Arguments.of(
            "selector1", "messiah.edu", DkimKeyReport.Status.VALID, DkimKeyReport.Kind.WEAK_KEY),
        org.junit.jupiter.params.provider.Arguments.of(
            "test1", "messiah.edu", DkimKeyReport.Status.INVALID, DkimKeyReport.Kind.INVALID_KEY),
        org.junit.jupiter.params.provider.Arguments.of(
            "test2", "messiah.edu", DkimKeyReport.Status.INVALID, DkimKeyReport.Kind.HASH),
        org.junit.jupiter.params.provider.Arguments.of(
            "test5", "messiah.edu", DkimKeyReport.Status.INVALID, DkimKeyReport.Kind.STRICT),
        org.junit.jupiter.params.provider.Arguments.of(
            "testbad1", "messiah.edu", DkimKeyReport.Status.INVALID, DkimKeyReport.Kind.SYNTAX),
        org.junit.jupiter.params.provider.Arguments.of(
            "testbad2", "messiah.edu", DkimKeyReport.Status.INVALID, DkimKeyReport.Kind.SYNTAX),
        org.junit.jupiter.params.provider.Arguments.of(
            "testbad3", "messiah.edu", DkimKeyReport.Status.INVALID, DkimKeyReport.Kind.KEY_TYPE),
        org.junit.jupiter.params.provider.Arguments.of(
            "testbad4", "messiah.edu", DkimKeyReport.Status.INVALID, DkimKeyReport.Kind.SERVICE),
        org.junit.jupiter.params.provider.Arguments.of(
            "testrevoked", "messiah.edu", DkimKeyReport.Status.INVALID, DkimKeyReport.Kind.REVOKED),
        org.junit.jupiter.params.provider.Arguments.of(
            "beta", "gmail.com", DkimKeyReport.Status.VALID, DkimKeyReport.Kind.TESTING),
        org.junit.jupiter.params.provider.Arguments.of(
            "nonexistent", "messiah.edu", DkimKeyReport.Status.NOT_FOUND, null),
        org.junit.jupiter.params.provider.Arguments.of(
            "test3", "blackhole.messiah.edu", DkimKeyReport.Status.TEMPERROR, DkimKeyReport.Kind.DNS),
        org.junit.jupiter.params.provider.Arguments.of(
            "test3", "blackhole2.messiah.edu", DkimKeyReport.Status.TEMPERROR, DkimKeyReport.Kind.DNS),
        org.junit.jupiter.params.provider.Arguments.of(
            "2023-05-ed25519", "wander.science", DkimKeyReport.Status.VALID, DkimKeyReport.Kind.KEY_TYPE),
        org.junit.jupiter.params.provider.Arguments.of(
            "2023-05-ed25519-empty", "wander.science", DkimKeyReport.Status.INVALID, DkimKeyReport.Kind.SYNTAX),
        org.junit.jupiter.params.provider.Arguments.of(
            "invalid", "wander.science", DkimKeyReport.Status.INVALID, DkimKeyReport.Kind.INVALID_KEY));
  }

  @ParameterizedTest(name = "{0}._domainkey.{1}: {2} {3}")
  @MethodSource("corpusKeys")
  void keyCheckOfTheCorpusKeys(
      String selector, String domain, DkimKeyReport.Status status, DkimKeyReport.Kind kind)
      throws Exception {
    server.setZone(DkimData.addFakeDns(Zone.builder(), "mail-dkim-corpus/FAKE_DNS.dat").build());
    DkimKeyReport r =
        DkimKeyCheck.builder(dns)
            .build()
            .check(selector, domain)
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    assertThat(r.status()).as("%s", r).isEqualTo(status);
    if (kind != null) {
      assertThat(r.findings(kind)).as("%s %s", r, r.findings()).isNotEmpty();
    }
  }
}
