package io.github.bouncekit.dns.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bouncekit.dns.dnsbl.DnsblZone.TargetKind;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Target parsing and query names (the shared vectors cover the RFC 5782 examples). */
class DnsblTargetTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "192.0.2.1;IP4;192.0.2.1;1.2.0.192",
        " 10.0.0.255 ;IP4;10.0.0.255;255.0.0.10",
        "2001:DB8::1;IP6;2001:db8::1;1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2",
        "::ffff:127.0.0.2;IP6;::ffff:7f00:2;2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",
        "Example.COM.;DOMAIN;example.com;example.com",
        "bücher.example;DOMAIN;xn--bcher-kva.example;xn--bcher-kva.example",
        "test;DOMAIN;test;test",
        "_dmarc.example.org;DOMAIN;_dmarc.example.org;_dmarc.example.org",
      })
  void parses(String text, TargetKind kind, String value, String prefix) {
    DnsblTarget t = DnsblTarget.parse(text);
    assertThat(t.kind()).isEqualTo(kind);
    assertThat(t.value()).isEqualTo(value);
    assertThat(t.prefix()).isEqualTo(prefix);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      quoteCharacter = '"',
      value = {
        "192.0.2.01;neither an IPv4 address",
        "1.2.3;neither an IPv4 address",
        "2001:db8::g;not an IPv6 address",
        "2001:db8:::1;not an IPv6 address",
        ".:1;not an IPv6 address",
        "fe80::1%eth0;unexpected character '%'",
        "exa mple.com;not allowed in a domain name",
        "a..b;empty label",
        "a/b.example;not allowed",
      })
  void rejects(String text, String message) {
    assertThatThrownBy(() -> DnsblTarget.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void boundsTheInput() {
    assertThatThrownBy(() -> DnsblTarget.parse("a".repeat(DnsblTarget.MAX_INPUT_LENGTH + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 1024 characters");
    assertThatThrownBy(() -> DnsblTarget.parse("a".repeat(64) + ".example"))
        .hasMessageContaining("longer than 63");
    assertThatThrownBy(() -> DnsblTarget.parse("  ")).hasMessageContaining("is needed");
  }

  @Test
  void aSixteenByteMappedAddressStaysIpv6() throws Exception {
    byte[] b = InetAddress.getByName("127.0.0.2").getAddress();
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xFF;
    mapped[11] = (byte) 0xFF;
    System.arraycopy(b, 0, mapped, 12, 4);
    DnsblTarget t = DnsblTarget.of(Inet6Address.getByAddress(null, mapped, -1));
    assertThat(t.kind()).isEqualTo(TargetKind.IP6);
    assertThat(t.queryName("zen.spamhaus.org"))
        .isEqualTo("2.0.0.0.0.0.f.7.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.zen.spamhaus.org");
    assertThat(DnsblTarget.of(InetAddress.getByName("192.0.2.7")).prefix()).isEqualTo("7.2.0.192");
  }
}
