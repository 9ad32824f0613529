package io.github.bouncekit.dns.investigate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bouncekit.BounceClassifier;
import io.github.bouncekit.Cause;
import io.github.bouncekit.Diagnosis;
import io.github.bouncekit.dns.dkim.DkimKeyCheck;
import io.github.bouncekit.dns.dnsbl.DnsblCheck;
import io.github.bouncekit.dns.dnsbl.DnsblZones;
import io.github.bouncekit.dns.dnsjava.DnsjavaClient;
import io.github.bouncekit.dns.testserver.LoopbackDnsServer;
import io.github.bouncekit.dns.testserver.Zone;
import io.github.bouncekit.remedy.Remedy;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Investigator} over the real dnsjava client against the loopback DNS server: real replies
 * diagnosed by the default classifier, then checked against zone data that confirms or refutes
 * them.
 */
class InvestigatorTest {
  // RFC 8463's Ed25519 test key.
  private static final String ED25519 = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

  private static final BounceClassifier CLASSIFIER = BounceClassifier.defaults();
  private static LoopbackDnsServer server;
  private static DnsjavaClient dns;
  private static Investigator investigator;

  @BeforeAll
  static void start() throws IOException {
    Zone zone =
        Zone.builder()
            // 192.0.2.1: on SpamCop, proper reverse DNS, authorised by example.com's SPF.
            .add("1.2.0.192.bl.spamcop.net", "A", "127.0.0.2")
            .add("1.2.0.192.bl.spamcop.net", "TXT", "Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.1")
            .add("1.2.0.192.in-addr.arpa", "PTR", "mail.example.com")
            .add("mail.example.com", "A", "192.0.2.1")
            // 192.0.2.2: listed nowhere; a generic access-network PTR name that resolves back.
            .add("2.2.0.192.in-addr.arpa", "PTR", "192-0-2-2.pool.isp.example.net")
            .add("192-0-2-2.pool.isp.example.net", "A", "192.0.2.2")
            // 192.0.2.3: no PTR record. 192.0.2.4: a PTR name that points elsewhere.
            .add("4.2.0.192.in-addr.arpa", "PTR", "host.example.org")
            .add("host.example.org", "A", "192.0.2.44")
            // 192.0.2.5: the PTR look-up never answers; PSBL never answers for 192.0.2.6.
            .timeout("5.2.0.192.in-addr.arpa")
            .timeout("6.2.0.192.psbl.surriel.com")
            .add("example.com", "TXT", "v=spf1 ip4:192.0.2.1 -all")
            .add("_dmarc.example.com", "TXT", "v=DMARC1; p=reject")
            .add("s1._domainkey.example.com", "TXT", "v=DKIM1; k=ed25519; p=" + ED25519)
            .add("revoked._domainkey.example.com", "TXT", "v=DKIM1; p=")
            .add("nodmarc.example.net", "TXT", "v=spf1 ip4:192.0.2.1 -all")
            .timeout("slowspf.example.org")
            .build();
    server = LoopbackDnsServer.start(zone);
    dns =
        DnsjavaClient.builder()
            .resolver(server.address())
            .timeout(Duration.ofMillis(300))
            .cache(false)
            .build();
    investigator =
        Investigator.builder(dns)
            .dnsbl(
                DnsblCheck.builder(dns)
                    .zones(DnsblZones.defaults().only(List.of("spamcop", "psbl", "spamhaus-dbl")))
                    .timeout(Duration.ofSeconds(2))
                    .build())
            .build();
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

  private static List<String> ids(List<Remedy> remedies) {
    return remedies.stream().map(Remedy::id).toList();
  }

  private static Finding only(Investigation i, Check check) {
    List<Finding> f = i.findings().stream().filter(x -> x.check() == check).toList();
    assertThat(f).as("findings of %s in %s", check, i.findings()).hasSize(1);
    return f.get(0);
  }

  @Test
  void aBlocklistingIsConfirmedWithTheListAndItsRemovalPage() {
    Diagnosis d =
        CLASSIFIER.diagnose(
            "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using bl.spamcop.net;"
                + " Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.1");
    assertThat(d.cause()).isEqualTo(Cause.BLOCKLISTED);
    Investigation i = investigator.investigateSync(d, SenderFacts.none());
    assertThat(i.checks()).containsExactly(Check.DNSBL);
    // No IP given: the one the reply names is used, and the notes say so.
    assertThat(i.sender().ip()).contains(ip("192.0.2.1"));
    assertThat(i.notes()).anySatisfy(n -> assertThat(n).contains("192.0.2.1 was taken from the reply"));
    assertThat(i.confirmed()).isTrue();
    Finding f = i.problems().get(0);
    assertThat(f.subject()).isEqualTo("192.0.2.1");
    assertThat(f.summary()).contains("spamcop").contains("bl.shtml?192.0.2.1");
    assertThat(f.link()).hasValueSatisfying(l -> assertThat(l).contains("spamcop"));
    // PSBL answered "not listed": reported, but the listing decides.
    assertThat(i.findings()).extracting(Finding::verdict).doesNotContain(Verdict.UNKNOWN);
    // The delisting remedies come first.
    assertThat(ids(i.remedies()).subList(0, 3))
        .containsExactlyInAnyOrder("spamcop-removal", "check-blocklists", "request-delisting");
  }

  @Test
  void aBlocklistingTheListsDoNotShowIsReportedAsNoProblemAndItsRemediesGoLast() {
    Diagnosis d =
        CLASSIFIER.diagnose(
            "554 5.7.1 Service unavailable; Client host [192.0.2.2] blocked using bl.spamcop.net");
    Investigation i =
        investigator.investigateSync(
            d, SenderFacts.none().withIp("192.0.2.2").withMailFrom("bounces@example.com"));
    assertThat(i.notes()).noneMatch(n -> n.contains("taken from the reply"));
    assertThat(i.confirmed()).isFalse();
    // The IP and the sender's domain were both looked up.
    assertThat(i.findings())
        .extracting(Finding::subject, Finding::verdict)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("192.0.2.2", Verdict.NO_PROBLEM),
            org.assertj.core.groups.Tuple.tuple("example.com", Verdict.NO_PROBLEM));
    List<String> remedies = ids(i.remedies());
    assertThat(remedies.get(remedies.size() - 1)).isIn("spamcop-removal", "check-blocklists", "request-delisting");
    assertThat(remedies.get(0)).isNotIn("spamcop-removal", "check-blocklists", "request-delisting");
  }

