package io.github.bouncekit.dns.dnsbl;

import io.github.bouncekit.dns.dnsbl.DnsblZone.TargetKind;
import io.github.bouncekit.dns.internal.IpAddresses;
import java.net.IDN;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What is looked up in the blocklists, with the label sequence that goes in front of a zone (RFC
 * 5782 §2): an IPv4 address as its reversed octets ({@code 2.0.0.127}), an IPv6 address as the 32
 * nibbles of its full form, reversed, in lower case, or a domain name in lower case, without the
 * trailing dot, internationalised names as A-labels ({@code xn--...}).
 *
 * <pre>{@code
 * DnsblTarget.parse("192.0.2.99").queryName("zen.spamhaus.org");  // 99.2.0.192.zen.spamhaus.org
 * DnsblTarget.parse("Example.COM.").queryName("dbl.spamhaus.org"); // example.com.dbl.spamhaus.org
 * }</pre>
 *
 * <p>An IPv4-mapped IPv6 address written as such ({@code ::ffff:7f00:2}) stays an IPv6 target:
 * RFC 5782 §5 uses it as the IPv6 test point.
 *
 * @param kind what the target is
 * @param value the target in its normal form: a dotted quad, an RFC 5952 IPv6 address, or the
 *     domain's A-label form
 * @param prefix the labels put in front of a zone name
 */
public record DnsblTarget(TargetKind kind, String value, String prefix) {

  /** The longest text {@link #parse(String)} accepts, in characters. */
  public static final int MAX_INPUT_LENGTH = 1024;

  /** Checks. */
  public DnsblTarget {
    Objects.requireNonNull(kind, "kind must not be null");
    Objects.requireNonNull(value, "value must not be null");
    Objects.requireNonNull(prefix, "prefix must not be null");
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("prefix must not be empty");
    }
  }

  /**
   * An IP address or a domain name, as text. IPv4 addresses must be dotted quads ({@code 192.0.2.1};
   * no leading zeros, no short forms); anything with a colon must be an IPv6 address; anything else
   * is read as a domain name (a single label such as {@code test} is allowed: it is the domain
   * lists' test point). No DNS look-up happens.
   *
   * @param text the address or name; at most {@value #MAX_INPUT_LENGTH} characters
   * @return the target
   * @throws IllegalArgumentException if the text is neither an IP address nor a usable domain name;
   *     the message says why
   */
  public static DnsblTarget parse(String text) {
    Objects.requireNonNull(text, "text must not be null");
    if (text.length() > MAX_INPUT_LENGTH) {
      throw new IllegalArgumentException(
          "an IP address or domain name must be at most " + MAX_INPUT_LENGTH + " characters");
    }
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("an IP address or domain name is needed, got ''");
    }
    OptionalInt v4 = IpAddresses.parseIpv4Number(s);
    if (v4.isPresent()) {
      return ofIpv4(v4.getAsInt());
    }
    if (s.indexOf(':') >= 0) {
      return ofIpv6(parseIpv6(s));
    }
    return ofDomain(s);
  }

  /**
   * An IP address. An {@link Inet4Address} is an IPv4 target; a 16-byte address is an IPv6 target,
   * also when it is IPv4-mapped.
   *
   * @param address the address
   * @return the target
   */
  public static DnsblTarget of(InetAddress address) {
    Objects.requireNonNull(address, "address must not be null");
    byte[] b = address.getAddress();
    return b.length == 4 ? ofIpv4(IpAddresses.ipv4Number(b)) : ofIpv6(b);
  }

  /**
   * A domain name: lower case, one trailing dot removed, Unicode labels converted to A-labels.
   *
   * @param name the name; at most {@value #MAX_INPUT_LENGTH} characters
   * @return the target
   * @throws IllegalArgumentException if the name cannot be queried (bad characters, an empty or too
   *     long label, longer than 253 characters, all digits)
   */
  public static DnsblTarget ofDomain(String name) {
    Objects.requireNonNull(name, "name must not be null");
    if (name.length() > MAX_INPUT_LENGTH) {
      throw new IllegalArgumentException(
          "a domain name must be at most " + MAX_INPUT_LENGTH + " characters");
    }
    String n = name.trim();
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    boolean ascii = n.chars().allMatch(c -> c < 0x80);
    if (!ascii) {
      try {
        n = IDN.toASCII(n);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'" + name + "' is not a valid internationalised domain name: " + e.getMessage(), e);
      }
    }
    n = n.toLowerCase(Locale.ROOT);
    String domain = n;
    DomainNames.problem(domain)
        .ifPresent(
            p -> {
              throw new IllegalArgumentException("'" + name + "' is not a domain name: " + p);
            });
    int dot = domain.lastIndexOf('.');
    if (domain.substring(dot + 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(
          "'" + name + "' is neither an IPv4 address (a dotted quad) nor a domain name");
    }
    return new DnsblTarget(TargetKind.DOMAIN, domain, domain);
  }

  /**
   * The name to query in a zone: {@code <prefix>.<zone>}.
   *
   * @param zone the zone name, without the trailing dot
   * @return the query name
   */
  public String queryName(String zone) {
    Objects.requireNonNull(zone, "zone must not be null");
    return prefix + "." + zone;
  }

  /** Whether this target is an IP address (either family). */
  public boolean isAddress() {
    return kind != TargetKind.DOMAIN;
  }

  @Override
  public String toString() {
    return value;
  }

  private static DnsblTarget ofIpv4(int a) {
    String prefix =
        (a & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + ((a >>> 16) & 0xFF) + "." + (a >>> 24);
    return new DnsblTarget(TargetKind.IP4, IpAddresses.formatIpv4(a), prefix);
  }

  private static DnsblTarget ofIpv6(byte[] b) {
    return new DnsblTarget(TargetKind.IP6, IpAddresses.format(b), IpAddresses.reversedLabels(b));
  }

  /** IPv6 text through the JDK's literal parser (no look-up for a text with a colon). */
  private static byte[] parseIpv6(String s) {
    if (s.length() > 45) {
      throw new IllegalArgumentException("'" + s + "' is not an IPv6 address: too long");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':'
              || c == '.';
      if (!ok) {
        throw new IllegalArgumentException(
            "'" + s + "' is not an IPv6 address: unexpected character '" + c + "'");
      }
    }
    if (s.charAt(0) == '.') {
      throw new IllegalArgumentException("'" + s + "' is not an IPv6 address");
    }
    InetAddress a;
    try {
      // Starts with a hex digit or ':' and holds a ':', so the JDK parses it as a literal and
      // never asks DNS.
      a = InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + s + "' is not an IPv6 address", e);
    }
    byte[] b = a.getAddress();
    if (b.length == 16) {
      return b;
    }
    // The JDK turns an IPv4-mapped address into IPv4; keep the 16 bytes that were written.
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xFF;
    mapped[11] = (byte) 0xFF;
    System.arraycopy(b, 0, mapped, 12, 4);
    return mapped;
  }
}
