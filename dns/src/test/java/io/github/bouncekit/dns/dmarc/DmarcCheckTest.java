package io.github.bouncekit.dns.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bouncekit.dns.dnsjava.DnsjavaClient;
import io.github.bouncekit.dns.testserver.LoopbackDnsServer;
import io.github.bouncekit.dns.testserver.Zone;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link DmarcCheck} over the real dnsjava client and the loopback DNS server: alignment, the
 * DMARC result, report-destination authorisation, {@code np}, and DNS failures that must stay
 * temporary errors.
 */
class DmarcCheckTest {
  private static LoopbackDnsServer server;
  private static DnsjavaClient dns;
  private static DmarcCheck dmarc;
  private static DmarcCheck dmarc7489;

  @BeforeAll
  static void start() throws IOException {
    Zone zone =
        Zone.builder()
            .add("example.com", "A", "192.0.2.1")
            .add("mail.example.com", "A", "192.0.2.2")
            .add(
                "_dmarc.example.com",
                "TXT",
                "v=DMARC1; p=reject; sp=quarantine; np=reject; aspf=s;"
                    + " rua=mailto:agg@example.com, mailto:dmarc@reports.example.net,"
                    + " mailto:x@unauthorised.example.org; ruf=mailto:f@servfail.example.org")
            .add("example.com._report._dmarc.reports.example.net", "TXT", "v=DMARC1;")
            .add("unauthorised.example.org", "A", "192.0.2.3")
            .servfail("example.com._report._dmarc.servfail.example.org")
            .add("_dmarc.other.example", "TXT", "v=DMARC1; p=none")
            .timeout("_dmarc.slow.example")
            .servfail("_dmarc.broken.example")
            .add("_dmarc.np.example", "TXT", "v=DMARC1; p=none; np=reject")
            .timeout("hidden.np.example")
            .add("_dmarc.xn--bcher-kva.example", "TXT", "v=DMARC1; p=quarantine")
            .build();
    server = LoopbackDnsServer.start(zone);
    dns =
        DnsjavaClient.builder()
            .resolver(server.address())
            .timeout(Duration.ofMillis(300))
            .cache(false)
            .build();
    dmarc = DmarcCheck.builder(dns).build();
    dmarc7489 = DmarcCheck.builder(dns).mode(DmarcMode.RFC7489).build();
  }

  @AfterAll
  static void stop() {
    dns.close();
    server.close();
  }

  @Test
  void dkimRelaxedAlignmentPasses() {
    for (DmarcCheck check : List.of(dmarc, dmarc7489)) {
      DmarcResult r = check.evaluateSync("mail.example.com", List.of(), List.of("Example.COM."));
      assertThat(r.verdict()).as(r.toString()).isEqualTo(DmarcResult.Verdict.PASS);
      assertThat(r.alignedDkimDomain()).hasValue("example.com");
      assertThat(r.disposition()).hasValue(DmarcPolicy.NONE);
      assertThat(r.policy().appliedPolicy()).hasValue(DmarcPolicy.QUARANTINE);
    }
  }

  @Test
  void strictSpfAlignmentNeedsTheSameDomain() {
    DmarcResult sub =
        dmarc.evaluateSync("example.com", List.of("bounces.example.com"), List.of());
    assertThat(sub.verdict()).isEqualTo(DmarcResult.Verdict.FAIL);
    assertThat(sub.disposition()).hasValue(DmarcPolicy.REJECT);
    assertThat(sub.reason()).contains("aspf=s");
    DmarcResult same = dmarc.evaluateSync("example.com", List.of("example.com"), List.of());
    assertThat(same.verdict()).isEqualTo(DmarcResult.Verdict.PASS);
    assertThat(same.alignedSpfDomain()).hasValue("example.com");
  }

  @Test
  void unrelatedDomainsFailWithTheAppliedPolicy() {
    DmarcResult r =
        dmarc.evaluateSync("mail.example.com", List.of("example.net"), List.of("other.example"));
    assertThat(r.verdict()).isEqualTo(DmarcResult.Verdict.FAIL);
    assertThat(r.disposition()).hasValue(DmarcPolicy.QUARANTINE);
    assertThat(r.alignedDkimDomain()).isEmpty();
    assertThat(r.alignedSpfDomain()).isEmpty();
  }

  @Test
  void noRecordIsNoneNotFail() {
    DmarcResult r = dmarc.evaluateSync("nothing.example", List.of(), List.of("nothing.example"));
    assertThat(r.verdict()).isEqualTo(DmarcResult.Verdict.NONE);
    assertThat(r.policy().organizationalDomain()).hasValue("nothing.example");
    assertThat(r.policy().queried()).containsExactly("_dmarc.nothing.example", "_dmarc.example");
  }

  @Test
  void aTimeOutOrServfailIsATemporaryErrorNeverNone() {
    for (DmarcCheck check : List.of(dmarc, dmarc7489)) {
      DmarcPolicyResult slow = check.policySync("a.slow.example");
      assertThat(slow.status()).as(slow.toString()).isEqualTo(DmarcPolicyResult.Status.TEMPERROR);
      assertThat(slow.reason()).contains("timeout", "_dmarc.slow.example");
      DmarcPolicyResult broken = check.policySync("broken.example");
      assertThat(broken.status()).isEqualTo(DmarcPolicyResult.Status.TEMPERROR);
      assertThat(broken.reason()).contains("SERVFAIL");
      assertThat(check.evaluateSync("broken.example", List.of("broken.example"), List.of()).verdict())
          .isEqualTo(DmarcResult.Verdict.TEMPERROR);
    }
  }

