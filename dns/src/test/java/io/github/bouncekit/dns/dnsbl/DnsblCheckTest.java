package io.github.bouncekit.dns.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bouncekit.dns.DnsAnswer;
import io.github.bouncekit.dns.dnsbl.ZoneResult.ErrorKind;
import io.github.bouncekit.dns.dnsbl.ZoneResult.Health;
import io.github.bouncekit.dns.dnsbl.ZoneResult.Status;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link DnsblCheck} over an in-memory client: outcomes, errors, the health probe. */
class DnsblCheckTest {
  private static final DnsblZones ZEN_AND_URIBL =
      DnsblZones.defaults().only(List.of("spamhaus-zen", "uribl"));

  private static DnsblCheck check(FakeDns dns, DnsblZones zones, boolean probe) {
    return DnsblCheck.builder(dns)
        .zones(zones)
        .timeout(Duration.ofMillis(300))
        .healthProbe(probe)
        .build();
  }

  private static ZoneResult only(DnsblReport r) {
    assertThat(r.results()).hasSize(1);
    return r.results().get(0);
  }

  @Test
  void aListingCarriesItsMeaningsAndTheTxtReason() {
    FakeDns dns =
        new FakeDns()
            .listed("99.2.0.192.zen.spamhaus.org", "127.0.0.4", "127.0.0.10")
            .txt("99.2.0.192.zen.spamhaus.org", "https://check.spamhaus.org/query/ip/192.0.2.99");
    DnsblReport r = check(dns, ZEN_AND_URIBL, false).checkSync("192.0.2.99");
    ZoneResult z = only(r);
    assertThat(z.status()).isEqualTo(Status.LISTED);
    assertThat(z.answers()).containsExactly("127.0.0.4", "127.0.0.10");
    assertThat(z.meanings()).hasSize(2);
    assertThat(z.meanings().get(0)).startsWith("XBL");
    assertThat(z.meanings().get(1)).startsWith("PBL").contains("policy, not abuse");
    assertThat(z.txt()).contains("https://check.spamhaus.org/query/ip/192.0.2.99");
    assertThat(r.skipped()).extracting(DnsblZone::id).containsExactly("uribl");
    assertThat(r.isListed()).isTrue();
    assertThat(r.isClean()).isFalse();
  }

  @Test
  void anErrorCodeAmongListingsMakesTheWholeAnswerAnError() {
    FakeDns dns = new FakeDns().listed("99.2.0.192.zen.spamhaus.org", "127.0.0.2", "127.255.255.254");
    ZoneResult z = only(check(dns, ZEN_AND_URIBL, false).checkSync("192.0.2.99"));
    assertThat(z.status()).isEqualTo(Status.ERROR);
    assertThat(z.error()).contains(ErrorKind.ERROR_ANSWER);
    assertThat(z.meanings()).isEmpty();
    assertThat(dns.queries).doesNotContain("99.2.0.192.zen.spamhaus.org TXT");
  }

  @Test
  void unknownCodesAndBitsAreStillListingsPerRfc5782() {
    FakeDns dns =
        new FakeDns()
            .listed("99.2.0.192.zen.spamhaus.org", "127.0.0.6")
            .listed("example.com.multi.uribl.com", "127.0.0.18");
    DnsblCheck c = check(dns, ZEN_AND_URIBL, false);
    ZoneResult zen = only(c.checkSync("192.0.2.99"));
    assertThat(zen.status()).isEqualTo(Status.LISTED);
    assertThat(zen.meanings()).containsExactly("127.0.0.6: a return code the zone table does not know");
    ZoneResult uribl = only(c.checkSync("example.com"));
    assertThat(uribl.meanings()).hasSize(2);
    assertThat(uribl.meanings().get(0)).startsWith("black");
    assertThat(uribl.meanings().get(1)).isEqualTo("bit 16: not in the zone table");
  }

