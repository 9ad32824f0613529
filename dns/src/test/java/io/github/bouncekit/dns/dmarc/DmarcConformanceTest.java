package io.github.bouncekit.dns.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.dns.dnsjava.DnsjavaClient;
import io.github.bouncekit.dns.testserver.LoopbackDnsServer;
import io.github.bouncekit.dns.testserver.Zone;
import java.io.IOException;
import java.net.IDN;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DMARC conformance data end to end: {@link DmarcCheck} over the real dnsjava client, over UDP,
 * against the loopback DNS server.
 *
 * <ul>
 *   <li>{@code psl/test_psl.txt}: RFC 7489 discovery finds the record published at each case's
 *       registrable domain, which is the Organizational Domain;
 *   <li>{@code record-parsing.yml}: each record is served at {@code _dmarc.<id>.example} and
 *       discovered for the From domain {@code <id>.example}, under both modes; the record found must
 *       be the one the parser gives (the assertions of {@link ParsingExpectations}), and the policy
 *       applied {@code p} (one level weaker with {@code t=y});
 *   <li>{@code policy-discovery.yml}: each scenario's zone data, under both modes: the policy
 *       domain, the Organizational Domain, the policy applied and the tag it came from, relaxed DKIM
 *       alignment where given, and the number of {@code _dmarc} queries.
 * </ul>
 */
class DmarcConformanceTest {
  private static final Duration CLIENT_TIMEOUT = Duration.ofMillis(500);

  private static LoopbackDnsServer server;
  private static DnsjavaClient dns;
  private static Zone parsingZone;
  private static Zone pslZone;

