package io.github.bouncekit.dns.spf;

import io.github.bouncekit.dns.ParseResult;
import io.github.bouncekit.dns.internal.IpAddresses;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * RFC 7208 §7 macro expansion: the letters {@code s l o d i p h c r t v}, the transformers (a
 * number of right-hand parts, {@code r} for reversal), the delimiters {@code . - + , / _ =}, the
 * escapes {@code %%} {@code %_} {@code %-}, and URL-escaping for upper-case letters.
 *
 * <pre>{@code
 * MacroExpander.Variables v = MacroExpander.Variables.of(
 *     InetAddress.getByName("192.0.2.3"), "strong-bad@email.example.com", "mx.example.org");
 * MacroExpander.expand("%{ir}.%{v}._spf.%{d2}", MacroString.Context.DOMAIN_SPEC, v).orElseThrow();
 * // 3.2.0.192.in-addr._spf.example.com
 * }</pre>
 *
 * <p>The {@code p} macro needs DNS; this class takes its value from {@link
 * Variables#validatedDomain()} ({@code "unknown"} unless set), which {@link SpfEvaluator} resolves
 * before expanding. Expansion is linear in the macro-string times the length of the values.
 * Explanation text is cut at {@link #MAX_EXPANSION_LENGTH} characters; domain names are cut on the
 * left to 253 characters as §7.3 says, so the work space stays bounded.
 */
public final class MacroExpander {

  /** The longest expansion kept for explanation text, in characters. */
  public static final int MAX_EXPANSION_LENGTH = 8_192;

  private static final String UNRESERVED_MARKS = "-._~";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private MacroExpander() {}

  /**
   * The values macros expand to (RFC 7208 §7.2).
   *
   * @param ip the client address: {@code i}, {@code c}, {@code v} (an IPv4-mapped IPv6 address
   *     counts as IPv4)
   * @param sender the sender {@code local-part@domain}: {@code s}; its local-part is {@code l}
   *     ({@code postmaster} when empty), its domain {@code o}
   * @param domain the current domain: {@code d}
   * @param helo the HELO/EHLO name: {@code h}
   * @param validatedDomain the validated name of the client: {@code p}
   * @param receivingDomain the receiving host's domain: {@code r} (explanations only)
   * @param timestamp the current time in seconds since the epoch: {@code t} (explanations only)
   */
  public record Variables(
      InetAddress ip,
      String sender,
      String domain,
      String helo,
      String validatedDomain,
      String receivingDomain,
      long timestamp) {
    /** Checks. */
    public Variables {
      Objects.requireNonNull(ip, "ip must not be null");
      ip = IpAddresses.normalize(ip);
      Objects.requireNonNull(sender, "sender must not be null");
      Objects.requireNonNull(domain, "domain must not be null");
      Objects.requireNonNull(helo, "helo must not be null");
      Objects.requireNonNull(validatedDomain, "validatedDomain must not be null");
      Objects.requireNonNull(receivingDomain, "receivingDomain must not be null");
    }

    /**
     * Variables for a check of {@code sender} (whose domain is the current domain), with {@code p}
     * and {@code r} {@code "unknown"} and {@code t} 0.
     *
     * @param ip the client address
     * @param sender the sender address
     * @param helo the HELO/EHLO name
     * @return the variables
     */
    public static Variables of(InetAddress ip, String sender, String helo) {
      Objects.requireNonNull(sender, "sender must not be null");
      int at = sender.lastIndexOf('@');
      String domain = at < 0 ? sender : sender.substring(at + 1);
      return new Variables(ip, sender, domain, helo, "unknown", "unknown", 0);
    }

    /** The local-part of the sender ({@code l}), {@code postmaster} when it has none. */
    public String localPart() {
      int at = sender.lastIndexOf('@');
      String local = at < 0 ? "" : sender.substring(0, at);
      return local.isEmpty() ? "postmaster" : local;
    }

    /** The domain of the sender ({@code o}). */
    public String senderDomain() {
      int at = sender.lastIndexOf('@');
      return at < 0 ? sender : sender.substring(at + 1);
    }

    /** A copy with another current domain. */
    public Variables withDomain(String newDomain) {
      return new Variables(
          ip, sender, newDomain, helo, validatedDomain, receivingDomain, timestamp);
    }

    /** A copy with the {@code p} value. */
    public Variables withValidatedDomain(String p) {
      return new Variables(ip, sender, domain, helo, p, receivingDomain, timestamp);
    }

    /** A copy with the {@code r} value. */
    public Variables withReceivingDomain(String r) {
      return new Variables(ip, sender, domain, helo, validatedDomain, r, timestamp);
    }

    /** A copy with the {@code t} value. */
    public Variables withTimestamp(long t) {
      return new Variables(ip, sender, domain, helo, validatedDomain, receivingDomain, t);
    }
  }

  /**
   * Parses and expands a macro-string as text (no domain-name processing).
   *
   * @param text the macro-string
   * @param context where it appears (which letters are allowed)
   * @param variables the values
   * @return the expansion, or the syntax error
   */
  public static ParseResult<String> expand(
      String text, MacroString.Context context, Variables variables) {
    Objects.requireNonNull(variables, "variables must not be null");
    ParseResult<MacroString> parsed = MacroString.parse(text, context);
    if (parsed.error().isPresent()) {
      return new ParseResult.Invalid<>(parsed.error().get());
    }
    return new ParseResult.Valid<>(expand(parsed.value().orElseThrow(), variables));
  }

  /**
   * Expands a macro-string as text, for explanations: the trailing dot is kept. The result is cut
   * at {@link #MAX_EXPANSION_LENGTH} characters.
   *
   * @param macroString the parsed macro-string
   * @param variables the values
   * @return the expansion
   */
  public static String expand(MacroString macroString, Variables variables) {
    Objects.requireNonNull(macroString, "macroString must not be null");
    Objects.requireNonNull(variables, "variables must not be null");
    StringBuilder out = new StringBuilder();
    for (MacroString.Part part : macroString.parts()) {
      append(out, part, variables);
      if (out.length() >= MAX_EXPANSION_LENGTH) {
        out.setLength(MAX_EXPANSION_LENGTH);
        break;
      }
    }
    return out.toString();
  }

  /**
   * Expands a domain-spec into a domain name (RFC 7208 §7.3): one trailing dot is removed, and a
   * name longer than 253 characters loses labels on the left until it fits (empty when even its
   * last label does not fit). The name is not checked otherwise.
   *
   * @param macroString the parsed domain-spec
   * @param variables the values
   * @return the domain name, possibly empty or malformed
   */
  public static String expandDomain(MacroString macroString, Variables variables) {
    Objects.requireNonNull(macroString, "macroString must not be null");
    Objects.requireNonNull(variables, "variables must not be null");
    StringBuilder out = new StringBuilder();
    for (MacroString.Part part : macroString.parts()) {
      append(out, part, variables);
      if (out.length() > 4096) {
        // Only the right end can survive truncation: keep at least 1024 characters, cut on a
        // label boundary when there is one (equivalent, see §7.3's label-wise truncation).
        int keepFrom = out.length() - 1024;
        int dot = out.lastIndexOf(".", keepFrom);
        out.delete(0, dot >= out.length() - 2048 && dot >= 0 ? dot + 1 : keepFrom);
      }
    }
    String name = out.toString();
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    while (name.length() > DomainNames.MAX_NAME_LENGTH) {
      int dot = name.indexOf('.');
      if (dot < 0) {
        return "";
      }
      name = name.substring(dot + 1);
    }
    return name;
  }

  private static void append(StringBuilder out, MacroString.Part part, Variables v) {
    if (part instanceof MacroString.Literal) {
      out.append(((MacroString.Literal) part).value());
    } else if (part instanceof MacroString.Escape) {
      out.append(((MacroString.Escape) part).expansion());
    } else {
      MacroString.Macro m = (MacroString.Macro) part;
      String value = transform(value(m.letter(), v), m);
      if (m.urlEscape()) {
        urlEscape(out, value);
      } else {
        out.append(value);
      }
    }
  }

  /** The raw value of a macro letter. */
  static String value(char letter, Variables v) {
    switch (letter) {
      case 's':
        return v.localPart() + "@" + v.senderDomain();
      case 'l':
        return v.localPart();
      case 'o':
        return v.senderDomain();
      case 'd':
        return v.domain();
      case 'i':
        return IpAddresses.dotted(IpAddresses.bytes(v.ip()));
      case 'p':
        return v.validatedDomain();
      case 'v':
        return IpAddresses.bytes(v.ip()).length == 4 ? "in-addr" : "ip6";
      case 'h':
        return v.helo();
      case 'c':
        return IpAddresses.format(IpAddresses.bytes(v.ip()));
      case 'r':
        return v.receivingDomain();
      case 't':
        return Long.toString(v.timestamp());
      default:
        throw new IllegalArgumentException("unknown macro letter " + letter);
    }
  }

  /** Splits on the delimiters, reverses, keeps the right-hand parts, joins with dots. */
  private static String transform(String value, MacroString.Macro m) {
    String delimiters = m.delimiters().isEmpty() ? "." : m.delimiters();
    if (!m.reverse() && m.rightParts() == 0 && delimiters.equals(".")) {
      return value;
    }
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < value.length(); i++) {
      if (delimiters.indexOf(value.charAt(i)) >= 0) {
        parts.add(value.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(value.substring(start));
    if (m.reverse()) {
      Collections.reverse(parts);
    }
    if (m.rightParts() > 0 && m.rightParts() < parts.size()) {
      parts = parts.subList(parts.size() - m.rightParts(), parts.size());
    }
    return String.join(".", parts);
  }

  /** Percent-encodes everything but the RFC 3986 unreserved characters, as UTF-8. */
  private static void urlEscape(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80
          && (DomainNames.isAlpha(c)
              || (c >= '0' && c <= '9')
              || UNRESERVED_MARKS.indexOf(c) >= 0)) {
        out.append(c);
        continue;
      }
      int end = i + 1;
      if (Character.isHighSurrogate(c)
          && end < value.length()
          && Character.isLowSurrogate(value.charAt(end))) {
        end++;
      }
      for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
        out.append('%').append(HEX[(b >> 4) & 0x0F]).append(HEX[b & 0x0F]);
      }
      i = end - 1;
    }
  }
}