  @Test
  void dnsFailuresAreErrorsOfTheirKind() {
    FakeDns dns =
        new FakeDns()
            .failure("1.2.0.192.zen.spamhaus.org", DnsAnswer.Failure.Kind.SERVFAIL)
            .failure("2.2.0.192.zen.spamhaus.org", DnsAnswer.Failure.Kind.REFUSED)
            .failure("3.2.0.192.zen.spamhaus.org", DnsAnswer.Failure.Kind.TIMEOUT)
            .failure("4.2.0.192.zen.spamhaus.org", DnsAnswer.Failure.Kind.OTHER)
            .throwing("5.2.0.192.zen.spamhaus.org")
            .failing("6.2.0.192.zen.spamhaus.org")
            .never("7.2.0.192.zen.spamhaus.org")
            .noData("8.2.0.192.zen.spamhaus.org");
    DnsblCheck c = check(dns, ZEN_AND_URIBL, false);
    assertThat(only(c.checkSync("192.0.2.1")).error()).contains(ErrorKind.SERVFAIL);
    assertThat(only(c.checkSync("192.0.2.2")).error()).contains(ErrorKind.REFUSED);
    assertThat(only(c.checkSync("192.0.2.3")).error()).contains(ErrorKind.TIMEOUT);
    assertThat(only(c.checkSync("192.0.2.4")).error()).contains(ErrorKind.DNS_ERROR);
    assertThat(only(c.checkSync("192.0.2.5")).error()).contains(ErrorKind.DNS_ERROR);
    assertThat(only(c.checkSync("192.0.2.6")).error()).contains(ErrorKind.DNS_ERROR);
    ZoneResult silent = only(c.checkSync("192.0.2.7"));
    assertThat(silent.error()).contains(ErrorKind.TIMEOUT);
    assertThat(silent.detail()).contains("no answer within 300 ms");
    ZoneResult noData = only(c.checkSync("192.0.2.8"));
    assertThat(noData.status()).isEqualTo(Status.NOT_LISTED);
    assertThat(noData.detail()).contains("NODATA");
    assertThat(only(c.checkSync("192.0.2.9")).status()).isEqualTo(Status.NOT_LISTED);
  }

  @Test
  void aListingWhoseTxtNeverArrivesKeepsTheListingAtTheDeadline() {
    FakeDns dns = new FakeDns().listed("99.2.0.192.zen.spamhaus.org", "127.0.0.2");
    DnsblCheck c =
        DnsblCheck.builder(new TxtNeverAnswers(dns))
            .zones(ZEN_AND_URIBL)
            .timeout(Duration.ofMillis(200))
            .build();
    ZoneResult z = only(c.checkSync("192.0.2.99"));
    assertThat(z.status()).isEqualTo(Status.LISTED);
    assertThat(z.txt()).isEmpty();
    assertThat(z.detail()).contains("TXT reason unanswered at the deadline");
  }

  @Test
  void theHealthProbeTellsNotListedFromAListThatAnswersNothing() {
    // A healthy zone: 127.0.0.2 listed, 127.0.0.1 not.
    FakeDns healthy = new FakeDns().listed("2.0.0.127.zen.spamhaus.org", "127.0.0.2");
    ZoneResult ok = only(check(healthy, ZEN_AND_URIBL, true).checkSync("192.0.2.99"));
    assertThat(ok.status()).isEqualTo(Status.NOT_LISTED);
    assertThat(ok.health()).isEqualTo(Health.PASSED);
    assertThat(healthy.queries)
        .contains("2.0.0.127.zen.spamhaus.org A", "1.0.0.127.zen.spamhaus.org A");

    // A dead zone (or a blocked resolver): NXDOMAIN for everything, the test point too.
    ZoneResult dead = only(check(new FakeDns(), ZEN_AND_URIBL, true).checkSync("192.0.2.99"));
    assertThat(dead.status()).isEqualTo(Status.ERROR);
    assertThat(dead.error()).contains(ErrorKind.LIST_UNUSABLE);
    assertThat(dead.health()).isEqualTo(Health.FAILED);
    assertThat(dead.detail()).contains("127.0.0.2 NOT listed");

    // A zone that lists everything.
    FakeDns all =
        new FakeDns()
            .listed("2.0.0.127.zen.spamhaus.org", "127.0.0.2")
            .listed("1.0.0.127.zen.spamhaus.org", "127.0.0.2")
            .listed("99.2.0.192.zen.spamhaus.org", "127.0.0.2");
    ZoneResult everything = only(check(all, ZEN_AND_URIBL, true).checkSync("192.0.2.99"));
    assertThat(everything.error()).contains(ErrorKind.LIST_UNUSABLE);

    // A test point that fails says nothing about the zone's own answer.
    FakeDns flaky =
        new FakeDns()
            .failure("2.0.0.127.zen.spamhaus.org", DnsAnswer.Failure.Kind.SERVFAIL)
            .listed("99.2.0.192.zen.spamhaus.org", "127.0.0.3");
    ZoneResult stands = only(check(flaky, ZEN_AND_URIBL, true).checkSync("192.0.2.99"));
    assertThat(stands.status()).isEqualTo(Status.LISTED);
    assertThat(stands.health()).isEqualTo(Health.INCONCLUSIVE);
  }

