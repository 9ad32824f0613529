package io.github.bouncekit.dns.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bouncekit.dns.DnsAnswer;
import io.github.bouncekit.dns.DnsClient;
import io.github.bouncekit.dns.MxRecord;
import io.github.bouncekit.dns.TxtRecord;
import io.github.bouncekit.dns.internal.IpAddresses;
import io.github.bouncekit.dns.spf.SpfResult.Code;
import io.github.bouncekit.dns.testserver.InMemoryDnsClient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SpfEvaluatorTest {

  private static final InetAddress CLIENT = ip("192.0.2.10");
  private static final InetAddress OTHER = ip("198.51.100.7");

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s); // literals only: no DNS
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static SpfResult check(InMemoryDnsClient dns, InetAddress client, String mailFrom) {
    return SpfEvaluator.builder(dns).build().checkSync(client, mailFrom, "mail.example.com");
  }

  @Test
  void passAndFailWithTheDecidingTerm() {
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder()
            .txt("example.com", "v=spf1 ip4:192.0.2.0/24 -all")
            .txt("example.com", "google-site-verification=abc")
            .build();
    SpfResult pass = check(dns, CLIENT, "alice@example.com");
    assertThat(pass.code()).isEqualTo(Code.PASS);
    assertThat(pass.mechanism()).contains("ip4:192.0.2.0/24");
    assertThat(pass.reason()).isEqualTo("matched ip4:192.0.2.0/24 in example.com");
    assertThat(pass.domain()).isEqualTo("example.com");
    assertThat(pass.dnsLookups()).isZero();
    assertThat(pass.explanation()).isEmpty();
    SpfResult fail = check(dns, OTHER, "alice@example.com");
    assertThat(fail.code()).isEqualTo(Code.FAIL);
    assertThat(fail.mechanism()).contains("-all");
    assertThat(fail.explanation()).isEmpty();
  }

  @Test
  void explanationOnlyForFail() {
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder()
            .txt("example.com", "v=spf1 -ip4:198.51.100.0/24 ~all exp=why.example.com")
            .txt("why.example.com", "%{i} is not allowed to send for %{d} (%{r}, %{t})")
            .build();
    SpfEvaluator spf =
        SpfEvaluator.builder(dns)
            .receivingDomain("mx.example.net")
            .clock(Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC))
            .build();
    SpfResult fail = spf.checkSync(OTHER, "bob@example.com", "h.example.com");
    assertThat(fail.code()).isEqualTo(Code.FAIL);
    assertThat(fail.explanation())
        .contains(
            "198.51.100.7 is not allowed to send for example.com (mx.example.net, 1700000000)");
    int queriesAfterFail = dns.queries().size();
    SpfResult softfail = spf.checkSync(CLIENT, "bob@example.com", "h.example.com");
    assertThat(softfail.code()).isEqualTo(Code.SOFTFAIL);
    assertThat(softfail.explanation()).isEmpty();
    assertThat(dns.queries().subList(queriesAfterFail, dns.queries().size()))
        .containsExactly("TXT example.com");
  }

  @Test
  void defaultExplanationForFailOnly() {
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder().txt("example.com", "v=spf1 ip4:192.0.2.10 -all").build();
    SpfEvaluator spf =
        SpfEvaluator.builder(dns).defaultExplanation("%{i} is not a mail server of %{d}").build();
    assertThat(spf.checkSync(OTHER, "a@example.com", "h").explanation())
        .contains("198.51.100.7 is not a mail server of example.com");
    assertThat(spf.checkSync(CLIENT, "a@example.com", "h").explanation()).isEmpty();
    assertThatThrownBy(() -> SpfEvaluator.builder(dns).defaultExplanation("%{x}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tooManyLookups() {
    InMemoryDnsClient.Builder b = InMemoryDnsClient.builder();
    StringBuilder record = new StringBuilder("v=spf1");
    for (int i = 1; i <= 11; i++) {
      record.append(" a:h").append(i).append(".example.com");
      b.a("h" + i + ".example.com", "203.0.113." + i);
    }
    InMemoryDnsClient dns = b.txt("example.com", record + " -all").build();
    SpfResult r = check(dns, CLIENT, "a@example.com");
    assertThat(r.code()).isEqualTo(Code.PERMERROR);
    assertThat(r.reason()).startsWith("too many DNS lookups (11 > 10)");
    assertThat(r.mechanism()).contains("a:h11.example.com");
    assertThat(r.dnsLookups()).isEqualTo(11);
    assertThat(dns.queries()).doesNotContain("A h11.example.com");
    SpfResult limit12 =
        SpfEvaluator.builder(dns).lookupLimit(12).build().checkSync(CLIENT, "a@example.com", "h");
    assertThat(limit12.code()).isEqualTo(Code.FAIL);
    assertThat(limit12.dnsLookups()).isEqualTo(11);
  }

  @Test
  void voidLookups() {
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder()
            .txt(
                "example.com",
                "v=spf1 a:gone1.example.com mx:gone2.example.com exists:gone3.example.com -all")
            .exists("gone2.example.com")
            .build();
    SpfResult r = check(dns, CLIENT, "a@example.com");
    assertThat(r.code()).isEqualTo(Code.PERMERROR);
    assertThat(r.reason()).startsWith("too many void DNS lookups (3 > 2)");
    assertThat(r.voidLookups()).isEqualTo(3);
    SpfResult lenient =
        SpfEvaluator.builder(dns)
            .voidLookupLimit(3)
            .build()
            .checkSync(CLIENT, "a@example.com", "h");
    assertThat(lenient.code()).isEqualTo(Code.FAIL);
    assertThat(lenient.voidLookups()).isEqualTo(3);
    assertThat(lenient.dnsLookups()).isEqualTo(3);
  }

  @Test
  void dnsFailuresAreTemperrorNeverNone() {
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder()
            .timeout("_spf.example.com")
            .txt("example.com", "v=spf1 include:_spf.example.com -all")
            .failure("servfail.example.com", "TXT", DnsAnswer.Failure.Kind.SERVFAIL)
            .txt("mx.example.com", "v=spf1 mx -all")
            .failure("mx.example.com", "MX", DnsAnswer.Failure.Kind.REFUSED)
            .build();
    SpfResult r = check(dns, CLIENT, "a@example.com");
    assertThat(r.code()).isEqualTo(Code.TEMPERROR);
    assertThat(r.reason()).isEqualTo("DNS timeout for _spf.example.com TXT");
    assertThat(check(dns, CLIENT, "a@servfail.example.com").reason())
        .isEqualTo("DNS SERVFAIL for servfail.example.com TXT");
    SpfResult mx = check(dns, CLIENT, "a@mx.example.com");
    assertThat(mx.code()).isEqualTo(Code.TEMPERROR);
    assertThat(mx.mechanism()).contains("mx");
  }

  @Test
  void aClientThatThrowsOrFailsGivesTemperror() {
    DnsClient throwing =
        new FixedClient(
            () -> {
              throw new IllegalStateException("boom");
            });
    DnsClient failing =
        new FixedClient(() -> CompletableFuture.failedFuture(new java.io.IOException("net down")));
    DnsClient nulls = new FixedClient(() -> null);
    for (DnsClient c : List.of(throwing, failing, nulls)) {
      SpfResult r = SpfEvaluator.builder(c).build().checkSync(CLIENT, "a@example.com", "h");
      assertThat(r.code()).as(r.reason()).isEqualTo(Code.TEMPERROR);
      assertThat(r.reason()).startsWith("DNS error for example.com TXT");
    }
  }

  @Test
  void unreachableDnsTimesOutAsTemperror() {
    DnsClient silent = new FixedClient(CompletableFuture::new);
    SpfEvaluator spf = SpfEvaluator.builder(silent).timeout(Duration.ofMillis(200)).build();
    CompletionStage<SpfResult> stage = spf.check(CLIENT, "a@example.com", "h");
    assertThat(stage).succeedsWithin(Duration.ofSeconds(5));
    SpfResult r = stage.toCompletableFuture().join();
    assertThat(r.code()).isEqualTo(Code.TEMPERROR);
    assertThat(r.reason()).contains("longer than");
  }

  @Test
  void recordSelection() {
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder()
            .txt("two.example.com", "v=spf1 -all")
            .txt("two.example.com", "V=SPF1 +all")
            .txt("other.example.com", "v=spf10 -all")
            .txt("split.example.com", "v=spf1 ip4:192.0.2.10", " -all")
            .txt("bad.example.com", "v=spf1 a:foo -all")
            .build();
    SpfResult two = check(dns, CLIENT, "a@two.example.com");
    assertThat(two.code()).isEqualTo(Code.PERMERROR);
    assertThat(two.reason()).isEqualTo("2 SPF records at two.example.com (one allowed)");
    assertThat(check(dns, CLIENT, "a@other.example.com").code()).isEqualTo(Code.NONE);
    SpfResult nx = check(dns, CLIENT, "a@nowhere.example.com");
    assertThat(nx.code()).isEqualTo(Code.NONE);
    assertThat(nx.reason()).contains("does not exist");
    assertThat(check(dns, CLIENT, "a@split.example.com").code()).isEqualTo(Code.PASS);
    SpfResult bad = check(dns, CLIENT, "a@bad.example.com");
    assertThat(bad.code()).isEqualTo(Code.PERMERROR);
    assertThat(bad.reason())
        .startsWith("syntax error in the SPF record of bad.example.com at position 9");
    assertThat(bad.mechanism()).contains("a:foo");
  }

  @Test
  void uncheckableDomainsGiveNoneWithoutQueries() {
    InMemoryDnsClient dns = InMemoryDnsClient.builder().build();
    for (String from :
        List.of(
            "a@" + "x".repeat(64) + ".example.com",
            "a@mail..example.com",
            "a@localhost",
            "a@[192.0.2.1]",
            "a@192.0.2.1")) {
      SpfResult r = check(dns, CLIENT, from);
      assertThat(r.code()).as(from).isEqualTo(Code.NONE);
    }
    assertThat(dns.queries()).isEmpty();
    SpfResult huge = check(dns, CLIENT, "a@" + "x.".repeat(2000) + "com");
    assertThat(huge.code()).isEqualTo(Code.NONE);
  }

  @Test
  void includeAndRedirectSemantics() {
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder()
            .txt("inc-none.example.com", "v=spf1 include:nothing.example.com -all")
            .txt("inc-fail.example.com", "v=spf1 include:fails.example.com ~all")
            .txt("fails.example.com", "v=spf1 -all")
            .txt("inc-timeout.example.com", "v=spf1 include:slow.example.com -all")
            .timeout("slow.example.com")
            .txt("redir-none.example.com", "v=spf1 redirect=nothing.example.com")
            .txt(
                "redir.example.com",
                "v=spf1 ip4:203.0.113.1 redirect=target.example.com exp=a.example.com")
            .txt("target.example.com", "v=spf1 -all exp=why.target.example.com")
            .txt("why.target.example.com", "target says no to %{d}")
            .txt("a.example.com", "not this one")
            .build();
    SpfResult none = check(dns, CLIENT, "x@inc-none.example.com");
    assertThat(none.code()).isEqualTo(Code.PERMERROR);
    assertThat(none.mechanism()).contains("include:nothing.example.com");
    assertThat(none.reason()).contains("no SPF record");
    assertThat(check(dns, CLIENT, "x@inc-fail.example.com").code()).isEqualTo(Code.SOFTFAIL);
    assertThat(check(dns, CLIENT, "x@inc-timeout.example.com").code()).isEqualTo(Code.TEMPERROR);
    assertThat(check(dns, CLIENT, "x@redir-none.example.com").code()).isEqualTo(Code.PERMERROR);
    SpfResult redirected = check(dns, CLIENT, "x@redir.example.com");
    assertThat(redirected.code()).isEqualTo(Code.FAIL);
    assertThat(redirected.explanation()).contains("target says no to target.example.com");
    assertThat(redirected.dnsLookups()).isEqualTo(1);
    assertThat(redirected.reason())
        .isEqualTo("matched -all in target.example.com (redirected from redir.example.com)");
  }

  @Test
  void mxAndPtrNameLimits() {
    InMemoryDnsClient.Builder b =
        InMemoryDnsClient.builder()
            .txt("many-mx.example.com", "v=spf1 mx -all")
            .txt("ptr.example.com", "v=spf1 ptr -all");
    for (int i = 0; i < 11; i++) {
      b.mx("many-mx.example.com", i, "mx" + i + ".example.com");
      b.ptr("10.2.0.192.in-addr.arpa", "h" + i + ".other.example");
    }
    b.ptr("10.2.0.192.in-addr.arpa", "host.ptr.example.com")
        .a("host.ptr.example.com", "192.0.2.10");
    InMemoryDnsClient dns = b.build();
    SpfResult mx = check(dns, CLIENT, "a@many-mx.example.com");
    assertThat(mx.code()).isEqualTo(Code.PERMERROR);
    assertThat(mx.reason()).startsWith("too many MX records for many-mx.example.com (11 > 10)");
    // The 12th PTR name is beyond the limit: ignored.
    assertThat(check(dns, CLIENT, "a@ptr.example.com").code()).isEqualTo(Code.FAIL);
    SpfEvaluator wide = SpfEvaluator.builder(dns).mxPtrLimit(12).build();
    assertThat(wide.checkSync(CLIENT, "a@ptr.example.com", "h").code()).isEqualTo(Code.PASS);
    assertThat(wide.checkSync(CLIENT, "a@many-mx.example.com", "h").code()).isEqualTo(Code.FAIL);
  }

  @Test
  void ptrNeedsForwardConfirmation() {
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder()
            .txt("example.com", "v=spf1 ptr -all")
            .ptr("10.2.0.192.in-addr.arpa", "liar.example.com", "mail.example.com")
            .a("liar.example.com", "203.0.113.1")
            .a("mail.example.com", "192.0.2.10")
            .build();
    SpfResult r = check(dns, CLIENT, "a@example.com");
    assertThat(r.code()).isEqualTo(Code.PASS);
    assertThat(r.dnsLookups()).isEqualTo(1);
  }

  @Test
  void theValidatedNameMacroCountsAsALookup() {
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder()
            .txt("example.com", "v=spf1 exists:%{p}.allow.example.com -all")
            .ptr("10.2.0.192.in-addr.arpa", "other.example.net", "mail.example.com")
            .a("mail.example.com", "192.0.2.10")
            .a("other.example.net", "192.0.2.10")
            .a("mail.example.com.allow.example.com", "127.0.0.2")
            .build();
    SpfResult r = check(dns, CLIENT, "a@example.com");
    assertThat(r.code()).isEqualTo(Code.PASS);
    assertThat(r.dnsLookups()).isEqualTo(2);
    SpfResult none = check(dns, OTHER, "a@example.com");
    assertThat(none.code()).isEqualTo(Code.FAIL);
    assertThat(dns.queries()).contains("A unknown.allow.example.com");
  }

  @Test
  void ipv4MappedClientsAreIpv4AndIpv6UsesAaaa() {
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder()
            .txt("example.com", "v=spf1 ip4:192.0.2.10 a:v6.example.com -all")
            .aaaa("v6.example.com", "2001:db8::25")
            .build();
    InetAddress mapped = IpAddresses.toInet(IpAddresses.parseIpv6("::ffff:192.0.2.10"));
    assertThat(check(dns, mapped, "a@example.com").code()).isEqualTo(Code.PASS);
    assertThat(check(dns, ip("2001:db8::25"), "a@example.com").code()).isEqualTo(Code.PASS);
    assertThat(check(dns, ip("2001:db8::26"), "a@example.com").code()).isEqualTo(Code.FAIL);
    assertThat(dns.queries()).contains("AAAA v6.example.com").noneMatch(q -> q.startsWith("SPF"));
  }

  @Test
  void mailFromAndHeloIdentities() {
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder()
            .txt("example.com", "v=spf1 -all exp=e.example.com")
            .txt("e.example.com", "%{s}")
            .txt("helo.example.com", "v=spf1 -all exp=e.example.com")
            .build();
    SpfEvaluator spf = SpfEvaluator.builder(dns).build();
    assertThat(spf.checkSync(CLIENT, "", "helo.example.com"))
        .extracting(SpfResult::domain, SpfResult::explanation)
        .containsExactly("helo.example.com", java.util.Optional.of("postmaster@helo.example.com"));
    assertThat(spf.checkSync(CLIENT, "<>", "helo.example.com").domain())
        .isEqualTo("helo.example.com");
    assertThat(spf.checkSync(CLIENT, "<@example.com>", "h").explanation())
        .contains("postmaster@example.com");
    assertThat(spf.checkSync(CLIENT, "example.com", "h").explanation())
        .contains("postmaster@example.com");
    assertThat(spf.checkHostSync(CLIENT, "example.com.", "x@example.com", "h").code())
        .isEqualTo(Code.FAIL);
  }

  @Test
  void builderChecksItsArguments() {
    DnsClient dns = InMemoryDnsClient.builder().build();
    assertThatThrownBy(() -> SpfEvaluator.builder(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> SpfEvaluator.builder(dns).lookupLimit(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SpfEvaluator.builder(dns).mxPtrLimit(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SpfEvaluator.builder(dns).timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    SpfEvaluator spf = SpfEvaluator.builder(dns).build();
    assertThatThrownBy(() -> spf.check(null, "a@b.c", "h"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> spf.check(CLIENT, null, "h")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> spf.checkHost(CLIENT, "b.c", "a@b.c", null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void oneEvaluatorServesManyThreads() throws Exception {
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder()
            .txt("example.com", "v=spf1 include:_spf.example.com mx -all")
            .txt("_spf.example.com", "v=spf1 ip4:192.0.2.0/28")
            .mx("example.com", 10, "mx.example.com")
            .a("mx.example.com", "198.51.100.7")
            .build();
    SpfEvaluator spf = SpfEvaluator.builder(dns).build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<SpfResult>> results = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        InetAddress client = i % 3 == 0 ? CLIENT : i % 3 == 1 ? OTHER : ip("203.0.113.9");
        results.add(pool.submit(() -> spf.checkSync(client, "a@example.com", "h")));
      }
      for (int i = 0; i < results.size(); i++) {
        Code expected = i % 3 == 2 ? Code.FAIL : Code.PASS;
        assertThat(results.get(i).get().code()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A client whose every query gives the same stage. */
  private static final class FixedClient implements DnsClient {
    private final java.util.function.Supplier<CompletionStage<?>> answer;

    FixedClient(java.util.function.Supplier<CompletionStage<?>> answer) {
      this.answer = answer;
    }

    @SuppressWarnings("unchecked")
    private <T> CompletionStage<DnsAnswer<T>> give() {
      return (CompletionStage<DnsAnswer<T>>) answer.get();
    }

    @Override
    public CompletionStage<DnsAnswer<TxtRecord>> txt(String name) {
      return give();
    }

    @Override
    public CompletionStage<DnsAnswer<InetAddress>> a(String name) {
      return give();
    }

    @Override
    public CompletionStage<DnsAnswer<InetAddress>> aaaa(String name) {
      return give();
    }

    @Override
    public CompletionStage<DnsAnswer<MxRecord>> mx(String name) {
      return give();
    }

    @Override
    public CompletionStage<DnsAnswer<String>> ptr(String reverseName) {
      return give();
    }

    @Override
    public CompletionStage<DnsAnswer<String>> cname(String name) {
      return give();
    }
  }
}
