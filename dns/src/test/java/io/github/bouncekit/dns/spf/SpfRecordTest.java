package io.github.bouncekit.dns.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.bouncekit.dns.ParseResult;
import io.github.bouncekit.dns.SyntaxError;
import io.github.bouncekit.dns.spf.SpfRecord.Directive;
import io.github.bouncekit.dns.spf.SpfRecord.Mechanism;
import io.github.bouncekit.dns.spf.SpfRecord.Qualifier;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpfRecordTest {

  private static SpfRecord valid(String text) {
    ParseResult<SpfRecord> r = SpfRecord.parse(text);
    assertThat(r.error()).as(text).isEmpty();
    return r.orElseThrow();
  }

  @Test
  void parsesDirectivesAndModifiers() {
    SpfRecord r =
        valid(
            "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx:mx.example.com/26//64"
                + " ~include:_spf.example.com ?exists:%{ir}.%{v}._spf.%{d2} ptr:example.org -all"
                + " exp=explain._spf.%{d} custom.name=value");
    List<Directive> d = r.directives();
    assertThat(d)
        .extracting(Directive::mechanism)
        .containsExactly(
            Mechanism.IP4,
            Mechanism.IP6,
            Mechanism.A,
            Mechanism.MX,
            Mechanism.INCLUDE,
            Mechanism.EXISTS,
            Mechanism.PTR,
            Mechanism.ALL);
    assertThat(d)
        .extracting(Directive::qualifier)
        .containsExactly(
            Qualifier.PASS,
            Qualifier.PASS,
            Qualifier.PASS,
            Qualifier.PASS,
            Qualifier.SOFTFAIL,
            Qualifier.NEUTRAL,
            Qualifier.PASS,
            Qualifier.FAIL);
    assertThat(d.get(0).network()).get().isInstanceOf(Inet4Address.class);
    assertThat(d.get(0).ip4Prefix()).isEqualTo(24);
    assertThat(d.get(1).network()).get().isInstanceOf(Inet6Address.class);
    assertThat(d.get(1).ip6Prefix()).isEqualTo(32);
    assertThat(d.get(2).domainSpec()).isEmpty();
    assertThat(d.get(3).domainSpec()).get().hasToString("mx.example.com");
    assertThat(d.get(3).ip4Prefix()).isEqualTo(26);
    assertThat(d.get(3).ip6Prefix()).isEqualTo(64);
    assertThat(d.get(4).position()).isEqualTo(r.text().indexOf("~include"));
    assertThat(d.get(5).domainSpec().orElseThrow().uses('i')).isTrue();
    assertThat(r.explanation())
        .get()
        .extracting(m -> m.value().text())
        .isEqualTo("explain._spf.%{d}");
    assertThat(r.redirect()).isEmpty();
    assertThat(r.modifiers())
        .extracting(SpfRecord.Modifier::name)
        .containsExactly("exp", "custom.name");
    assertThat(r.modifiers().get(1).isUnknown()).isTrue();
    assertThat(r.dnsQueryingTerms()).isEqualTo(5);
  }

  @Test
  void namesAreCaseInsensitive() {
    SpfRecord r = valid("V=SpF1 A:Example.COM MX IP4:192.0.2.1 -ALL Redirect=_spf.example.com");
    assertThat(r.directives())
        .extracting(Directive::mechanism)
        .containsExactly(Mechanism.A, Mechanism.MX, Mechanism.IP4, Mechanism.ALL);
    assertThat(r.redirect()).isPresent();
  }

  @Test
  void dualCidrLengths() {
    assertThat(valid("v=spf1 a//0").directives().get(0))
        .extracting(Directive::ip4Prefix, Directive::ip6Prefix)
        .containsExactly(32, 0);
    assertThat(valid("v=spf1 a/24//64").directives().get(0))
        .extracting(Directive::ip4Prefix, Directive::ip6Prefix)
        .containsExactly(24, 64);
    assertThat(valid("v=spf1 a:foo:bar/baz.example.com").directives().get(0).domainSpec())
        .get()
        .hasToString("foo:bar/baz.example.com");
    assertThat(valid("v=spf1 mx:%{d}/0").directives().get(0).ip4Prefix()).isZero();
  }

  @Test
  void anIpv4MappedIp6NetworkStaysIpv6() {
    Directive d = valid("v=spf1 ip6:::FFFF:1.2.3.4").directives().get(0);
    assertThat(d.network()).get().isInstanceOf(Inet6Address.class);
    assertThat(d.network().orElseThrow().getAddress()).hasSize(16);
  }

  @Test
  void emptyAndSpaceSeparatedRecords() {
    assertThat(valid("v=spf1").terms()).isEmpty();
    assertThat(valid("v=spf1  a   -all  ").terms()).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "v=spf1",
        "v=spf1 -all",
        "V=SPF1 mx",
        "v=spf1 ",
      })
  void recognizesSpfRecords(String text) {
    assertThat(SpfRecord.isSpfRecord(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v=spf10", "v=spf1mx", "spf1", "", " v=spf1", "v=spf2.0/pra"})
  void recognizesOtherRecords(String text) {
    assertThat(SpfRecord.isSpfRecord(text)).isFalse();
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        // record, the text at the error position, part of the message
        Arguments.of("v=spf1 ip4:1.2.3.4 -all moo", "moo", "unknown mechanism 'moo'"),
        Arguments.of("spf1 -all", "spf1", "not an SPF record"),
        Arguments.of("v=spf10 -all", "0 -all", "must be followed by a space"),
        Arguments.of("v=spf1 a:foo-bar -all", "foo-bar", "must end in a top-level domain"),
        Arguments.of("v=spf1 a:abc.123", "123", "invalid top label '123'"),
        Arguments.of("v=spf1 a:example.-com", "-com", "invalid top label"),
        Arguments.of("v=spf1 a:example.com:8080", "com:8080", "invalid top label"),
        Arguments.of("v=spf1 a:museum.", "museum.", "must end in a top-level domain"),
        Arguments.of("v=spf1 ip4:1.2.3.4/33", "33", "out of range 0-32"),
        Arguments.of("v=spf1 ip4:1.2.3.4/032", "032", "leading zero"),
        Arguments.of("v=spf1 ip4:1.2.3", "1.2.3", "invalid IPv4 address"),
        Arguments.of("v=spf1 ip4:1.2.03.4", "1.2.03.4", "invalid IPv4 address"),
        Arguments.of("v=spf1 ip4:1.2.3.4//32", "//32", "dual prefix length is not allowed"),
        Arguments.of("v=spf1 ip4:1.2.3.4:8080", "1.2.3.4:8080", "invalid IPv4 address"),
        Arguments.of("v=spf1 ip4", "", "needs \":\" and a network"),
        Arguments.of("v=spf1 ip6::CAFE::BABE", ":CAFE::BABE", "invalid IPv6 address"),
        Arguments.of("v=spf1 ip6:::1.1.1.1/129", "129", "out of range 0-128"),
        Arguments.of("v=spf1 ip6:::1.1.1.1//33", "//33", "dual prefix length"),
        Arguments.of("v=spf1 a//129", "129", "out of range 0-128"),
        Arguments.of("v=spf1 a/33 -all", "33 -all", "out of range 0-32"),
        Arguments.of("v=spf1 a/24/64 -all", "64 -all", "out of range 0-32"),
        Arguments.of("v=spf1 -all.", "all.", "unknown mechanism 'all.'"),
        Arguments.of("v=spf1 -all:foobar", ":foobar", "\"all\" takes no argument"),
        Arguments.of("v=spf1 -all/8", "/8", "\"all\" takes no argument"),
        Arguments.of("v=spf1 ptr/0 -all", "/0 -all", "\"ptr\" takes no prefix length"),
        Arguments.of("v=spf1 exists", "", "needs \":\" and a domain-spec"),
        Arguments.of("v=spf1 include: -all", " -all", "empty domain-spec"),
        Arguments.of("v=spf1 a: -all", " -all", "empty domain-spec"),
        Arguments.of("v=spf1 include:ip5.example.com/24", "com/24", "invalid top label 'com/24'"),
        Arguments.of("v=spf1 exists:%(ir).sbl.example.com", "%(ir)", "invalid macro '%('"),
        Arguments.of("v=spf1 exists:foo%.sbl.example.com", "%.sbl", "invalid macro '%.'"),
        Arguments.of("v=spf1 a:%{a}.example.com", "a}.", "unknown macro letter 'a'"),
        Arguments.of("v=spf1 -all exp=%{r}.example.com", "r}.", "only allowed in explanation"),
        Arguments.of("v=spf1 a:%{d0}.example.com", "0}", "at least 1"),
        Arguments.of("v=spf1 a:%{d2", "", "unterminated macro"),
        Arguments.of("v=spf1 a:%{d2x}.example.com", "x}", "invalid character 'x' in macro"),
        Arguments.of("v=spf1 -all foo=%abc", "%abc", "invalid macro '%a'"),
        Arguments.of("v=spf1 foo=bar%", "%", "'%' at the end"),
        Arguments.of("v=spf1 1up=foo", "1up=foo", "unknown mechanism '1up=foo'"),
        Arguments.of("v=spf1 =all", "=all", "neither a mechanism nor a modifier"),
        Arguments.of(
            "v=spf1 moo.cow/far_out=man:dog/cat", "moo.cow", "unknown mechanism 'moo.cow'"),
        Arguments.of("v=spf1 redirect:t2.example.com", "redirect", "unknown mechanism 'redirect'"),
        Arguments.of("v=spf1 exp= -all", " -all", "\"exp=\" needs a domain-spec"),
        Arguments.of("v=spf1 exp=-all", "-all", "must end in a top-level domain"),
        Arguments.of("v=spf1 ?all redirect=", "", "\"redirect=\" needs a domain-spec"),
        Arguments.of(
            "v=spf1 exp=a.example.com -all exp=b.example.com",
            "exp=b.example.com",
            "\"exp=\" appears more than once"),
        Arguments.of(
            "v=spf1 redirect=a.example.com -all Redirect=a.example.com",
            "Redirect=a",
            "\"redirect=\" appears more than once"),
        Arguments.of("v=spf1 a:ctrl.example.com\rptr -all", "\rptr", "invalid character U+000D"),
        Arguments.of("v=spf1 a:foo.example.com\0", "\0", "invalid character U+0000"),
        Arguments.of("v=spf1 a:\u00EF\u00BB\u00BFgarbage.example.net", "\u00EF", "U+00EF"),
        Arguments.of("v=spf1 a:example.net \u0096all", "\u0096all", "neither a mechanism"),
        Arguments.of("v=spf1 ip4:192.0.2.5\n include:x.example.com", "192.0.2.5\n", "invalid IPv4"),
        Arguments.of("v=spf1\tmx", "\tmx", "must be followed by a space"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void reportsTheErrorPosition(String record, String at, String message) {
    ParseResult<SpfRecord> r = SpfRecord.parse(record);
    assertThat(r.isValid()).as(record).isFalse();
    SyntaxError e = r.error().orElseThrow();
    int expected = at.isEmpty() ? record.length() : record.lastIndexOf(at);
    assertThat(e.position()).as("%s: %s", record, e).isEqualTo(expected);
    assertThat(e.message()).contains(message);
    assertThat(e.input()).isEqualTo(record);
    assertThatThrownBy(r::orElseThrow).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesNull() {
    assertThatThrownBy(() -> SpfRecord.parse(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> SpfRecord.isSpfRecord(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void refusesOverlongRecords() {
    String text = "v=spf1 " + "a ".repeat(SpfRecord.MAX_LENGTH);
    SyntaxError e = SpfRecord.parse(text).error().orElseThrow();
    assertThat(e.position()).isEqualTo(SpfRecord.MAX_LENGTH);
    assertThat(e.message()).contains("longer than");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a:%{d}",
        "ip4:1.2.3.4/",
        "a:x.%{d}.",
        "ip6:",
        "a/9999",
        "include:%%%%%%",
        "mx:a.b/1//",
        "exists:%{l1r-}.",
        "a:%{",
        "a:" + "/1"
      })
  void isLinearOnHostileInput(String term) {
    StringBuilder s = new StringBuilder("v=spf1 ");
    while (s.length() < SpfRecord.MAX_LENGTH - term.length() - 1) {
      s.append(term).append(' ');
    }
    String huge = s.toString();
    StringBuilder oneTerm = new StringBuilder("v=spf1 a:");
    while (oneTerm.length() < SpfRecord.MAX_LENGTH - 20) {
      oneTerm.append(term);
    }
    // A guard against a blow-up (catastrophic backtracking takes hours here), not a speed test:
    // the bound is loose so a loaded build machine cannot trip it; speed is measured with JMH.
    assertTimeoutPreemptively(
        Duration.ofSeconds(15),
        () -> {
          for (int i = 0; i < 20; i++) {
            SpfRecord.parse(huge);
            SpfRecord.parse(oneTerm.toString());
            SpfRecord.parse(oneTerm + ".com");
          }
        });
  }

  @Test
  void toStringIsTheText() {
    assertThat(valid("v=spf1 -all")).hasToString("v=spf1 -all");
    assertThat(valid("v=spf1 -all").directives().get(0)).hasToString("-all");
  }
}