  @Test
  void theProbeUsesTheTestPointsOfTheTargetsKind() {
    FakeDns dns =
        new FakeDns()
            .listed("test.multi.uribl.com", "127.0.0.14")
            .listed(
                "2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.zen.spamhaus.org",
                "127.0.0.2");
    DnsblCheck c = check(dns, ZEN_AND_URIBL, true);
    assertThat(only(c.checkSync("example.com")).health()).isEqualTo(Health.PASSED);
    assertThat(dns.queries).contains("invalid.multi.uribl.com A");
    assertThat(only(c.checkSync("2001:db8::1")).health()).isEqualTo(Health.PASSED);
  }

  @Test
  void aQueryNameLongerThanDnsAllowsIsAnErrorWithoutAQuery() {
    String label = "a".repeat(63);
    String domain = label + "." + label + "." + label + "." + "b".repeat(50); // 242 characters
    FakeDns dns = new FakeDns();
    ZoneResult z = only(check(dns, ZEN_AND_URIBL, false).checkSync(domain));
    assertThat(z.error()).contains(ErrorKind.NAME_TOO_LONG);
    assertThat(dns.queries).isEmpty();
  }

  @Test
  void anInetAddressWorksLikeItsText() throws Exception {
    FakeDns dns = new FakeDns().listed("99.2.0.192.zen.spamhaus.org", "127.0.0.2");
    DnsblReport r =
        check(dns, ZEN_AND_URIBL, false)
            .check(InetAddress.getByName("192.0.2.99"))
            .toCompletableFuture()
            .join();
    assertThat(r.target().value()).isEqualTo("192.0.2.99");
    assertThat(r.isListed()).isTrue();
  }

  @Test
  void badArgumentsSayWhatIsWrong() {
    DnsblCheck c = check(new FakeDns(), ZEN_AND_URIBL, false);
    assertThatThrownBy(() -> c.check("1.2.3.256"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither an IPv4 address");
    assertThatThrownBy(() -> c.check((String) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> DnsblCheck.builder(new FakeDns()).timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> DnsblCheck.builder(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void resultsRejectInconsistentParts() {
    DnsblZone zen = DnsblZones.defaults().get("spamhaus-zen").orElseThrow();
    assertThatThrownBy(
            () ->
                new ZoneResult(
                    zen, "q", Status.LISTED, List.of(), List.of(), Optional.empty(),
                    Optional.of(ErrorKind.TIMEOUT), Health.NOT_PROBED, "d"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new ZoneResult(
                    zen, "q", Status.ERROR, List.of(), List.of("m"), Optional.empty(),
                    Optional.of(ErrorKind.TIMEOUT), Health.NOT_PROBED, "d"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Delegates A queries; TXT queries never complete. */
  private static final class TxtNeverAnswers implements io.github.bouncekit.dns.DnsClient {
    private final FakeDns a;

    TxtNeverAnswers(FakeDns a) {
      this.a = a;
    }

    @Override
    public java.util.concurrent.CompletionStage<DnsAnswer<io.github.bouncekit.dns.TxtRecord>> txt(
        String name) {
      return new java.util.concurrent.CompletableFuture<>();
    }

    @Override
    public java.util.concurrent.CompletionStage<DnsAnswer<InetAddress>> a(String name) {
      return a.a(name);
    }

    @Override
    public java.util.concurrent.CompletionStage<DnsAnswer<InetAddress>> aaaa(String name) {
      return a.aaaa(name);
    }

    @Override
    public java.util.concurrent.CompletionStage<DnsAnswer<io.github.bouncekit.dns.MxRecord>> mx(
        String name) {
      return a.mx(name);
    }

    @Override
    public java.util.concurrent.CompletionStage<DnsAnswer<String>> ptr(String reverseName) {
      return a.ptr(reverseName);
    }

    @Override
    public java.util.concurrent.CompletionStage<DnsAnswer<String>> cname(String name) {
      return a.cname(name);
    }
  }
}
