package io.github.bouncekit.dns.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bouncekit.dns.DnsClient;
import io.github.bouncekit.dns.testserver.InMemoryDnsClient;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DkimVerifier} over an in-memory DNS client, with messages signed by the test keys. */
class DkimVerifierTest {
  private static final PrivateKey RSA = TestSigner.rsaKey("rsa2048.pem");
  private static final PrivateKey ED = TestSigner.ed25519Key();
  private static final String KEY_NAME = "sel._domainkey.gen.example";
  private static final byte[] MESSAGE =
      ("From: Joe SixPack <joe@gen.example>\r\n"
              + "To: Suzie Q <suzie@shopping.example.net>\r\n"
              + "Subject:   Is dinner ready?  \r\n"
              + "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r\n"
              + "\r\n"
              + "Hi.\r\n"
              + "\r\n"
              + "We lost the game.  Are you hungry yet?\r\n"
              + "\r\n"
              + "Joe.\r\n"
              + "\r\n")
          .getBytes(StandardCharsets.US_ASCII);

  private static InMemoryDnsClient dns() {
    return InMemoryDnsClient.builder()
        .txt(KEY_NAME, "v=DKIM1; k=rsa; p=" + TestSigner.rsaPublic(RSA))
        .txt("ed._domainkey.gen.example", "v=DKIM1; k=ed25519; p=" + TestSigner.ED25519_PUBLIC)
        .build();
  }

  private static DkimVerification verify(byte[] message) {
    return DkimVerifier.builder(dns()).build().verifySync(message);
  }

  private static String tags(String c, String h) {
    return "v=1; a=rsa-sha256; c=" + c + "; d=gen.example; s=sel; h=" + h + "; ";
  }

  private static byte[] append(byte[] m, String text) {
    byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = java.util.Arrays.copyOf(m, m.length + t.length);
    System.arraycopy(t, 0, out, m.length, t.length);
    return out;
  }

  private static byte[] prepend(String text, byte[] m) {
    byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = java.util.Arrays.copyOf(t, t.length + m.length);
    System.arraycopy(m, 0, out, t.length, m.length);
    return out;
  }

  static Stream<Arguments> canonicalizations() {
    return Stream.of("simple/simple", "simple/relaxed", "relaxed/simple", "relaxed/relaxed", "relaxed")
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "c={0}")
  @MethodSource("canonicalizations")
  void signedMessagePassesWithEveryCanonicalisation(String c) {
    byte[] signed = TestSigner.sign(MESSAGE, RSA, tags(c, "from:to:subject:date"));
    DkimVerification v = verify(signed);
    assertThat(v.outcome()).as("%s", v).isEqualTo(DkimResult.Code.PASS);
    assertThat(v.signatures().get(0).keyBits()).isEqualTo(2048);
    assertThat(v.signatures().get(0).warnings()).isEmpty();
  }

  @Test
  void relaxedToleratesWhitespaceChangesThatSimpleDoesNot() {
    byte[] relaxed = TestSigner.sign(MESSAGE, RSA, tags("relaxed/relaxed", "from:subject"));
    byte[] simple = TestSigner.sign(MESSAGE, RSA, tags("simple/simple", "from:subject"));
    String from = "Subject:   Is dinner ready?  \r\n";
    String to = "subject: Is dinner\r\n ready?\r\n";
    String bodyFrom = "We lost the game.  Are";
    String bodyTo = "We lost the game. \t Are";
    assertThat(verify(replace(relaxed, from, to)).outcome()).isEqualTo(DkimResult.Code.PASS);
    assertThat(verify(replace(relaxed, bodyFrom, bodyTo)).outcome()).isEqualTo(DkimResult.Code.PASS);
    assertThat(verify(replace(simple, from, to)).signatures().get(0).problem())
        .contains(DkimResult.Problem.SIGNATURE);
    assertThat(verify(replace(simple, bodyFrom, bodyTo)).signatures().get(0).problem())
        .contains(DkimResult.Problem.BODY_HASH);
  }

