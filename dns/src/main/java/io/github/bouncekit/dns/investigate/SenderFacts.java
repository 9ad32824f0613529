package io.github.bouncekit.dns.investigate;

import io.github.bouncekit.dns.dkim.DkimKeyCheck;
import io.github.bouncekit.dns.internal.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the sender knows about the message that bounced, for the checks of an {@link Investigator}.
 * Every part is optional; a check that needs a missing part reports {@link Verdict#UNKNOWN} and
 * names what to give. Immutable; build it with {@link #none()} and the {@code with...} methods.
 *
 * @param ip the sending server's IP address (the SMTP client the receiver saw)
 * @param mailFrom the envelope sender (MAIL FROM), without angle brackets; empty for none given
 * @param helo the HELO/EHLO name the sending server used
 * @param fromDomain the domain of the message's From header (the DMARC domain)
 * @param dkimSelectors the DKIM keys the message was signed with ({@code s=} and {@code d=})
 */
public record SenderFacts(
    Optional<InetAddress> ip,
    Optional<String> mailFrom,
    Optional<String> helo,
    Optional<String> fromDomain,
    List<DkimKeyCheck.Selector> dkimSelectors) {
  /** The most DKIM selectors one investigation checks. */
  public static final int MAX_SELECTORS = 16;

  private static final SenderFacts NONE =
      new SenderFacts(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());

  /** Checks the fields. */
  public SenderFacts {
    Objects.requireNonNull(ip, "ip must not be null (use Optional.empty())");
    Objects.requireNonNull(mailFrom, "mailFrom must not be null (use Optional.empty())");
    Objects.requireNonNull(helo, "helo must not be null (use Optional.empty())");
    Objects.requireNonNull(fromDomain, "fromDomain must not be null (use Optional.empty())");
    dkimSelectors = List.copyOf(dkimSelectors);
    if (dkimSelectors.size() > MAX_SELECTORS) {
      throw new IllegalArgumentException(
          "at most " + MAX_SELECTORS + " DKIM selectors, got " + dkimSelectors.size());
    }
  }

  /**
   * Nothing known yet.
   *
   * @return the empty facts
   */
  public static SenderFacts none() {
    return NONE;
  }

  /**
   * With the sending IP.
   *
   * @param address the address
   * @return the new facts
   */
  public SenderFacts withIp(InetAddress address) {
    Objects.requireNonNull(address, "address must not be null");
    return new SenderFacts(
        Optional.of(IpAddresses.normalize(address)), mailFrom, helo, fromDomain, dkimSelectors);
  }

  /**
   * With the sending IP, written as an IPv4 or IPv6 literal (no DNS look-up is made).
   *
   * @param literal {@code 192.0.2.1} or {@code 2001:db8::1}
   * @return the new facts
   * @throws IllegalArgumentException when the text is no IP address
   */
  public SenderFacts withIp(String literal) {
    return withIp(parseIp(literal));
  }

  /**
   * With the envelope sender; its domain is also the From domain unless {@link #withFromDomain}
   * gives another.
   *
   * @param address {@code bounces@example.com}, with or without angle brackets
   * @return the new facts
   * @throws IllegalArgumentException when the address has no valid domain
   */
  public SenderFacts withMailFrom(String address) {
    Objects.requireNonNull(address, "address must not be null");
    String a = address.strip();
    if (a.startsWith("<") && a.endsWith(">")) {
      a = a.substring(1, a.length() - 1).strip();
    }
    int at = a.lastIndexOf('@');
    if (at <= 0 || a.length() > 320) {
      throw new IllegalArgumentException(
          "the MAIL FROM must be an address such as bounces@example.com, got '" + address + "'");
    }
    String domain = domain(a.substring(at + 1), "the MAIL FROM's domain");
    return new SenderFacts(
        ip, Optional.of(a.substring(0, at) + "@" + domain), helo, fromDomain, dkimSelectors);
  }

  /**
   * With the HELO/EHLO name the sending server used.
   *
   * @param name a host name
   * @return the new facts
   */
  public SenderFacts withHelo(String name) {
    return new SenderFacts(ip, mailFrom, Optional.of(domain(name, "the HELO name")), fromDomain,
        dkimSelectors);
  }

  /**
   * With the From header's domain (the domain DMARC protects).
   *
   * @param domainOrAddress {@code example.com}, or an address whose domain is taken
   * @return the new facts
   */
  public SenderFacts withFromDomain(String domainOrAddress) {
    Objects.requireNonNull(domainOrAddress, "domainOrAddress must not be null");
    String d = domainOrAddress.strip();
    if (d.endsWith(">")) {
      int lt = d.lastIndexOf('<');
      d = d.substring(lt + 1, d.length() - 1);
    }
    int at = d.lastIndexOf('@');
    d = at >= 0 ? d.substring(at + 1) : d;
    return new SenderFacts(ip, mailFrom, helo, Optional.of(domain(d, "the From domain")),
        dkimSelectors);
  }

  /**
   * With one more DKIM key the message was signed with.
   *
   * @param selector the signature's {@code s=}
   * @param domain the signature's {@code d=}
   * @return the new facts
   */
  public SenderFacts withDkimSelector(String selector, String domain) {
    Objects.requireNonNull(selector, "selector must not be null");
    String s = selector.strip();
    if (s.isEmpty() || s.length() > 63 * 4 || !s.chars().allMatch(SenderFacts::selectorChar)) {
      throw new IllegalArgumentException(
          "a DKIM selector is letters, digits, '-', '_' and '.', got '" + selector + "'");
    }
    List<DkimKeyCheck.Selector> list = new ArrayList<>(dkimSelectors);
    list.add(new DkimKeyCheck.Selector(s.toLowerCase(Locale.ROOT), domain(domain, "the DKIM d= domain")));
    return new SenderFacts(ip, mailFrom, helo, fromDomain, list);
  }

  /**
   * The MAIL FROM's domain.
   *
   * @return the domain, if a MAIL FROM was given
   */
  public Optional<String> mailFromDomain() {
    return mailFrom.map(a -> a.substring(a.lastIndexOf('@') + 1));
  }

  /**
   * The domain DMARC is checked for: the From domain, else the MAIL FROM's domain.
   *
   * @return the domain, if either was given
   */
  public Optional<String> dmarcDomain() {
    return fromDomain.or(this::mailFromDomain);
  }

  static InetAddress parseIp(String literal) {
    Objects.requireNonNull(literal, "literal must not be null");
    String s = literal.strip();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    if (s.regionMatches(true, 0, "ipv6:", 0, 5)) {
      s = s.substring(5);
    }
    byte[] b = s.length() > 45 ? null : s.indexOf(':') >= 0 ? IpAddresses.parseIpv6(s)
        : IpAddresses.parseIpv4(s);
    if (b == null) {
      throw new IllegalArgumentException(
          "not an IP address: '" + literal + "' (give an IPv4 or IPv6 literal, not a host name)");
    }
    return IpAddresses.normalize(IpAddresses.toInet(b));
  }

  private static boolean selectorChar(int c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
        || c == '_' || c == '.';
  }

  // A domain name in lower case, without a trailing dot; letters, digits, '-', '_' and '.' in
  // labels of 1-63 characters, 253 in all.
  static String domain(String name, String what) {
    Objects.requireNonNull(name, what + " must not be null");
    String d = name.strip().toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    boolean ok = !d.isEmpty() && d.length() <= 253;
    int label = 0;
    for (int i = 0; ok && i < d.length(); i++) {
      char c = d.charAt(i);
      if (c == '.') {
        ok = label > 0;
        label = 0;
      } else {
        ok = (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') && ++label <= 63;
      }
    }
    if (!ok) {
      throw new IllegalArgumentException(
          what + " must be a domain name such as example.com, got '" + name + "'");
    }
    return d;
  }
}