  @Test
  void aListThatGivesNoAnswerIsUnknownNeverClean() {
    Diagnosis d = CLASSIFIER.diagnose("554 5.7.1 Client host [192.0.2.6] blocked using psbl.surriel.com");
    Investigation i = investigator.investigateSync(d, SenderFacts.none());
    assertThat(i.findings())
        .filteredOn(f -> f.verdict() == Verdict.UNKNOWN)
        .singleElement()
        .satisfies(f -> assertThat(f.summary()).contains("psbl"));
    assertThat(i.findings())
        .filteredOn(f -> f.verdict() == Verdict.NO_PROBLEM)
        .singleElement()
        .satisfies(f -> assertThat(f.summary()).contains("spamcop").doesNotContain("psbl"));
  }

  @Test
  void withoutAnyIpTheBlocklistCheckSaysWhatIsMissing() {
    Diagnosis d = CLASSIFIER.diagnose("550 5.7.1 Your IP is listed on a DNS blocklist");
    Investigation i = investigator.investigateSync(d, SenderFacts.none());
    Finding f = only(i, Check.DNSBL);
    assertThat(f.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(f.summary()).contains("SenderFacts.withIp");
  }

  @Test
  void anSpfFailureIsConfirmedForAnIpTheRecordDoesNotAuthorise() {
    Diagnosis d =
        CLASSIFIER.diagnose(
            "550 5.7.23 The message was rejected because of Sender Policy Framework violation");
    assertThat(d.cause()).isEqualTo(Cause.AUTH_SPF);
    Investigation i =
        investigator.investigateSync(
            d, SenderFacts.none().withIp("192.0.2.2").withMailFrom("bounces@example.com"));
    Finding f = only(i, Check.SPF);
    assertThat(f.verdict()).isEqualTo(Verdict.PROBLEM);
    assertThat(f.subject()).isEqualTo("example.com");
    assertThat(f.summary()).startsWith("SPF fail").contains("does not authorise 192.0.2.2");
    assertThat(ids(i.remedies()).get(0)).isIn("publish-spf", "fix-spf-include", "outlook-spf-include");

    Investigation ok =
        investigator.investigateSync(
            d, SenderFacts.none().withIp("192.0.2.1").withMailFrom("bounces@example.com"));
    assertThat(only(ok, Check.SPF).verdict()).isEqualTo(Verdict.NO_PROBLEM);
    assertThat(only(ok, Check.SPF).summary()).contains("authorises 192.0.2.1").contains("ip4:192.0.2.1");
  }

  @Test
  void anSpfTimeOutIsUnknown() {
    Diagnosis d =
        CLASSIFIER.diagnose(
            "550 5.7.23 The message was rejected because of Sender Policy Framework violation");
    Investigation i =
        investigator.investigateSync(
            d, SenderFacts.none().withIp("192.0.2.1").withMailFrom("a@slowspf.example.org"));
    assertThat(only(i, Check.SPF).verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(only(i, Check.SPF).summary()).contains("temperror");
  }

  private static final String GMAIL_DMARC =
      "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's\n"
          + "550 5.7.26 DMARC policy. Please contact the administrator of example.com domain. - gsmtp";

  @Test
  void aDmarcFailureRunsSpfDkimAndDmarcAndAnAlignedDkimKeyPasses() {
    Diagnosis d = CLASSIFIER.diagnose(GMAIL_DMARC);
    assertThat(d.cause()).isEqualTo(Cause.AUTH_DMARC);
    SenderFacts facts =
        SenderFacts.none()
            .withIp("192.0.2.2")
            .withMailFrom("bounces@example.com")
            .withFromDomain("News <news@Example.COM>");
    Investigation noKey = investigator.investigateSync(d, facts);
    assertThat(noKey.checks()).containsExactly(Check.SPF, Check.DKIM_KEY, Check.DMARC);
    assertThat(only(noKey, Check.SPF).verdict()).isEqualTo(Verdict.PROBLEM);
    assertThat(only(noKey, Check.DKIM_KEY).verdict()).isEqualTo(Verdict.UNKNOWN);
    // SPF fails and no selector was given: an aligned DKIM pass may exist, so DMARC is unknown.
    Finding unknown = only(noKey, Check.DMARC);
    assertThat(unknown.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(unknown.summary()).contains("no DKIM selector was given").contains("policy reject");

    Investigation withKey = investigator.investigateSync(d, facts.withDkimSelector("s1", "example.com"));
    assertThat(only(withKey, Check.DKIM_KEY).verdict()).isEqualTo(Verdict.NO_PROBLEM);
    assertThat(only(withKey, Check.DKIM_KEY).summary()).contains("ed25519");
    Finding pass = only(withKey, Check.DMARC);
    assertThat(pass.verdict()).isEqualTo(Verdict.NO_PROBLEM);
    assertThat(pass.summary()).contains("DKIM key of example.com");

    Investigation revoked =
        investigator.investigateSync(d, facts.withDkimSelector("revoked", "example.com"));
    assertThat(only(revoked, Check.DKIM_KEY).verdict()).isEqualTo(Verdict.PROBLEM);
    Finding fail = only(revoked, Check.DMARC);
    assertThat(fail.verdict()).isEqualTo(Verdict.PROBLEM);
    assertThat(fail.summary()).startsWith("DMARC fail (policy reject)");
    assertThat(revoked.problems()).extracting(Finding::check)
        .containsExactly(Check.SPF, Check.DKIM_KEY, Check.DMARC);
    assertThat(ids(revoked.remedies()).get(0)).isIn("sign-dkim", "align-from-domain", "publish-dmarc", "outlook-spf-include");
  }

  @Test
  void anSpfPassForTheFromDomainAlignsAndAMissingDmarcRecordIsAProblem() {
    Diagnosis d = CLASSIFIER.diagnose(GMAIL_DMARC);
    Investigation aligned =
        investigator.investigateSync(
            d, SenderFacts.none().withIp("192.0.2.1").withMailFrom("bounces@example.com"));
    assertThat(only(aligned, Check.DMARC).verdict()).isEqualTo(Verdict.NO_PROBLEM);
    assertThat(only(aligned, Check.DMARC).summary()).contains("SPF pass for example.com");

    Investigation none =
        investigator.investigateSync(
            d, SenderFacts.none().withIp("192.0.2.1").withMailFrom("bounces@nodmarc.example.net"));
    Finding f = only(none, Check.DMARC);
    assertThat(f.verdict()).isEqualTo(Verdict.PROBLEM);
    assertThat(f.summary()).startsWith("no DMARC policy for nodmarc.example.net");
    assertThat(ids(none.remedies()).get(0)).isIn("publish-dmarc", "align-from-domain", "sign-dkim", "outlook-spf-include");
  }

  @Test
  void aMissingPtrIsConfirmedRefutedOrUnknownByReverseDns() {
    Diagnosis d =
        CLASSIFIER.diagnose(
            "550-5.7.25 [192.0.2.3] The IP address sending this message does not have a PTR\n"
                + "550-5.7.25 record setup, or the corresponding forward DNS entry does not point\n"
                + "550 5.7.25 to the sending IP. - gsmtp");
    assertThat(d.cause()).isEqualTo(Cause.MISSING_PTR);
    Finding none = only(investigator.investigateSync(d, SenderFacts.none()), Check.PTR);
    assertThat(none.verdict()).isEqualTo(Verdict.PROBLEM);
    assertThat(none.summary()).startsWith("no PTR record for 192.0.2.3");

    Finding good = only(investigator.investigateSync(d, SenderFacts.none().withIp("192.0.2.1")), Check.PTR);
    assertThat(good.verdict()).isEqualTo(Verdict.NO_PROBLEM);
    assertThat(good.summary()).contains("mail.example.com").contains("resolves back");

    Finding generic = only(investigator.investigateSync(d, SenderFacts.none().withIp("192.0.2.2")), Check.PTR);
    assertThat(generic.verdict()).isEqualTo(Verdict.PROBLEM);
    assertThat(generic.summary()).contains("generic");

    Finding elsewhere = only(investigator.investigateSync(d, SenderFacts.none().withIp("192.0.2.4")), Check.PTR);
    assertThat(elsewhere.verdict()).isEqualTo(Verdict.PROBLEM);
    assertThat(elsewhere.summary()).contains("do not resolve back");

    Finding timeout = only(investigator.investigateSync(d, SenderFacts.none().withIp("192.0.2.5")), Check.PTR);
    assertThat(timeout.verdict()).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void aCauseDnsCannotSpeakToRunsNoCheck() {
    Diagnosis d = CLASSIFIER.diagnose("550 5.1.1 <a@example.net>: Recipient address rejected: User unknown");
    Investigation i = investigator.investigateSync(d, SenderFacts.none().withIp("192.0.2.1"));
    assertThat(i.checks()).isEmpty();
    assertThat(i.findings()).isEmpty();
    assertThat(i.confirmed()).isFalse();
    assertThat(i.remedies()).isEqualTo(d.remedies());
    assertThat(i.notes()).singleElement().satisfies(n -> assertThat(n).contains("user_unknown"));
  }

  @Test
  void checksCanBeAskedForWithoutADiagnosis() {
    List<Finding> f =
        investigator.checkSync(
            Set.of(Check.DMARC, Check.PTR),
            SenderFacts.none().withIp("192.0.2.1").withMailFrom("bounces@example.com"));
    assertThat(f).extracting(Finding::check)
        .containsExactly(Check.SPF, Check.DKIM_KEY, Check.DMARC, Check.PTR);
    assertThat(f).extracting(Finding::verdict)
        .containsExactly(Verdict.NO_PROBLEM, Verdict.UNKNOWN, Verdict.NO_PROBLEM, Verdict.NO_PROBLEM);
  }

  @Test
  void theChecksEachCauseCallsFor() {
    assertThat(Investigator.checksFor(Cause.BLOCKLISTED)).containsExactly(Check.DNSBL);
    assertThat(Investigator.checksFor(Cause.BLOCKED_UNSPECIFIED)).containsExactlyInAnyOrder(Check.DNSBL, Check.PTR);
    assertThat(Investigator.checksFor(Cause.AUTH_UNAUTHENTICATED))
        .containsExactlyInAnyOrder(Check.SPF, Check.DKIM_KEY, Check.DMARC);
    assertThat(Investigator.checksFor(Cause.MISSING_PTR)).containsExactly(Check.PTR);
    for (Cause c : List.of(Cause.USER_UNKNOWN, Cause.MAILBOX_FULL, Cause.RATE_LIMITED, Cause.UNKNOWN)) {
      assertThat(Investigator.checksFor(c)).as("%s", c).isEmpty();
    }
  }

  @Test
  void theReplysAddressIsUsedOnlyWhenPublic() {
    assertThat(Investigator.publicAddress(List.of("10.1.2.3", "192.168.0.1", "127.0.0.1", "100.64.0.9",
        "fd00::1", "fe80::1", "192.0.2.9"))).contains(ip("192.0.2.9"));
    assertThat(Investigator.publicAddress(List.of("10.1.2.3", "not an ip"))).isEmpty();
  }

  @Test
  void genericPtrNames() {
    InetAddress a = ip("192.0.2.2");
    assertThat(Investigator.looksGeneric("192-0-2-2.pool.example.net", a)).isTrue();
    assertThat(Investigator.looksGeneric("c-2.2.0.192.example.net", a)).isTrue();
    assertThat(Investigator.looksGeneric("host192-000-002-002.example.net", a)).isTrue();
    assertThat(Investigator.looksGeneric("dsl-static.example.net", a)).isTrue();
    assertThat(Investigator.looksGeneric("mail.example.com", a)).isFalse();
    assertThat(Investigator.looksGeneric("mx2.example.com", a)).isFalse();
    assertThat(Investigator.looksGeneric("192-0-2-3.example.net", a)).isFalse();
  }

  @Test
  void remediesAreReorderedByTheFindings() {
    List<Remedy> r =
        List.of(remedy("improve-reputation"), remedy("publish-spf"), remedy("set-ptr-record"),
            remedy("spamhaus-removal"));
    List<Finding> f =
        List.of(
            Finding.of(Check.SPF, Verdict.NO_PROBLEM, "example.com", "pass"),
            Finding.of(Check.DNSBL, Verdict.PROBLEM, "192.0.2.1", "listed"),
            Finding.of(Check.PTR, Verdict.UNKNOWN, "192.0.2.1", "timeout"));
    assertThat(ids(Investigator.reorder(r, f)))
        .containsExactly("spamhaus-removal", "improve-reputation", "set-ptr-record", "publish-spf");
  }

  @Test
  void senderFactsCheckTheirInputs() {
    assertThatThrownBy(() -> SenderFacts.none().withIp("mail.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an IP address")
        .hasMessageContaining("not a host name");
    assertThat(SenderFacts.none().withIp("[IPv6:2001:db8::1]").ip()).contains(ip("2001:db8::1"));
    assertThat(SenderFacts.none().withIp("::ffff:192.0.2.1").ip()).contains(ip("192.0.2.1"));
    assertThatThrownBy(() -> SenderFacts.none().withMailFrom("nobody"))
        .hasMessageContaining("bounces@example.com");
    assertThatThrownBy(() -> SenderFacts.none().withFromDomain("exa mple.com"))
        .hasMessageContaining("the From domain must be a domain name");
    assertThatThrownBy(() -> SenderFacts.none().withDkimSelector("s 1", "example.com"))
        .hasMessageContaining("DKIM selector");
    SenderFacts s = SenderFacts.none().withMailFrom("<Bounces@Example.COM.>");
    assertThat(s.mailFrom()).contains("Bounces@example.com");
    assertThat(s.dmarcDomain()).contains("example.com");
    assertThat(s.withFromDomain("news@example.org").dmarcDomain()).contains("example.org");
    SenderFacts many = SenderFacts.none();
    for (int k = 0; k < SenderFacts.MAX_SELECTORS; k++) {
      many = many.withDkimSelector("s" + k, "example.com");
    }
    SenderFacts full = many;
    assertThatThrownBy(() -> full.withDkimSelector("one-more", "example.com"))
        .hasMessageContaining("at most 16");
    assertThat(full.dkimSelectors()).first().isEqualTo(new DkimKeyCheck.Selector("s0", "example.com"));
  }

  private static Remedy remedy(String id) {
    return new Remedy(id, id, id, Optional.empty());
  }

  private static InetAddress ip(String literal) {
    return SenderFacts.parseIp(literal);
  }
}