  private static byte[] replace(byte[] m, String from, String to) {
    String s = new String(m, StandardCharsets.ISO_8859_1);
    assertThat(s).contains(from);
    return s.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void ed25519SignaturePasses() {
    byte[] signed =
        TestSigner.sign(
            MESSAGE,
            ED,
            "v=1; a=ed25519-sha256; c=relaxed/relaxed; d=gen.example; s=ed; h=from:to; ");
    DkimVerification v = verify(signed);
    assertThat(v.outcome()).isEqualTo(DkimResult.Code.PASS);
    assertThat(v.signatures().get(0).keyBits()).isEqualTo(256);
  }

  @Test
  void overSignedFromRejectsAFromAddedLater() {
    byte[] signed = TestSigner.sign(MESSAGE, RSA, tags("relaxed/relaxed", "from:from:subject"));
    assertThat(verify(signed).outcome()).isEqualTo(DkimResult.Code.PASS);
    byte[] added = prepend("From: mallory@evil.example\r\n", signed);
    assertThat(verify(added).signatures().get(0).problem()).contains(DkimResult.Problem.SIGNATURE);
  }

  @Test
  void withoutOverSigningAFromAddedOnTopIsNotSeenButBottomUpOrderIs() {
    byte[] signed = TestSigner.sign(MESSAGE, RSA, tags("relaxed/relaxed", "from:subject"));
    // A second From above the signed one is not signed data: the bottom-most From is used.
    String s = new String(signed, StandardCharsets.ISO_8859_1);
    int at = s.indexOf("From: Joe");
    byte[] extra =
        (s.substring(0, at) + "From: someone@else.example\r\n" + s.substring(at))
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(verify(extra).outcome()).isEqualTo(DkimResult.Code.PASS);
    byte[] below = replace(signed, "Date:", "From: mallory@evil.example\r\nDate:");
    assertThat(verify(below).outcome()).isEqualTo(DkimResult.Code.FAIL);
  }

  @Test
  void signedHeaderThatIsAbsentMayStayAbsentButNotAppear() {
    byte[] signed = TestSigner.sign(MESSAGE, RSA, tags("relaxed/relaxed", "from:reply-to:subject"));
    assertThat(verify(signed).outcome()).isEqualTo(DkimResult.Code.PASS);
    byte[] added = replace(signed, "Date:", "Reply-To: mallory@evil.example\r\nDate:");
    assertThat(verify(added).outcome()).isEqualTo(DkimResult.Code.FAIL);
  }

  @Test
  void bodyLengthLimitPassesWithAppendedTextAndWarns() {
    byte[] signed =
        TestSigner.sign(MESSAGE, RSA, tags("relaxed/relaxed", "from:subject") + "l=20; ");
    byte[] appended = append(signed, "Click here: https://evil.example/\r\n");
    DkimVerification v = verify(appended);
    assertThat(v.outcome()).isEqualTo(DkimResult.Code.PASS);
    assertThat(v.signatures().get(0).warnings()).anyMatch(w -> w.startsWith("l= signs only"));
  }

  @Test
  void bodyLengthLongerThanTheBodyFails() {
    byte[] signed =
        TestSigner.sign(MESSAGE, RSA, tags("relaxed/relaxed", "from:subject") + "l=99999; ");
    assertThat(verify(signed).signatures().get(0))
        .extracting(DkimResult::code, r -> r.problem().orElseThrow())
        .containsExactly(DkimResult.Code.FAIL, DkimResult.Problem.BODY_HASH);
  }

  @Test
  void expiredSignatureFailsAndOneNotYetExpiredPasses() {
    byte[] signed =
        TestSigner.sign(
            MESSAGE, RSA, tags("relaxed/relaxed", "from:subject") + "t=1700000000; x=1700086400; ");
    DkimVerifier before =
        DkimVerifier.builder(dns())
            .clock(Clock.fixed(Instant.ofEpochSecond(1700000100), ZoneOffset.UTC))
            .build();
    DkimVerifier after =
        DkimVerifier.builder(dns())
            .clock(Clock.fixed(Instant.ofEpochSecond(1700086401), ZoneOffset.UTC))
            .build();
    assertThat(before.verifySync(signed).outcome()).isEqualTo(DkimResult.Code.PASS);
    assertThat(after.verifySync(signed).signatures().get(0))
        .extracting(DkimResult::code, r -> r.problem().orElseThrow())
        .containsExactly(DkimResult.Code.FAIL, DkimResult.Problem.EXPIRED);
  }

  @Test
  void signingTimeInTheFutureIsAWarning() {
    byte[] signed =
        TestSigner.sign(MESSAGE, RSA, tags("relaxed/relaxed", "from:subject") + "t=1700000000; ");
    DkimVerifier v =
        DkimVerifier.builder(dns())
            .clock(Clock.fixed(Instant.ofEpochSecond(1690000000), ZoneOffset.UTC))
            .build();
    DkimResult r = v.verifySync(signed).signatures().get(0);
    assertThat(r.code()).isEqualTo(DkimResult.Code.PASS);
    assertThat(r.warnings()).anyMatch(w -> w.contains("in the future"));
  }

  @Test
  void checksRunOnTheGivenExecutorAndARefusalIsTemperror() {
    byte[] signed = TestSigner.sign(MESSAGE, RSA, tags("relaxed/relaxed", "from:subject"));
    java.util.List<Runnable> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
    DkimVerifier counted =
        DkimVerifier.builder(dns())
            .executor(
                task -> {
                  ran.add(task);
                  task.run();
                })
            .build();
    assertThat(counted.verifySync(signed).outcome()).isEqualTo(DkimResult.Code.PASS);
    assertThat(ran).hasSize(1);
    DkimVerifier refusing =
        DkimVerifier.builder(dns())
            .executor(
                task -> {
                  throw new java.util.concurrent.RejectedExecutionException("shut down");
                })
            .build();
    assertThat(refusing.verifySync(signed).outcome()).isEqualTo(DkimResult.Code.TEMPERROR);
  }

  @Test
  void failureUnderATestingKeyIsNeutral() {
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder()
            .txt(KEY_NAME, "v=DKIM1; t=y; p=" + TestSigner.rsaPublic(RSA))
            .build();
    byte[] signed = TestSigner.sign(MESSAGE, RSA, tags("relaxed/relaxed", "from:subject"));
    DkimVerifier v = DkimVerifier.builder(dns).build();
    DkimResult ok = v.verifySync(signed).signatures().get(0);
    assertThat(ok.code()).isEqualTo(DkimResult.Code.PASS);
    assertThat(ok.testing()).isTrue();
    DkimResult bad = v.verifySync(append(signed, "changed\r\n")).signatures().get(0);
    assertThat(bad.code()).isEqualTo(DkimResult.Code.NEUTRAL);
    assertThat(bad.problem()).contains(DkimResult.Problem.BODY_HASH);
  }

  @Test
  void bareLfMessageVerifiesAsCrLf() {
    byte[] signed = TestSigner.sign(MESSAGE, RSA, tags("simple/simple", "from:subject"));
    byte[] lf =
        new String(signed, StandardCharsets.ISO_8859_1)
            .replace("\r\n", "\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(verify(lf).outcome()).isEqualTo(DkimResult.Code.PASS);
  }

  @Test
  void messageWithoutSignatureIsNone() {
    DkimVerification v = verify(MESSAGE);
    assertThat(v.outcome()).isEqualTo(DkimResult.Code.NONE);
    assertThat(v.signatures()).isEmpty();
    assertThat(v.reason()).contains("no DKIM-Signature");
  }

  @Test
  void oneGoodSignatureAmongBadOnesPasses() {
    byte[] good = TestSigner.sign(MESSAGE, RSA, tags("relaxed/relaxed", "from:subject"));
    byte[] both = prepend("DKIM-Signature: v=1; a=rsa-sha256; d=gen.example; s=nokey; h=from;"
        + " bh=AAAA; b=AAAA\r\nDKIM-Signature: garbage\r\n", good);
    DkimVerification v = verify(both);
    assertThat(v.outcome()).isEqualTo(DkimResult.Code.PASS);
    assertThat(v.signatures())
        .extracting(DkimResult::code)
        .containsExactly(DkimResult.Code.PERMERROR, DkimResult.Code.PERMERROR, DkimResult.Code.PASS);
    assertThat(v.signatures()).extracting(DkimResult::index).containsExactly(0, 1, 2);
    assertThat(v.signatures().get(0).problem()).contains(DkimResult.Problem.KEY_NOT_FOUND);
    assertThat(v.signatures().get(1).problem()).contains(DkimResult.Problem.SIGNATURE_SYNTAX);
  }

  @Test
  void signaturesBeyondTheLimitArePermerrors() {
    String sig = "DKIM-Signature: v=1; a=rsa-sha256; d=gen.example; s=sel; h=from; bh=AAAA; b=AAAA\r\n";
    byte[] m = prepend(sig.repeat(3), MESSAGE);
    DkimVerification v = DkimVerifier.builder(dns()).maxSignatures(2).build().verifySync(m);
    assertThat(v.signatures()).hasSize(3);
    assertThat(v.signatures().get(2).problem()).contains(DkimResult.Problem.TOO_MANY_SIGNATURES);
  }

  @Test
  void messageOverTheSizeLimitIsPermerror() {
    byte[] signed = TestSigner.sign(MESSAGE, RSA, tags("relaxed/relaxed", "from:subject"));
    byte[] big = append(signed, "x".repeat(2000) + "\r\n");
    DkimVerification v = DkimVerifier.builder(dns()).maxMessageBytes(1024).build().verifySync(big);
    assertThat(v.outcome()).isEqualTo(DkimResult.Code.PERMERROR);
    assertThat(v.reason()).contains("larger than 1024");
  }

  @Test
  void dnsClientThatThrowsGivesTemperror() {
    DnsClient broken =
        (DnsClient)
            Proxy.newProxyInstance(
                DnsClient.class.getClassLoader(),
                new Class<?>[] {DnsClient.class},
                (proxy, method, args) -> {
                  throw new IllegalStateException("resolver exploded");
                });
    byte[] signed = TestSigner.sign(MESSAGE, RSA, tags("relaxed/relaxed", "from:subject"));
    DkimResult r = DkimVerifier.builder(broken).build().verifySync(signed).signatures().get(0);
    assertThat(r.code()).isEqualTo(DkimResult.Code.TEMPERROR);
    assertThat(r.problem()).contains(DkimResult.Problem.DNS);
  }

  @Test
  void dnsClientThatNeverAnswersGivesTemperrorWithinTheDeadline() throws Exception {
    DnsClient silent = InMemoryDnsClient.builder().silent(KEY_NAME).build();
    byte[] signed = TestSigner.sign(MESSAGE, RSA, tags("relaxed/relaxed", "from:subject"));
    CompletableFuture<DkimVerification> f =
        DkimVerifier.builder(silent)
            .timeout(Duration.ofMillis(200))
            .build()
            .verify(signed)
            .toCompletableFuture();
    DkimVerification v = f.get(5, TimeUnit.SECONDS);
    assertThat(v.outcome()).isEqualTo(DkimResult.Code.TEMPERROR);
  }

  @Test
  void keyWithSeveralRecordsUsesTheFirstUsableOne() {
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder()
            .txt(KEY_NAME, "v=spf1 -all")
            .txt(KEY_NAME, "v=DKIM1; p=" + TestSigner.rsaPublic(RSA))
            .build();
    byte[] signed = TestSigner.sign(MESSAGE, RSA, tags("relaxed/relaxed", "from:subject"));
    assertThat(DkimVerifier.builder(dns).build().verifySync(signed).outcome())
        .isEqualTo(DkimResult.Code.PASS);
  }

  @Test
  void keyPublishedAsBarePkcs1IsRead() {
    String spki = TestSigner.rsaPublic(RSA);
    byte[] der = java.util.Base64.getDecoder().decode(spki);
    // SubjectPublicKeyInfo of a 2048-bit key: 24 octets of header before the PKCS#1 structure.
    String pkcs1 = java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(der, 24, der.length));
    InMemoryDnsClient dns = InMemoryDnsClient.builder().txt(KEY_NAME, "p=" + pkcs1).build();
    byte[] signed = TestSigner.sign(MESSAGE, RSA, tags("relaxed/relaxed", "from:subject"));
    assertThat(DkimVerifier.builder(dns).build().verifySync(signed).outcome())
        .isEqualTo(DkimResult.Code.PASS);
  }

  static IntStream seeds() {
    return IntStream.range(0, 40);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void neverThrowsOnDamagedMessages(int seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] signed = TestSigner.sign(MESSAGE, RSA, tags("relaxed/relaxed", "from:to:subject"));
    byte[] damaged = signed.clone();
    int changes = 1 + random.nextInt(20);
    for (int i = 0; i < changes; i++) {
      int at = random.nextInt(damaged.length);
      String alphabet = "\r\n \t;=:abAB09+/\u00e9\u0000";
      damaged[at] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
    }
    byte[] cut = java.util.Arrays.copyOf(damaged, random.nextInt(damaged.length + 1));
    for (byte[] m : new byte[][] {damaged, cut}) {
      DkimVerification[] v = new DkimVerification[1];
      assertThatCode(() -> v[0] = verify(m)).doesNotThrowAnyException();
      assertThat(v[0].signatures()).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\r\n", "\r\n\r\n", "DKIM-Signature:", "DKIM-Signature: v=1", ":\r\n\r\n"})
  void neverThrowsOnDegenerateMessages(String message) {
    DkimVerification v = verify(message.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(v.outcome()).isIn(DkimResult.Code.NONE, DkimResult.Code.PERMERROR);
  }

  @Test
  void badArgumentsAreRejectedWithClearMessages() {
    assertThatThrownBy(() -> DkimVerifier.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("dns");
    assertThatThrownBy(() -> DkimVerifier.builder(dns()).build().verify(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("message");
    assertThatThrownBy(() -> DkimVerifier.builder(dns()).timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> DkimVerifier.builder(dns()).maxSignatures(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSignatures");
  }
}