  @Test
  void nonExistentSubdomainGetsNpAndAnExistingOneSp() {
    DmarcPolicyResult ghost = dmarc.policySync("ghost.example.com");
    assertThat(ghost.source()).hasValue(DmarcPolicyResult.PolicySource.NP);
    assertThat(ghost.appliedPolicy()).hasValue(DmarcPolicy.REJECT);
    DmarcPolicyResult mail = dmarc.policySync("mail.example.com");
    assertThat(mail.source()).hasValue(DmarcPolicyResult.PolicySource.SP);
    assertThat(mail.appliedPolicy()).hasValue(DmarcPolicy.QUARANTINE);
    // RFC 7489 knows no np: sp for both.
    assertThat(dmarc7489.policySync("ghost.example.com").appliedPolicy()).hasValue(DmarcPolicy.QUARANTINE);
  }

  @Test
  void anExistenceCheckThatTimesOutIsATemporaryError() {
    DmarcPolicyResult r = dmarc.policySync("hidden.np.example");
    assertThat(r.status()).as(r.toString()).isEqualTo(DmarcPolicyResult.Status.TEMPERROR);
    assertThat(r.reason()).contains("exists");
  }

  @Test
  void reportDestinationsNeedAuthorisationOutsideTheOrganizationalDomain() {
    DmarcPolicyResult p = dmarc.policySync("example.com");
    List<ReportAuthorization> a = dmarc.authorizeReports(p).toCompletableFuture().join();
    assertThat(a)
        .extracting(ReportAuthorization::tag, x -> x.destination().domain(), ReportAuthorization::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("rua", "example.com", ReportAuthorization.Status.NOT_NEEDED),
            org.assertj.core.groups.Tuple.tuple("rua", "reports.example.net", ReportAuthorization.Status.AUTHORIZED),
            org.assertj.core.groups.Tuple.tuple(
                "rua", "unauthorised.example.org", ReportAuthorization.Status.NOT_AUTHORIZED),
            org.assertj.core.groups.Tuple.tuple("ruf", "servfail.example.org", ReportAuthorization.Status.TEMPERROR));
    assertThat(a.get(1).queried()).isEqualTo("example.com._report._dmarc.reports.example.net");
    assertThat(dmarc.authorizeReports(dmarc.policySync("nothing.example")).toCompletableFuture().join())
        .isEmpty();
  }

  @Test
  void unicodeFromDomainsAreLookedUpInAsciiForm() {
    DmarcPolicyResult r = dmarc.policySync("BÜCHER.example");
    assertThat(r.domain()).isEqualTo("xn--bcher-kva.example");
    assertThat(r.appliedPolicy()).hasValue(DmarcPolicy.QUARANTINE);
  }

  @Test
  void badInputs() {
    assertThat(dmarc.policySync("a..example").status()).isEqualTo(DmarcPolicyResult.Status.PERMERROR);
    assertThat(dmarc.policySync("").status()).isEqualTo(DmarcPolicyResult.Status.PERMERROR);
    assertThat(dmarc.evaluateSync("bad domain", List.of(), List.of()).verdict())
        .isEqualTo(DmarcResult.Verdict.PERMERROR);
    assertThatThrownBy(() -> dmarc.policy(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("fromDomain must not be null");
    assertThatThrownBy(() -> dmarc.evaluate("example.com", java.util.Arrays.asList("a.example", null), List.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("spfDomains must not contain null");
    assertThatThrownBy(() -> DmarcCheck.builder(dns).timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> DmarcCheck.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dns must not be null");
  }

  @Test
  void theCallDeadlineGivesATemporaryError() {
    DmarcCheck quick = DmarcCheck.builder(dns).timeout(Duration.ofMillis(100)).build();
    // The server never answers for _dmarc.slow.example; the client would wait 300 ms.
    assertThat(quick.policy("slow.example"))
        .succeedsWithin(Duration.ofSeconds(5))
        .satisfies(r -> assertThat(r.status()).isEqualTo(DmarcPolicyResult.Status.TEMPERROR));
  }

  @Test
  void walkTargets() {
    assertThat(DmarcCheck.walkTargets("a.b.c.d.e.f.g.h.example.com"))
        .containsExactly(
            "a.b.c.d.e.f.g.h.example.com",
            "d.e.f.g.h.example.com",
            "e.f.g.h.example.com",
            "f.g.h.example.com",
            "g.h.example.com",
            "h.example.com",
            "example.com",
            "com");
    assertThat(DmarcCheck.walkTargets("com")).containsExactly("com");
    assertThat(DmarcCheck.walkTargets("a.b.c.d.e.f.g.h")).hasSize(8).startsWith("a.b.c.d.e.f.g.h", "b.c.d.e.f.g.h");
  }
}