  @BeforeAll
  static void start() throws IOException {
    Zone.Builder zone = Zone.builder();
    for (DmarcSuite.ParsingCase c : DmarcSuite.parsingCases()) {
      if (c.mode() == DmarcMode.RFC9989) { // one record per id; both modes read the same zone
        zone.add(c.id() + ".example", "A", "192.0.2.1");
        zone.add("_dmarc." + c.id() + ".example", "TXT", c.record());
      }
    }
    parsingZone = zone.build();
    // test_psl.txt over DNS: a record at _dmarc.<expected registrable domain> of each case.
    Zone.Builder psl = Zone.builder();
    for (DmarcSuite.PslCase c : DmarcSuite.pslCases()) {
      c.expected()
          .ifPresent(org -> psl.add("_dmarc." + IDN.toASCII(org), "TXT", "v=DMARC1; p=reject"));
    }
    pslZone = psl.build();
    server = LoopbackDnsServer.start(parsingZone);
    dns = DnsjavaClient.builder().resolver(server.address()).timeout(CLIENT_TIMEOUT).cache(false).build();
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

  private static DmarcCheck check(DmarcMode mode) {
    return DmarcCheck.builder(dns).mode(mode).timeout(Duration.ofSeconds(10)).build();
  }

  static List<DmarcSuite.ParsingCase> parsing() {
    return DmarcSuite.parsingCases();
  }

  static List<DmarcSuite.DiscoveryCase> discovery() {
    return DmarcSuite.discoveryCases();
  }

  static List<DmarcSuite.PslCase> psl() {
    return DmarcSuite.pslCases();
  }

  @Test
  void suiteSizes() {
    assertThat(parsing()).hasSize(78);
    assertThat(discovery()).hasSize(20);
    assertThat(psl()).hasSize(78);
  }

  /**
   * {@code test_psl.txt} through RFC 7489 discovery over DNS: for a name under a registrable
   * domain, the record published at {@code _dmarc.<registrable domain>} is found there, and that
   * domain is the Organizational Domain (in ASCII form: names are looked up as A-labels). A name
   * that is a public suffix itself is its own Organizational Domain; a malformed one (a leading
   * dot) is a permanent error.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("psl")
  void publicSuffixListOverDns(DmarcSuite.PslCase c) throws Exception {
    server.setZone(pslZone);
    if (c.input().isEmpty()) {
      assertThat(c.expected()).isEmpty(); // checkPublicSuffix(null, null): null is refused
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> check(DmarcMode.RFC7489).policy(null))
          .isInstanceOf(NullPointerException.class);
      return;
    }
    String input = c.input().get();
    DmarcPolicyResult p =
        check(DmarcMode.RFC7489).policy(input).toCompletableFuture().get(20, TimeUnit.SECONDS);
    if (input.startsWith(".")) {
      assertThat(c.expected()).isEmpty();
      assertThat(p.status()).as(p.toString()).isEqualTo(DmarcPolicyResult.Status.PERMERROR);
      return;
    }
    String asciiInput = IDN.toASCII(input).toLowerCase(java.util.Locale.ROOT);
    if (c.expected().isEmpty()) {
      assertThat(p.organizationalDomain()).as(p.toString()).hasValue(asciiInput);
      assertThat(p.queried()).containsExactly("_dmarc." + asciiInput);
      return;
    }
    String org = IDN.toASCII(c.expected().get());
    assertThat(p.organizationalDomain()).as(p.toString()).hasValue(org);
    assertThat(p.status()).as(p.toString()).isEqualTo(DmarcPolicyResult.Status.FOUND);
    assertThat(p.policyDomain()).hasValue(org);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsing")
  void recordParsing(DmarcSuite.ParsingCase c) throws Exception {
    server.setZone(parsingZone);
    DmarcPolicyResult p =
        check(c.mode()).policy(c.id() + ".example").toCompletableFuture().get(20, TimeUnit.SECONDS);
    String outcome = ParsingExpectations.expectedOutcome(c);
    switch (outcome) {
      case "valid":
        assertThat(p.status()).as("%s: %s", c, p).isEqualTo(DmarcPolicyResult.Status.FOUND);
        assertThat(p.policyDomain()).hasValue(c.id() + ".example");
        DmarcRecord rec = p.record().orElseThrow();
        // The record that came over DNS is the record as published.
        assertThat(rec.text()).isEqualTo(c.record());
        ParsingExpectations.check(c, DmarcRecord.parse(rec.text(), c.mode()));
        DmarcPolicy expected = rec.testing() ? rec.policy().weaker() : rec.policy();
        assertThat(p.appliedPolicy()).as("%s: applied", c).hasValue(expected);
        assertThat(p.source()).hasValue(DmarcPolicyResult.PolicySource.P);
        if (c.id().equals("cd-t") && c.mode() == DmarcMode.RFC9989) {
          assertThat(p.appliedPolicy()).hasValue(DmarcPolicy.QUARANTINE); // reject, one weaker
        }
        break;
      case "no-policy":
      case "not-dmarc":
        assertThat(p.status()).as("%s: %s", c, p).isEqualTo(DmarcPolicyResult.Status.NONE);
        assertThat(p.appliedPolicy()).isEmpty();
        break;
      case "invalid":
        assertThat(p.status()).as("%s: %s", c, p).isEqualTo(DmarcPolicyResult.Status.PERMERROR);
        break;
      default:
        throw new IllegalStateException(outcome);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("discovery")
  void policyDiscovery(DmarcSuite.DiscoveryCase c) throws Exception {
    server.setZone(Zone.fromSuiteZonedata(c.zonedata()));
    server.clearQueries();
    DmarcCheck check = check(c.mode());
    DmarcPolicyResult p = check.policy(c.author()).toCompletableFuture().get(20, TimeUnit.SECONDS);
    List<String> dmarcQueries =
        server.queries().stream().filter(q -> q.startsWith("_dmarc.")).collect(Collectors.toList());
    Map<String, Object> e = c.expected();

    Object policyDomain = e.get("policy_domain");
    if (policyDomain == null) {
      assertThat(p.policyDomain()).as("%s: policy domain (%s)", c, p).isEmpty();
    } else {
      assertThat(p.policyDomain()).as("%s: policy domain (%s)", c, p).hasValue(policyDomain.toString());
    }
    if (e.containsKey("org_domain")) {
      assertThat(p.organizationalDomain()).as("%s: org domain", c).hasValue(String.valueOf(e.get("org_domain")));
    }
    String applied = String.valueOf(e.get("applied"));
    if (applied.equals("no-dmarc")) {
      assertThat(p.status()).as("%s: %s", c, p).isEqualTo(DmarcPolicyResult.Status.NONE);
      assertThat(p.appliedPolicy()).isEmpty();
    } else {
      assertThat(p.status()).as("%s: %s", c, p).isEqualTo(DmarcPolicyResult.Status.FOUND);
      assertThat(p.appliedPolicy().map(DmarcPolicy::token)).as("%s: applied (%s)", c, p).hasValue(applied);
    }
    if (e.containsKey("via")) {
      // "sp", "np", or "sp defaults to p": the first word names the rule.
      String via = String.valueOf(e.get("via")).split(" ")[0];
      assertThat(p.source().map(s -> s.name().toLowerCase(java.util.Locale.ROOT)))
          .as("%s: via", c)
          .hasValue(via);
    }
    if (e.containsKey("queries")) {
      assertThat(dmarcQueries).as("%s: _dmarc queries", c).hasSize(((Number) e.get("queries")).intValue());
    }
    if (e.containsKey("queries_max")) {
      int max = ((Number) e.get("queries_max")).intValue();
      assertThat(dmarcQueries).as("%s: _dmarc queries", c).hasSizeLessThanOrEqualTo(max).doesNotHaveDuplicates();
      if (c.id().equals("long-name-skips-levels")) {
        // the 9- and 8-label levels are never queried
        assertThat(dmarcQueries)
            .doesNotContain("_dmarc.b.c.d.e.f.g.h.example.com TXT", "_dmarc.c.d.e.f.g.h.example.com TXT");
      }
    }
    assertThat(p.queried()).as("%s: queried names", c).hasSameSizeAs(dmarcQueries);
    Optional<String> dkim = c.dkimDomain();
    if (e.containsKey("relaxed_dkim_aligned") && dkim.isPresent()) {
      boolean aligned = Boolean.TRUE.equals(e.get("relaxed_dkim_aligned"));
      DmarcResult r =
          check.evaluate(c.author(), List.of(), List.of(dkim.get())).toCompletableFuture().get(20, TimeUnit.SECONDS);
      assertThat(r.policy().record().orElseThrow().dkimAlignment()).isEqualTo(DmarcRecord.Alignment.RELAXED);
      assertThat(r.alignedDkimDomain().isPresent()).as("%s: relaxed DKIM alignment (%s)", c, r).isEqualTo(aligned);
      assertThat(r.verdict()).isEqualTo(aligned ? DmarcResult.Verdict.PASS : DmarcResult.Verdict.FAIL);
    }
  }
}
