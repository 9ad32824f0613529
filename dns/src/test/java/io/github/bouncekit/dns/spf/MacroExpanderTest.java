package io.github.bouncekit.dns.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bouncekit.dns.SyntaxError;
import io.github.bouncekit.dns.internal.IpAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MacroExpanderTest {

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s); // literals only: no DNS
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The variables of RFC 7208 §7.4. */
  private static final MacroExpander.Variables V4 =
      MacroExpander.Variables.of(ip("192.0.2.3"), "strong-bad@email.example.com", "mx.example.org");

  private static final MacroExpander.Variables V6 =
      MacroExpander.Variables.of(
          ip("2001:db8::cb01"), "strong-bad@email.example.com", "mx.example.org");

  private static String domain(String spec, MacroExpander.Variables v) {
    return MacroExpander.expandDomain(
        MacroString.parse(spec, MacroString.Context.DOMAIN_SPEC).orElseThrow(), v);
  }

  private static String text(String spec, MacroExpander.Variables v) {
    return MacroExpander.expand(spec, MacroString.Context.EXPLANATION, v).orElseThrow();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "%{s}, strong-bad@email.example.com",
    "%{o}, email.example.com",
    "%{d}, email.example.com",
    "%{d4}, email.example.com",
    "%{d3}, email.example.com",
    "%{d2}, example.com",
    "%{d1}, com",
    "%{dr}, com.example.email",
    "%{d2r}, example.email",
    "%{l}, strong-bad",
    "%{l-}, strong.bad",
    "%{lr}, strong-bad",
    "%{lr-}, bad.strong",
    "%{l1r-}, strong",
    "%{ir}.%{v}._spf.%{d2}, 3.2.0.192.in-addr._spf.example.com",
    "%{lr-}.lp._spf.%{d2}, bad.strong.lp._spf.example.com",
    "%{lr-}.lp.%{ir}.%{v}._spf.%{d2}, bad.strong.lp.3.2.0.192.in-addr._spf.example.com",
    "%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}, 3.2.0.192.in-addr.strong.lp._spf.example.com",
    "%{d2}.trusted-domains.example.net, example.com.trusted-domains.example.net",
  })
  void rfc7208Section74Ipv4(String spec, String expected) {
    assertThat(domain(spec, V4)).isEqualTo(expected);
  }

  @Test
  void rfc7208Section74Ipv6() {
    assertThat(domain("%{ir}.%{v}._spf.%{d2}", V6))
        .isEqualTo(
            "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com");
  }

  @Test
  void explanationOnlyLetters() {
    MacroExpander.Variables v =
        V6.withReceivingDomain("mx.example.net").withTimestamp(1_700_000_000L);
    assertThat(text("%{c} %{r} %{t} %{h} %{p}", v))
        .isEqualTo("2001:db8::cb01 mx.example.net 1700000000 mx.example.org unknown");
    assertThat(text("%{c}", V4)).isEqualTo("192.0.2.3");
    assertThat(MacroString.parse("%{c}.example.com", MacroString.Context.DOMAIN_SPEC).error())
        .get()
        .extracting(SyntaxError::position)
        .isEqualTo(2);
  }

  @Test
  void escapesAndUrlEscaping() {
    assertThat(domain("macro%%percent%_%_space%-url-space.example.com", V4))
        .isEqualTo("macro%percent  space%20url-space.example.com");
    MacroExpander.Variables v =
        MacroExpander.Variables.of(ip("192.0.2.3"), "~jack&jill=up-a_b3.c@example.com", "h");
    assertThat(text("http://example.com/why.html?l=%{L}", v))
        .isEqualTo("http://example.com/why.html?l=~jack%26jill%3Dup-a_b3.c");
    MacroExpander.Variables utf8 =
        MacroExpander.Variables.of(ip("192.0.2.3"), "ü@example.com", "h");
    assertThat(text("%{L}", utf8)).isEqualTo("%C3%BC");
  }

  @Test
  void multipleDelimitersAndLocalParts() {
    MacroExpander.Variables v =
        MacroExpander.Variables.of(ip("1.2.3.4"), "foo-bar+zip+quux@e12.example.com", "h");
    assertThat(domain("%{l2r+-}.user.%{d2}", v)).isEqualTo("bar.foo.user.example.com");
    MacroExpander.Variables none = MacroExpander.Variables.of(ip("1.2.3.4"), "@example.net", "h");
    assertThat(text("%{l}|%{s}", none)).isEqualTo("postmaster|postmaster@example.net");
  }

  @Test
  void ipv4MappedClientsAreIpv4() {
    MacroExpander.Variables v =
        MacroExpander.Variables.of(
            IpAddresses.toInet(IpAddresses.parseIpv6("::ffff:192.0.2.3")), "a@example.com", "h");
    assertThat(text("%{i} %{v} %{c}", v)).isEqualTo("192.0.2.3 in-addr 192.0.2.3");
  }

  @Test
  void trailingDotIsRemovedFromDomainsOnly() {
    assertThat(domain("%{d}.d.spf.example.com.", V4))
        .isEqualTo("email.example.com.d.spf.example.com");
    assertThat(text("This is a test.", V4)).isEqualTo("This is a test.");
  }

  @Test
  void longDomainsLoseLabelsOnTheLeft() {
    MacroExpander.Variables v =
        MacroExpander.Variables.of(ip("192.0.2.1"), "test@somewhat.long.exp.example.com", "h");
    String spec = "foobar" + ".%{o}".repeat(8) + ".example.com";
    String expanded = domain(spec, v);
    assertThat(expanded).hasSizeLessThanOrEqualTo(253);
    assertThat(expanded).isEqualTo(("somewhat.long.exp.example.com.".repeat(8) + "example.com"));
    // A huge expansion stays bounded and is cut the same way.
    String many = "%{o}.".repeat(3000) + "example.com";
    String cut = domain(many, v);
    assertThat(cut).hasSizeLessThanOrEqualTo(253).endsWith(".example.com");
    assertThat(cut).startsWith("somewhat.");
    // A last label longer than 253 cannot fit at all.
    assertThat(domain("x" + "%{l}".repeat(100), v)).isEmpty();
    assertThat(domain("x" + "%{l}".repeat(100) + ".com", v)).isEqualTo("com");
  }

  @Test
  void explanationsAreBounded() {
    String spec = "%{s}".repeat(4000);
    assertThat(text(spec, V4)).hasSize(MacroExpander.MAX_EXPANSION_LENGTH);
  }

  @Test
  void syntaxErrorsAreValues() {
    assertThat(MacroExpander.expand("%{x}", MacroString.Context.EXPLANATION, V4).error())
        .get()
        .extracting(SyntaxError::message)
        .asString()
        .contains("unknown macro letter 'x'");
    assertThat(MacroExpander.expand("a%b", MacroString.Context.EXPLANATION, V4).isValid())
        .isFalse();
    assertThat(MacroExpander.expand("tab\there", MacroString.Context.EXPLANATION, V4).isValid())
        .isFalse();
    assertThat(MacroExpander.expand("two words", MacroString.Context.DOMAIN_SPEC, V4).isValid())
        .isFalse();
    assertThatThrownBy(() -> MacroString.parse(null, MacroString.Context.EXPLANATION))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void macroStringParts() {
    MacroString ms =
        MacroString.parse("%{L2r.-}x%%", MacroString.Context.DOMAIN_SPEC).orElseThrow();
    assertThat(ms.parts())
        .containsExactly(
            new MacroString.Macro('l', true, 2, true, ".-"),
            new MacroString.Literal("x"),
            new MacroString.Escape('%'));
    assertThat(ms.endsWithMacroExpand()).isTrue();
    assertThat(ms.uses('L')).isTrue();
    assertThat(ms.hasMacros()).isTrue();
  }
}
