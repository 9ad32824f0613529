package io.github.bouncekit.dns.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bouncekit.dns.dnsjava.DnsjavaClient;
import io.github.bouncekit.dns.testserver.LoopbackDnsServer;
import io.github.bouncekit.dns.testserver.Zone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link DkimKeyCheck} over the real dnsjava client against the loopback DNS server. */
class DkimKeyCheckTest {
  private static final String RSA1024 =
      "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB";
  private static final String RSA512 =
      "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBALwSxqNfpLlmdX2udv/dLNS+SdFJLktGKlAHnOZYmu8C7/TrGjfrSmzY0nWlnwKCEG3PqyCZws19fj0PYGgMnMkCAwEAAQ==";
  private static final String RSA2048 =
      TestSigner.rsaPublic(TestSigner.rsaKey("rsa2048.pem"));

  private static LoopbackDnsServer server;
  private static DnsjavaClient dns;
  private static DkimKeyCheck check;

  @BeforeAll
  static void start() throws IOException {
    Zone zone =
        Zone.builder()
            .add("good._domainkey.example.com", "TXT", "v=DKIM1; k=rsa; p=" + RSA2048)
            .add("weak._domainkey.example.com", "TXT", "v=DKIM1; p=" + RSA1024)
            .add("small._domainkey.example.com", "TXT", "v=DKIM1; p=" + RSA512)
            .add("revoked._domainkey.example.com", "TXT", "v=DKIM1; k=rsa; p=")
            .add("testing._domainkey.example.com", "TXT", "v=DKIM1; t=y:s; p=" + RSA2048)
            .add(
                "ed._domainkey.example.com",
                "TXT",
                "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
            .add("two._domainkey.example.com", "TXT", "v=DKIM1; p=" + RSA2048)
            .add("two._domainkey.example.com", "TXT", "v=DKIM1; p=" + RSA1024)
            .add("syntax._domainkey.example.com", "TXT", "v=DKIM1; k=rsa; t; p=" + RSA2048)
            .add("tls._domainkey.example.com", "TXT", "v=DKIM1; s=tlsrpt; h=sha1; p=" + RSA2048)
            .add("order._domainkey.example.com", "TXT", "k=rsa; v=DKIM1; x=1; p=" + RSA2048)
            .add("unknown._domainkey.example.com", "TXT", "v=DKIM1; k=dsa; p=" + RSA2048)
            .add(
                "selector1._domainkey.example.com",
                "CNAME",
                "selector1-example-com._domainkey.example.onmicrosoft.com")
            .add(
                "selector1-example-com._domainkey.example.onmicrosoft.com",
                "TXT",
                "v=DKIM1; k=rsa; p=" + RSA2048)
            .add("dangling._domainkey.example.com", "CNAME", "gone._domainkey.example.net")
            .add("nodata._domainkey.example.com", "A", "192.0.2.1")
            .timeout("slow._domainkey.example.com")
            .servfail("broken._domainkey.example.com")
            .build();
    server = LoopbackDnsServer.start(zone);
    dns =
        DnsjavaClient.builder()
            .resolver(server.address())
            .timeout(Duration.ofMillis(300))
            .cache(false)
            .build();
    check = DkimKeyCheck.builder(dns).build();
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

  private static DkimKeyReport check(String selector) throws Exception {
    return check.check(selector, "example.com").toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void goodRsaKey() throws Exception {
    DkimKeyReport r = check("good");
    assertThat(r.status()).isEqualTo(DkimKeyReport.Status.VALID);
    assertThat(r.name()).isEqualTo("good._domainkey.example.com");
    assertThat(r.keyType()).contains("rsa");
    assertThat(r.keyBits()).isEqualTo(2048);
    assertThat(r.findings()).isEmpty();
    assertThat(r.summary()).isEqualTo("valid 2048-bit rsa key");
  }

  @Test
  void keyUnder2048BitsIsWeakAndUnder1024Invalid() throws Exception {
    DkimKeyReport weak = check("weak");
    assertThat(weak.status()).isEqualTo(DkimKeyReport.Status.VALID);
    assertThat(weak.findings(DkimKeyReport.Kind.WEAK_KEY)).singleElement()
        .extracting(DkimKeyReport.Finding::severity).isEqualTo(DkimKeyReport.Severity.WARNING);
    DkimKeyReport small = check("small");
    assertThat(small.status()).isEqualTo(DkimKeyReport.Status.INVALID);
    assertThat(small.keyBits()).isEqualTo(512);
    assertThat(small.findings(DkimKeyReport.Kind.INVALID_KEY)).hasSize(1);
    assertThat(small.summary()).contains("512 bits");
  }

  @Test
  void revokedKey() throws Exception {
    DkimKeyReport r = check("revoked");
    assertThat(r.status()).isEqualTo(DkimKeyReport.Status.INVALID);
    assertThat(r.findings(DkimKeyReport.Kind.REVOKED)).hasSize(1);
    assertThat(r.summary()).contains("revoked");
  }

  @Test
  void testingAndStrictFlags() throws Exception {
    DkimKeyReport r = check("testing");
    assertThat(r.status()).isEqualTo(DkimKeyReport.Status.VALID);
    assertThat(r.findings(DkimKeyReport.Kind.TESTING)).hasSize(1);
    assertThat(r.findings(DkimKeyReport.Kind.STRICT)).hasSize(1);
    assertThat(r.summary()).endsWith("in testing mode");
  }

  @Test
  void ed25519Key() throws Exception {
    DkimKeyReport r = check("ed");
    assertThat(r.status()).isEqualTo(DkimKeyReport.Status.VALID);
    assertThat(r.keyType()).contains("ed25519");
    assertThat(r.keyBits()).isEqualTo(256);
    assertThat(r.findings(DkimKeyReport.Kind.KEY_TYPE)).singleElement()
        .extracting(DkimKeyReport.Finding::severity).isEqualTo(DkimKeyReport.Severity.INFO);
  }

  @Test
  void severalRecordsAreAnError() throws Exception {
    DkimKeyReport r = check("two");
    assertThat(r.status()).isEqualTo(DkimKeyReport.Status.INVALID);
    assertThat(r.records()).hasSize(2);
    assertThat(r.findings(DkimKeyReport.Kind.SEVERAL_RECORDS)).hasSize(1);
  }

  @Test
  void syntaxFaultWithItsPosition() throws Exception {
    DkimKeyReport r = check("syntax");
    assertThat(r.status()).isEqualTo(DkimKeyReport.Status.INVALID);
    DkimKeyReport.Finding f = r.findings(DkimKeyReport.Kind.SYNTAX).get(0);
    assertThat(f.position()).hasValue(17);
    assertThat(r.records().get(0).charAt(17)).isEqualTo(';');
    assertThat(f.message()).contains("expected '=' after tag name 't'");
  }

  @Test
  void serviceAndHashRestrictions() throws Exception {
    DkimKeyReport r = check("tls");
    assertThat(r.status()).isEqualTo(DkimKeyReport.Status.INVALID);
    assertThat(r.findings(DkimKeyReport.Kind.SERVICE)).hasSize(1);
    assertThat(r.findings(DkimKeyReport.Kind.HASH)).hasSize(1);
  }

  @Test
  void versionNotFirstAndUnknownTags() throws Exception {
    DkimKeyReport r = check("order");
    assertThat(r.status()).isEqualTo(DkimKeyReport.Status.VALID);
    assertThat(r.findings(DkimKeyReport.Kind.VERSION_NOT_FIRST)).hasSize(1);
    assertThat(r.findings(DkimKeyReport.Kind.UNKNOWN_TAG)).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("x="));
  }

  @Test
  void unknownKeyType() throws Exception {
    DkimKeyReport r = check("unknown");
    assertThat(r.status()).isEqualTo(DkimKeyReport.Status.INVALID);
    assertThat(r.findings(DkimKeyReport.Kind.KEY_TYPE)).singleElement()
        .extracting(DkimKeyReport.Finding::severity).isEqualTo(DkimKeyReport.Severity.ERROR);
  }

  @Test
  void cnamedSelectorReportsItsTarget() throws Exception {
    DkimKeyReport r = check("selector1");
    assertThat(r.status()).isEqualTo(DkimKeyReport.Status.VALID);
    assertThat(r.cnames())
        .containsExactly("selector1-example-com._domainkey.example.onmicrosoft.com");
    assertThat(r.findings(DkimKeyReport.Kind.CNAME)).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("onmicrosoft.com"));
  }

  @Test
  void danglingCnameIsNotFoundAndSaysWhere() throws Exception {
    DkimKeyReport r = check("dangling");
    assertThat(r.status()).isEqualTo(DkimKeyReport.Status.NOT_FOUND);
    assertThat(r.cnames()).containsExactly("gone._domainkey.example.net");
    assertThat(r.summary()).contains("CNAME to gone._domainkey.example.net");
  }

  @Test
  void missingAndNoDataAreNotFound() throws Exception {
    assertThat(check("nothing").status()).isEqualTo(DkimKeyReport.Status.NOT_FOUND);
    assertThat(check("nothing").summary()).contains("does not exist");
    assertThat(check("nodata").status()).isEqualTo(DkimKeyReport.Status.NOT_FOUND);
    assertThat(check("nodata").summary()).contains("no TXT record");
  }

  @Test
  void dnsFailuresAreTemporaryErrorsNeverNotFound() throws Exception {
    DkimKeyReport slow = check("slow");
    assertThat(slow.status()).isEqualTo(DkimKeyReport.Status.TEMPERROR);
    assertThat(slow.summary()).contains("timeout");
    DkimKeyReport broken = check("broken");
    assertThat(broken.status()).isEqualTo(DkimKeyReport.Status.TEMPERROR);
    assertThat(broken.summary()).contains("SERVFAIL");
  }

  @Test
  void selectorsFromASampleMessage() throws Exception {
    byte[] message =
        ("DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=good; h=from; bh=AA; b=AA\r\n"
                + "DKIM-Signature: v=1; a=ed25519-sha256; d=example.com; s=ed; h=from; b=A\r\n"
                + "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=good; h=from; bh=AA; b=BB\r\n"
                + "DKIM-Signature: garbage without selector\r\n"
                + "From: a@example.com\r\n\r\nbody\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(DkimKeyCheck.selectorsOf(message))
        .containsExactly(
            new DkimKeyCheck.Selector("good", "example.com"),
            new DkimKeyCheck.Selector("ed", "example.com"));
    List<DkimKeyReport> reports =
        check.checkMessage(message).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(reports).extracting(DkimKeyReport::status)
        .containsExactly(DkimKeyReport.Status.VALID, DkimKeyReport.Status.VALID);
    assertThat(DkimKeyCheck.selectorsOf(DkimData.bytes("rfc8463-appendix-a/signed.eml")))
        .containsExactly(
            new DkimKeyCheck.Selector("brisbane", "football.example.com"),
            new DkimKeyCheck.Selector("test", "football.example.com"));
  }

  @Test
  void badArgumentsAreRejectedWithClearMessages() {
    assertThatThrownBy(() -> check.check("bad selector", "example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("selector");
    assertThatThrownBy(() -> check.check("good", "exa_mple..com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("domain");
    assertThatThrownBy(() -> check.check(null, "example.com"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("selector");
    assertThat(check.checkSync("good", "example.com.").domain()).isEqualTo("example.com");
  }

  @Test
  void unreachableDnsIsATemporaryErrorForTheCheckAndTheVerifier() throws Exception {
    int port;
    try (java.net.DatagramSocket closed = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort(); // nothing listens there once it is closed
    }
    try (DnsjavaClient nowhere =
        DnsjavaClient.builder()
            .resolver(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port))
            .timeout(Duration.ofMillis(300))
            .cache(false)
            .build()) {
      DkimKeyReport r =
          DkimKeyCheck.builder(nowhere).build().check("good", "example.com").toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(DkimKeyReport.Status.TEMPERROR);
      DkimVerification v =
          DkimVerifier.builder(nowhere).build()
              .verify(DkimData.bytes("rfc8463-appendix-a/signed.eml")).toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      assertThat(v.signatures()).extracting(DkimResult::code)
          .containsExactly(DkimResult.Code.TEMPERROR, DkimResult.Code.TEMPERROR);
    }
  }
}
