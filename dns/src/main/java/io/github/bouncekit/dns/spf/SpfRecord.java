package io.github.bouncekit.dns.spf;

import io.github.bouncekit.dns.ParseResult;
import io.github.bouncekit.dns.SyntaxError;
import io.github.bouncekit.dns.internal.IpAddresses;
import io.github.bouncekit.dns.internal.Texts;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed SPF record (RFC 7208 §4.5-§6, ABNF of §12): {@code v=spf1} followed by directives
 * (qualifier and mechanism) and modifiers.
 *
 * <pre>{@code
 * ParseResult<SpfRecord> r =
 *     SpfRecord.parse("v=spf1 ip4:192.0.2.0/24 include:_spf.example.com -all");
 * r.value().ifPresent(rec -> rec.directives()); // 3 directives
 * SpfRecord.parse("v=spf1 a:foo -all").error(); // position 9: domain-spec 'foo' must end in ...
 * }</pre>
 *
 * <p>The parser follows the ABNF strictly: mechanisms {@code all include a mx ptr ip4 ip6 exists}
 * (names case-insensitive) with the qualifiers {@code + - ~ ?}; {@code ip4} takes a dotted quad
 * without leading zeros, {@code ip6} an RFC 4291 address; prefix lengths are 0-32 and 0-128 without
 * leading zeros; {@code a} and {@code mx} take a dual prefix length ({@code /24//64}); every
 * domain-spec must end in a top-level domain name or a macro; the modifiers {@code redirect=} and
 * {@code exp=} appear at most once; other {@code name=value} modifiers are kept but mean nothing;
 * any other term is an error. Terms are separated by spaces (U+0020) only.
 *
 * <p>Parsing is a single left-to-right scan, linear in the input. Records longer than {@link
 * #MAX_LENGTH} characters are rejected.
 *
 * @param text the record as published (the strings of its TXT record joined)
 * @param terms its directives and modifiers, in order
 */
public record SpfRecord(String text, List<Term> terms) {

  /** The longest record accepted, in characters. */
  public static final int MAX_LENGTH = 16_384;

  private static final String VERSION = "v=spf1";

  /** Checks and copies. */
  public SpfRecord {
    Objects.requireNonNull(text, "text must not be null");
    terms = List.copyOf(terms);
  }

  /**
   * True when a TXT record's text is an SPF version 1 record: it starts with {@code v=spf1} (any
   * case) followed by a space or the end (RFC 7208 §4.5). Records that are not are ignored when
   * selecting a domain's record.
   *
   * @param text the joined strings of a TXT record
   * @return true for an SPF record, valid or not
   */
  public static boolean isSpfRecord(String text) {
    Objects.requireNonNull(text, "text must not be null");
    return text.regionMatches(true, 0, VERSION, 0, VERSION.length())
        && (text.length() == VERSION.length() || text.charAt(VERSION.length()) == ' ');
  }

  /**
   * Parses a record.
   *
   * @param text the record text
   * @return the record, or its first syntax error with the 0-based position in {@code text}
   * @throws NullPointerException if {@code text} is null
   */
  public static ParseResult<SpfRecord> parse(String text) {
    Objects.requireNonNull(text, "text must not be null");
    return new Parser(text).parse();
  }

  /** The directives (mechanisms with their qualifiers), in order. */
  public List<Directive> directives() {
    List<Directive> out = new ArrayList<>();
    for (Term t : terms) {
      if (t instanceof Directive) {
        out.add((Directive) t);
      }
    }
    return List.copyOf(out);
  }

  /** All modifiers, known and unknown, in order. */
  public List<Modifier> modifiers() {
    List<Modifier> out = new ArrayList<>();
    for (Term t : terms) {
      if (t instanceof Modifier) {
        out.add((Modifier) t);
      }
    }
    return List.copyOf(out);
  }

  /** The {@code redirect=} modifier. */
  public Optional<Modifier> redirect() {
    return modifier("redirect");
  }

  /** The {@code exp=} modifier. */
  public Optional<Modifier> explanation() {
    return modifier("exp");
  }

  private Optional<Modifier> modifier(String name) {
    for (Term t : terms) {
      if (t instanceof Modifier && ((Modifier) t).name().equalsIgnoreCase(name)) {
        return Optional.of((Modifier) t);
      }
    }
    return Optional.empty();
  }

  /**
   * The number of terms that cause DNS queries ({@code include a mx ptr exists} and {@code
   * redirect}), counted in this record only (RFC 7208 §4.6.4).
   */
  public int dnsQueryingTerms() {
    int count = 0;
    for (Term t : terms) {
      if (t instanceof Directive && ((Directive) t).mechanism().queriesDns()) {
        count++;
      } else if (t instanceof Modifier && ((Modifier) t).isRedirect()) {
        count++;
      }
    }
    return count;
  }

  @Override
  public String toString() {
    return text;
  }

  /** A term of a record: a directive or a modifier. */
  public sealed interface Term permits Directive, Modifier {
    /** The term as written. */
    String text();

    /** The 0-based position of the term in the record text. */
    int position();
  }

  /** A qualifier, and the result a matching mechanism gives. */
  public enum Qualifier {
    /** {@code +} (the default): pass. */
    PASS('+', SpfResult.Code.PASS),
    /** {@code -}: fail. */
    FAIL('-', SpfResult.Code.FAIL),
    /** {@code ~}: softfail. */
    SOFTFAIL('~', SpfResult.Code.SOFTFAIL),
    /** {@code ?}: neutral. */
    NEUTRAL('?', SpfResult.Code.NEUTRAL);

    private final char symbol;
    private final SpfResult.Code result;

    Qualifier(char symbol, SpfResult.Code result) {
      this.symbol = symbol;
      this.result = result;
    }

    /** The character: {@code + - ~ ?}. */
    public char symbol() {
      return symbol;
    }

    /** The result of a match. */
    public SpfResult.Code result() {
      return result;
    }

    static Qualifier of(char c) {
      for (Qualifier q : values()) {
        if (q.symbol == c) {
          return q;
        }
      }
      return null;
    }
  }

  /** The mechanisms of RFC 7208 §5. */
  public enum Mechanism {
    /** {@code all}: always matches. */
    ALL(false),
    /** {@code include:domain}: matches when the domain's record passes. */
    INCLUDE(true),
    /** {@code a[:domain][/cidr4][//cidr6]}: matches the domain's addresses. */
    A(true),
    /** {@code mx[:domain][/cidr4][//cidr6]}: matches the addresses of the domain's MX hosts. */
    MX(true),
    /** {@code ptr[:domain]}: matches a validated reverse name in the domain (do not use). */
    PTR(true),
    /** {@code ip4:network[/cidr]}. */
    IP4(false),
    /** {@code ip6:network[/cidr]}. */
    IP6(false),
    /** {@code exists:domain}: matches when the domain has an A record. */
    EXISTS(true);

    private final boolean queriesDns;

    Mechanism(boolean queriesDns) {
      this.queriesDns = queriesDns;
    }

    /** The name as written in records, lower case. */
    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** True for the mechanisms that count toward the 10 DNS-querying terms. */
    public boolean queriesDns() {
      return queriesDns;
    }

    static Mechanism of(String name) {
      for (Mechanism m : values()) {
        if (m.token().equalsIgnoreCase(name)) {
          return m;
        }
      }
      return null;
    }
  }

  /**
   * A directive: a qualifier and a mechanism with its arguments.
   *
   * @param text the directive as written
   * @param position its 0-based position in the record
   * @param qualifier the qualifier ({@link Qualifier#PASS} when none was written)
   * @param mechanism the mechanism
   * @param domainSpec the domain-spec of {@code include a mx ptr exists}, empty when absent (for
   *     {@code a mx ptr} the current domain is used)
   * @param network the network of {@code ip4} (an {@link java.net.Inet4Address}) or {@code ip6} (an
   *     {@link java.net.Inet6Address}, never converted to IPv4)
   * @param ip4Prefix the IPv4 prefix length for {@code a mx ip4}, 32 when absent
   * @param ip6Prefix the IPv6 prefix length for {@code a mx ip6}, 128 when absent
   */
  public record Directive(
      String text,
      int position,
      Qualifier qualifier,
      Mechanism mechanism,
      Optional<MacroString> domainSpec,
      Optional<InetAddress> network,
      int ip4Prefix,
      int ip6Prefix)
      implements Term {
    /** Checks. */
    public Directive {
      Objects.requireNonNull(text, "text must not be null");
      Objects.requireNonNull(qualifier, "qualifier must not be null");
      Objects.requireNonNull(mechanism, "mechanism must not be null");
      Objects.requireNonNull(domainSpec, "domainSpec must not be null");
      Objects.requireNonNull(network, "network must not be null");
      if (ip4Prefix < 0 || ip4Prefix > 32) {
        throw new IllegalArgumentException("ip4Prefix must be 0-32, was " + ip4Prefix);
      }
      if (ip6Prefix < 0 || ip6Prefix > 128) {
        throw new IllegalArgumentException("ip6Prefix must be 0-128, was " + ip6Prefix);
      }
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * A modifier {@code name=value}.
   *
   * @param text the modifier as written
   * @param position its 0-based position in the record
   * @param name the name as written ({@code redirect}, {@code exp}, or an unknown one)
   * @param value the value: a domain-spec for {@code redirect} and {@code exp}, a macro-string
   *     otherwise
   */
  public record Modifier(String text, int position, String name, MacroString value)
      implements Term {
    /** Checks. */
    public Modifier {
      Objects.requireNonNull(text, "text must not be null");
      Objects.requireNonNull(name, "name must not be null");
      Objects.requireNonNull(value, "value must not be null");
    }

    /** True for {@code redirect=}. */
    public boolean isRedirect() {
      return name.equalsIgnoreCase("redirect");
    }

    /** True for {@code exp=}. */
    public boolean isExplanation() {
      return name.equalsIgnoreCase("exp");
    }

    /** True for a modifier other than {@code redirect=} and {@code exp=}: it is ignored. */
    public boolean isUnknown() {
      return !isRedirect() && !isExplanation();
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** The hand-written scanner. */
  private static final class Parser {
    private final String text;
    private final List<Term> terms = new ArrayList<>();
    private boolean seenRedirect;
    private boolean seenExp;

    Parser(String text) {
      this.text = text;
    }

    ParseResult<SpfRecord> parse() {
      if (text.length() > MAX_LENGTH) {
        return error(MAX_LENGTH, "record longer than " + MAX_LENGTH + " characters");
      }
      if (!text.regionMatches(true, 0, VERSION, 0, VERSION.length())) {
        return error(0, "not an SPF record: it must start with \"v=spf1\"");
      }
      if (text.length() > VERSION.length() && text.charAt(VERSION.length()) != ' ') {
        return error(VERSION.length(), "\"v=spf1\" must be followed by a space");
      }
      int n = text.length();
      int i = VERSION.length();
      while (i < n) {
        if (text.charAt(i) == ' ') {
          i++;
          continue;
        }
        int end = text.indexOf(' ', i);
        if (end < 0) {
          end = n;
        }
        SyntaxError err = term(i, end);
        if (err != null) {
          return new ParseResult.Invalid<>(err);
        }
        i = end;
      }
      return new ParseResult.Valid<>(new SpfRecord(text, terms));
    }

    /** Parses text[from, to), one term; returns an error or null. */
    private SyntaxError term(int from, int to) {
      String term = text.substring(from, to);
      // A modifier: name "=" ..., the name being ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ).
      if (DomainNames.isAlpha(text.charAt(from))) {
        int i = from + 1;
        while (i < to && isNameChar(text.charAt(i))) {
          i++;
        }
        if (i < to && text.charAt(i) == '=') {
          return modifier(term, from, i, to);
        }
      }
      return directive(term, from, to);
    }

    private SyntaxError modifier(String term, int from, int eq, int to) {
      String name = text.substring(from, eq);
      int valueStart = eq + 1;
      String value = text.substring(valueStart, to);
      boolean redirect = name.equalsIgnoreCase("redirect");
      boolean exp = name.equalsIgnoreCase("exp");
      if (redirect || exp) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (redirect ? seenRedirect : seenExp) {
          return err(from, "\"" + lower + "=\" appears more than once");
        }
        if (value.isEmpty()) {
          return err(valueStart, "\"" + lower + "=\" needs a domain-spec");
        }
        Object spec = domainSpec(value, valueStart);
        if (spec instanceof SyntaxError) {
          return (SyntaxError) spec;
        }
        if (redirect) {
          seenRedirect = true;
        } else {
          seenExp = true;
        }
        terms.add(new Modifier(term, from, name, (MacroString) spec));
        return null;
      }
      ParseResult<MacroString> ms = MacroString.parse(value, MacroString.Context.DOMAIN_SPEC);
      if (ms.error().isPresent()) {
        return within(ms.error().get(), text, valueStart);
      }
      terms.add(new Modifier(term, from, name, ms.value().orElseThrow()));
      return null;
    }

    private SyntaxError directive(String term, int from, int to) {
      int i = from;
      Qualifier qualifier = Qualifier.of(text.charAt(i));
      if (qualifier != null) {
        i++;
      } else {
        qualifier = Qualifier.PASS;
      }
      int nameStart = i;
      while (i < to && isAlnum(text.charAt(i))) {
        i++;
      }
      int nameEnd = i;
      if (nameEnd == nameStart) {
        return err(from, "invalid term " + Texts.quote(term) + ": neither a mechanism nor a modifier");
      }
      Mechanism mechanism = null;
      if (nameEnd == to || text.charAt(nameEnd) == ':' || text.charAt(nameEnd) == '/') {
        mechanism = Mechanism.of(text.substring(nameStart, nameEnd));
      }
      if (mechanism == null) {
        int stop = nameEnd;
        while (stop < to && text.charAt(stop) != ':' && text.charAt(stop) != '/') {
          stop++;
        }
        return err(nameStart, "unknown mechanism " + Texts.quote(text.substring(nameStart, stop)));
      }
      switch (mechanism) {
        case ALL:
          if (nameEnd != to) {
            return err(nameEnd, "\"all\" takes no argument");
          }
          return add(term, from, qualifier, mechanism, null, null, 32, 128);
        case INCLUDE:
        case EXISTS:
          return requiredDomain(term, from, qualifier, mechanism, nameEnd, to);
        case PTR:
          if (nameEnd == to) {
            return add(term, from, qualifier, mechanism, null, null, 32, 128);
          }
          if (text.charAt(nameEnd) == '/') {
            return err(nameEnd, "\"ptr\" takes no prefix length");
          }
          return requiredDomain(term, from, qualifier, mechanism, nameEnd, to);
        case A:
        case MX:
          return addressMechanism(term, from, qualifier, mechanism, nameEnd, to);
        case IP4:
        case IP6:
          return network(term, from, qualifier, mechanism, nameEnd, to);
        default:
          throw new AssertionError(mechanism);
      }
    }

    /** {@code include:} and {@code exists:} (and {@code ptr:}): ":" domain-spec, required. */
    private SyntaxError requiredDomain(
        String term, int from, Qualifier q, Mechanism m, int nameEnd, int to) {
      if (nameEnd == to || text.charAt(nameEnd) != ':') {
        return err(nameEnd, "\"" + m.token() + "\" needs \":\" and a domain-spec");
      }
      if (nameEnd + 1 == to) {
        return err(to, "empty domain-spec after \"" + m.token() + ":\"");
      }
      Object spec = domainSpec(text.substring(nameEnd + 1, to), nameEnd + 1);
      if (spec instanceof SyntaxError) {
        return (SyntaxError) spec;
      }
      return add(term, from, q, m, (MacroString) spec, null, 32, 128);
    }

    /** {@code a} and {@code mx}: [ ":" domain-spec ] [ dual-cidr-length ]. */
    private SyntaxError addressMechanism(
        String term, int from, Qualifier q, Mechanism m, int nameEnd, int to) {
      int ip4 = 32;
      int ip6 = 128;
      int specEnd = to;
      // The dual-cidr-length is read from the end: [ "/" ip4 ] [ "//" ip6 ].
      int digits = digitsBefore(to, nameEnd);
      if (digits < to && digits > nameEnd && text.charAt(digits - 1) == '/') {
        int slash = digits - 1;
        if (slash > nameEnd && text.charAt(slash - 1) == '/') {
          Object v6 = prefix(digits, to, 128, "IPv6");
          if (v6 instanceof SyntaxError) {
            return (SyntaxError) v6;
          }
          ip6 = (Integer) v6;
          specEnd = slash - 1;
          int digits4 = digitsBefore(specEnd, nameEnd);
          if (digits4 < specEnd && digits4 > nameEnd && text.charAt(digits4 - 1) == '/') {
            Object v4 = prefix(digits4, specEnd, 32, "IPv4");
            if (v4 instanceof SyntaxError) {
              return (SyntaxError) v4;
            }
            ip4 = (Integer) v4;
            specEnd = digits4 - 1;
          }
        } else {
          Object v4 = prefix(digits, to, 32, "IPv4");
          if (v4 instanceof SyntaxError) {
            return (SyntaxError) v4;
          }
          ip4 = (Integer) v4;
          specEnd = slash;
        }
      }
      MacroString spec = null;
      if (specEnd > nameEnd) {
        if (text.charAt(nameEnd) != ':') {
          return err(
              nameEnd,
              "invalid argument "
                  + Texts.quote(text.substring(nameEnd, specEnd))
                  + " after \""
                  + m.token()
                  + "\": expected \":\" and a domain-spec, or a prefix length");
        }
        if (specEnd == nameEnd + 1) {
          return err(nameEnd + 1, "empty domain-spec after \"" + m.token() + ":\"");
        }
        Object parsed = domainSpec(text.substring(nameEnd + 1, specEnd), nameEnd + 1);
        if (parsed instanceof SyntaxError) {
          return (SyntaxError) parsed;
        }
        spec = (MacroString) parsed;
      }
      return add(term, from, q, m, spec, null, ip4, ip6);
    }

    /** {@code ip4:} and {@code ip6:}: ":" network [ "/" prefix ]. */
    private SyntaxError network(
        String term, int from, Qualifier q, Mechanism m, int nameEnd, int to) {
      boolean v4 = m == Mechanism.IP4;
      if (nameEnd == to || text.charAt(nameEnd) != ':') {
        return err(nameEnd, "\"" + m.token() + "\" needs \":\" and a network");
      }
      int start = nameEnd + 1;
      int slash = start;
      while (slash < to && text.charAt(slash) != '/') {
        slash++;
      }
      String address = text.substring(start, slash);
      byte[] bytes = v4 ? IpAddresses.parseIpv4(address) : IpAddresses.parseIpv6(address);
      if (bytes == null) {
        return err(
            start,
            "invalid "
                + (v4 ? "IPv4" : "IPv6")
                + " address "
                + Texts.quote(address)
                + " in "
                + Texts.quote(term));
      }
      int prefix = v4 ? 32 : 128;
      if (slash < to) {
        if (slash + 1 < to && text.charAt(slash + 1) == '/') {
          return err(slash, "a dual prefix length is not allowed with \"" + m.token() + "\"");
        }
        Object p = prefix(slash + 1, to, v4 ? 32 : 128, v4 ? "IPv4" : "IPv6");
        if (p instanceof SyntaxError) {
          return (SyntaxError) p;
        }
        prefix = (Integer) p;
      }
      InetAddress network = IpAddresses.toInet(bytes);
      return add(term, from, q, m, null, network, v4 ? prefix : 32, v4 ? 128 : prefix);
    }

    /** The start of the run of digits that ends at {@code end}, not before {@code floor}. */
    private int digitsBefore(int end, int floor) {
      int i = end;
      while (i > floor && text.charAt(i - 1) >= '0' && text.charAt(i - 1) <= '9') {
        i--;
      }
      return i;
    }

    /** A prefix length in text[from, to): an Integer, or a SyntaxError. */
    private Object prefix(int from, int to, int max, String family) {
      if (from >= to) {
        return err(from, "missing " + family + " prefix length");
      }
      for (int i = from; i < to; i++) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          return err(i, "invalid " + family + " prefix length " + Texts.quote(text.substring(from, to)));
        }
      }
      if (to - from > 1 && text.charAt(from) == '0') {
        return err(
            from,
            family + " prefix length " + Texts.quote(text.substring(from, to)) + " has a leading zero");
      }
      if (to - from > 3) {
        return err(
            from,
            family
                + " prefix length "
                + Texts.quote(text.substring(from, to))
                + " is out of range 0-"
                + max);
      }
      int value = Integer.parseInt(text.substring(from, to));
      if (value > max) {
        return err(from, family + " prefix length " + value + " is out of range 0-" + max);
      }
      return value;
    }

    /**
     * A domain-spec: a macro-string ending in "." toplabel [ "." ] or a macro-expand. Returns the
     * MacroString or a SyntaxError.
     */
    private Object domainSpec(String spec, int offset) {
      ParseResult<MacroString> parsed = MacroString.parse(spec, MacroString.Context.DOMAIN_SPEC);
      if (parsed.error().isPresent()) {
        return within(parsed.error().get(), text, offset);
      }
      MacroString ms = parsed.value().orElseThrow();
      if (ms.endsWithMacroExpand()) {
        return ms;
      }
      int end = spec.endsWith(".") ? spec.length() - 1 : spec.length();
      int dot = end > 0 ? spec.lastIndexOf('.', end - 1) : -1;
      if (dot < 0) {
        return err(
            offset,
            "domain-spec "
                + Texts.quote(spec)
                + " must end in a top-level domain name (\".\" toplabel) or a macro");
      }
      if (!DomainNames.isToplabel(spec, dot + 1, end)) {
        return err(
            offset + dot + 1,
            "invalid top label "
                + Texts.quote(spec.substring(dot + 1, end))
                + " in domain-spec "
                + Texts.quote(spec)
                + " (letters, digits and inner dashes, not all digits)");
      }
      return ms;
    }

    private SyntaxError add(
        String term,
        int from,
        Qualifier q,
        Mechanism m,
        MacroString spec,
        InetAddress network,
        int ip4,
        int ip6) {
      terms.add(
          new Directive(
              term, from, q, m, Optional.ofNullable(spec), Optional.ofNullable(network), ip4, ip6));
      return null;
    }

    private SyntaxError err(int position, String message) {
      return new SyntaxError(text, Math.min(position, text.length()), message);
    }

    private ParseResult<SpfRecord> error(int position, String message) {
      return new ParseResult.Invalid<>(err(position, message));
    }

    private static boolean isNameChar(char c) {
      return isAlnum(c) || c == '-' || c == '_' || c == '.';
    }

    private static boolean isAlnum(char c) {
      return DomainNames.isAlpha(c) || (c >= '0' && c <= '9');
    }
  }

  /** The error of a part shifted by {@code offset} characters into the enclosing {@code text}. */
  private static SyntaxError within(SyntaxError e, String text, int offset) {
    return new SyntaxError(text, offset + e.position(), e.message());
  }
}
