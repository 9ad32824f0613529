package io.github.bouncekit.dns.spf;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.dns.DnsAnswer;
import io.github.bouncekit.dns.spf.SpfLintReport.Code;
import io.github.bouncekit.dns.spf.SpfLintReport.Finding;
import io.github.bouncekit.dns.spf.SpfLintReport.Node;
import io.github.bouncekit.dns.spf.SpfLintReport.Severity;
import io.github.bouncekit.dns.spf.SpfLintReport.State;
import io.github.bouncekit.dns.testserver.InMemoryDnsClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SpfLinterTest {

  private static SpfLintReport lint(InMemoryDnsClient dns, String domain) {
    return SpfLinter.builder(dns).build().lintSync(domain);
  }

  private static List<Code> codes(SpfLintReport r) {
    return r.findings().stream().map(Finding::code).toList();
  }

  @Test
  void aCleanTreeWithCounts() {
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder()
            .txt(
                "example.com",
                "v=spf1 mx include:_spf.example.com include:mail.vendor.example -all")
            .mx("example.com", 10, "mx.example.com")
            .txt("_spf.example.com", "v=spf1 ip4:192.0.2.0/24 a:out.example.com")
            .a("out.example.com", "192.0.2.25")
            .txt(
                "mail.vendor.example", "v=spf1 include:_a.vendor.example include:_b.vendor.example")
            .txt("_a.vendor.example", "v=spf1 ip4:198.51.100.0/24")
            .txt("_b.vendor.example", "v=spf1 ip6:2001:db8::/32")
            .build();
    SpfLintReport r = lint(dns, "example.com");
    assertThat(r.findings()).isEmpty();
    assertThat(r.hasErrors()).isFalse();
    assertThat(r.totalLookups()).isEqualTo(6);
    assertThat(r.totalVoidLookups()).isZero();
    assertThat(r.records()).isEqualTo(5);
    Node root = r.root();
    assertThat(root.state()).isEqualTo(State.OK);
    assertThat(root.lookups()).isEqualTo(3);
    assertThat(root.children())
        .extracting(Node::via)
        .containsExactly(
            java.util.Optional.of("include:_spf.example.com"),
            java.util.Optional.of("include:mail.vendor.example"));
    assertThat(root.children().get(1).totalLookups()).isEqualTo(2);
    assertThat(root.children().get(1).children()).hasSize(2);
    assertThat(root.toTree()).contains("include:_a.vendor.example -> _a.vendor.example");
  }

  @Test
  void goesPastTheLimitsToFindTheOffender() {
    InMemoryDnsClient.Builder b =
        InMemoryDnsClient.builder()
            .txt(
                "example.com",
                "v=spf1 include:big.example.net include:small.example.org a:gone.example.com"
                    + " mx:gone2.example.com exists:gone3.example.com ~all");
    StringBuilder big = new StringBuilder("v=spf1");
    for (int i = 0; i < 9; i++) {
      big.append(" a:h").append(i).append(".example.net");
      b.a("h" + i + ".example.net", "203.0.113." + i);
    }
    InMemoryDnsClient dns =
        b.txt("big.example.net", big.toString())
            .txt("small.example.org", "v=spf1 ip4:192.0.2.1")
            .build();
    SpfLintReport r = lint(dns, "example.com");
    assertThat(r.totalLookups()).isEqualTo(14);
    assertThat(r.totalVoidLookups()).isEqualTo(3);
    Finding tooMany = r.findings(Code.TOO_MANY_LOOKUPS).get(0);
    assertThat(tooMany.severity()).isEqualTo(Severity.ERROR);
    assertThat(tooMany.message()).contains("14 > 10").contains("include:big.example.net: 9");
    assertThat(r.findings(Code.TOO_MANY_VOID_LOOKUPS).get(0).message()).contains("3 > 2");
    assertThat(r.findings(Code.VOID_LOOKUP))
        .extracting(Finding::position)
        .allMatch(java.util.OptionalInt::isPresent)
        .hasSize(3);
    assertThat(r.root().voidLookups()).isEqualTo(3);
    assertThat(r.hasErrors()).isTrue();
  }

  @Test
  void loopsAreReportedAndNotFollowed() {
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder()
            .txt("a.example.com", "v=spf1 include:b.example.com -all")
            .txt("b.example.com", "v=spf1 include:c.example.com")
            .txt("c.example.com", "v=spf1 include:A.example.com.")
            .txt("self.example.com", "v=spf1 ip4:192.0.2.1 redirect=self.example.com")
            .build();
    SpfLintReport r = lint(dns, "a.example.com");
    assertThat(r.findings(Code.LOOP)).hasSize(1);
    assertThat(r.findings(Code.LOOP).get(0).message())
        .contains("a.example.com -> b.example.com -> c.example.com -> a.example.com");
    Node c = r.root().children().get(0).children().get(0);
    assertThat(c.children().get(0).state()).isEqualTo(State.LOOP);
    SpfLintReport self = lint(dns, "self.example.com");
    assertThat(codes(self)).contains(Code.LOOP);
  }

  @Test
  void recordProblems() {
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder()
            .txt(
                "example.com",
                "v=spf1 include:syntax.example.com include:two.example.com include:none.example.com"
                    + " ptr ?all")
            .txt("syntax.example.com", "v=spf1 ip4:192.0.2.300 -all")
            .txt("two.example.com", "v=spf1 -all")
            .txt("two.example.com", "v=spf1 +all")
            .txt("none.example.com", "hello")
            .txt("open.example.com", "v=spf1 +all")
            .txt("noall.example.com", "v=spf1 ip4:192.0.2.1 unknown=x")
            .txt("after.example.com", "v=spf1 -all ip4:192.0.2.1 redirect=x.example.com")
            .build();
    SpfLintReport r = lint(dns, "example.com");
    Finding syntax = r.findings(Code.SYNTAX_ERROR).get(0);
    assertThat(syntax.domain()).isEqualTo("syntax.example.com");
    assertThat(syntax.position()).hasValue(11);
    assertThat(syntax.message()).contains("position 11").contains("invalid IPv4 address");
    assertThat(r.findings(Code.MULTIPLE_RECORDS))
        .extracting(Finding::domain)
        .containsExactly("two.example.com");
    assertThat(r.findings(Code.TARGET_WITHOUT_RECORD))
        .extracting(Finding::domain)
        .containsExactly("none.example.com");
    assertThat(r.findings(Code.PTR)).hasSize(1);
    assertThat(r.findings(Code.NEUTRAL_ALL)).hasSize(1);
    assertThat(r.root().children())
        .extracting(Node::state)
        .containsExactly(State.SYNTAX_ERROR, State.MULTIPLE_RECORDS, State.NO_RECORD);
    assertThat(r.findings().get(0).severity()).isEqualTo(Severity.ERROR);

    assertThat(lint(dns, "open.example.com").findings(Code.PASS_ALL))
        .extracting(Finding::severity)
        .containsExactly(Severity.ERROR);
    assertThat(codes(lint(dns, "noall.example.com")))
        .containsExactlyInAnyOrder(Code.NO_ALL, Code.UNKNOWN_MODIFIER);
    assertThat(lint(dns, "after.example.com").findings(Code.UNREACHABLE_TERMS)).hasSize(2);
    SpfLintReport missing = lint(dns, "missing.example.com");
    assertThat(missing.findings(Code.NO_RECORD)).hasSize(1);
    assertThat(missing.root().state()).isEqualTo(State.NO_RECORD);
  }

  @Test
  void sizeRisks() {
    String longRecord = "v=spf1 " + "ip4:192.0.2.1 ".repeat(40) + "-all";
    String[] strings = {
      longRecord.substring(0, 255), longRecord.substring(255, 510), longRecord.substring(510)
    };
    String medium = "v=spf1 " + "ip4:192.0.2.1 ".repeat(20) + "-all";
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder()
            .txt("big.example.com", strings)
            .txt("medium.example.com", medium.substring(0, 255), medium.substring(255))
            .build();
    SpfLintReport big = lint(dns, "big.example.com");
    assertThat(codes(big)).containsExactlyInAnyOrder(Code.MULTIPLE_STRINGS, Code.RECORD_SIZE);
    assertThat(big.findings(Code.MULTIPLE_STRINGS).get(0).message())
        .contains("needs 3 TXT strings");
    assertThat(codes(lint(dns, "medium.example.com"))).containsExactly(Code.MULTIPLE_STRINGS);
  }

  @Test
  void workIsBounded() {
    InMemoryDnsClient.Builder b = InMemoryDnsClient.builder();
    // Every record includes ten others: without a cap this would be 10^n records.
    for (int i = 0; i < 50; i++) {
      StringBuilder rec = new StringBuilder("v=spf1");
      for (int j = 1; j <= 10; j++) {
        rec.append(" include:n").append((i + j) % 50).append(".example.com");
      }
      b.txt("n" + i + ".example.com", rec + " -all");
    }
    SpfLintReport r =
        SpfLinter.builder(b.build()).maxRecords(100).build().lintSync("n0.example.com");
    assertThat(r.records()).isEqualTo(100);
    assertThat(r.findings(Code.TRUNCATED)).hasSize(1);
    assertThat(r.findings(Code.LOOP)).isNotEmpty();
  }

  @Test
  void dnsFailuresAndMacroTargets() {
    InMemoryDnsClient dns =
        InMemoryDnsClient.builder()
            .txt(
                "example.com",
                "v=spf1 include:slow.example.com include:%{ir}.rbl.example.com"
                    + " exists:%{i}.x.example.com a:flaky.example.com -all")
            .timeout("slow.example.com")
            .failure("flaky.example.com", "A", DnsAnswer.Failure.Kind.SERVFAIL)
            .aaaa("flaky.example.com", "2001:db8::1")
            .build();
    SpfLintReport r = lint(dns, "example.com");
    assertThat(r.findings(Code.DNS_FAILURE))
        .extracting(Finding::severity)
        .containsExactly(Severity.ERROR, Severity.WARNING);
    assertThat(r.findings(Code.MACRO_TARGET)).hasSize(1);
    assertThat(r.root().children())
        .extracting(Node::state)
        .containsExactly(State.DNS_FAILURE, State.NOT_FOLLOWED);
    assertThat(r.totalLookups()).isEqualTo(4);
  }

  @Test
  void aSilentServerDoesNotHangTheLinter() {
    SpfLinter linter =
        SpfLinter.builder(new SilentClient()).queryTimeout(Duration.ofMillis(100)).build();
    assertThat(linter.lint("example.com"))
        .succeedsWithin(Duration.ofSeconds(5))
        .satisfies(r -> assertThat(r.findings(Code.DNS_FAILURE)).hasSize(1));
  }

  /** Never answers. */
  private static final class SilentClient implements io.github.bouncekit.dns.DnsClient {
    @Override
    public java.util.concurrent.CompletionStage<DnsAnswer<io.github.bouncekit.dns.TxtRecord>> txt(
        String n) {
      return new CompletableFuture<>();
    }

    @Override
    public java.util.concurrent.CompletionStage<DnsAnswer<java.net.InetAddress>> a(String n) {
      return new CompletableFuture<>();
    }

    @Override
    public java.util.concurrent.CompletionStage<DnsAnswer<java.net.InetAddress>> aaaa(String n) {
      return new CompletableFuture<>();
    }

    @Override
    public java.util.concurrent.CompletionStage<DnsAnswer<io.github.bouncekit.dns.MxRecord>> mx(
        String n) {
      return new CompletableFuture<>();
    }

    @Override
    public java.util.concurrent.CompletionStage<DnsAnswer<String>> ptr(String n) {
      return new CompletableFuture<>();
    }

    @Override
    public java.util.concurrent.CompletionStage<DnsAnswer<String>> cname(String n) {
      return new CompletableFuture<>();
    }
  }
}
