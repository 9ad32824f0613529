package io.github.bouncekit.dns.dnsbl;

import io.github.bouncekit.dns.internal.IpAddresses;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One DNS blocklist zone and what its answers mean: a row of the zone table ({@link DnsblZones}).
 *
 * @param id a short, stable identifier ({@code spamhaus-zen}), used to choose zones and shown in
 *     place of the zone name, which may hold a secret key; lower-case letters, digits and dashes
 * @param zone the DNS zone queried ({@code zen.spamhaus.org}), lower-case, without the trailing dot
 * @param kinds what the zone lists: IPv4 addresses, IPv6 addresses, domain names (at least one)
 * @param operator who runs the list
 * @param matching how listing answers are read: whole addresses, or bits of the last octet
 * @param codes the listing return codes and their meanings
 * @param errors answers that are errors, never listings, in the order they are matched
 * @param requirements what using the zone needs (a registered resolver, a non-public resolver, a
 *     key)
 * @param dqsZone the zone's key-based form, queried as {@code <key>.<dqsZone>} (Spamhaus Data Query
 *     Service); empty when there is none
 * @param terms the operator's usage terms, in short
 * @param lookupUrl the operator's look-up and removal page
 */
public record DnsblZone(
    String id,
    String zone,
    Set<TargetKind> kinds,
    String operator,
    Matching matching,
    List<ReturnCode> codes,
    List<ErrorCode> errors,
    Set<Requirement> requirements,
    Optional<String> dqsZone,
    String terms,
    String lookupUrl) {

  /** The longest zone name, in characters (a query name must stay within 253). */
  public static final int MAX_ZONE_LENGTH = 180;

  /** Checks and copies. */
  public DnsblZone {
    Objects.requireNonNull(id, "id must not be null");
    Objects.requireNonNull(zone, "zone must not be null");
    Objects.requireNonNull(kinds, "kinds must not be null");
    Objects.requireNonNull(operator, "operator must not be null");
    Objects.requireNonNull(matching, "matching must not be null");
    Objects.requireNonNull(codes, "codes must not be null");
    Objects.requireNonNull(errors, "errors must not be null");
    Objects.requireNonNull(requirements, "requirements must not be null");
    Objects.requireNonNull(dqsZone, "dqsZone must not be null");
    Objects.requireNonNull(terms, "terms must not be null");
    Objects.requireNonNull(lookupUrl, "lookupUrl must not be null");
    if (!isId(id)) {
      throw new IllegalArgumentException(
          "zone id must be 1-40 lower-case letters, digits and dashes, was '" + id + "'");
    }
    zone = checkZoneName(zone, "zone");
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException(id + ": a zone must list at least one kind of target");
    }
    kinds = Set.copyOf(EnumSet.copyOf(kinds));
    codes = List.copyOf(codes);
    errors = List.copyOf(errors);
    requirements = requirements.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(requirements));
    dqsZone = dqsZone.map(d -> checkZoneName(d, "dqsZone"));
    for (ReturnCode c : codes) {
      if (matching == Matching.BITMASK && Integer.bitCount(c.value()) != 1) {
        throw new IllegalArgumentException(
            id + ": a bitmask zone's codes must be single bits of the last octet, got " + c.value());
      }
      if (matching == Matching.EXACT && (c.value() >>> 24) != 127) {
        throw new IllegalArgumentException(
            id + ": return code " + c.text(matching) + " is outside 127.0.0.0/8");
      }
    }
  }

  /** What a zone lists. */
  public enum TargetKind {
    /** IPv4 addresses, queried as reversed octets. */
    IP4,
    /** IPv6 addresses, queried as 32 reversed nibbles. */
    IP6,
    /** Domain names, queried as they are. */
    DOMAIN;

    /** The table's spelling: {@code ip4}, {@code ip6}, {@code domain}. */
    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How the listing answers of a zone are read. */
  public enum Matching {
    /** Each return code is one whole address ({@code 127.0.0.2}). */
    EXACT,
    /** Each return code is a bit of the last octet ({@code 127.0.0.80} = 16 + 64). */
    BITMASK
  }

  /** What using a zone needs. */
  public enum Requirement {
    /** The querying resolver's address must be registered with the operator (Barracuda). */
    REGISTERED_RESOLVER,
    /** Queries through public or open resolvers are refused (Spamhaus public mirrors, URIBL). */
    NO_PUBLIC_RESOLVER,
    /** The zone needs the user's key in the query name (Spamhaus DQS). */
    KEY;

    /** The table's spelling: {@code registered-resolver}, {@code no-public-resolver}, {@code key}. */
    public String token() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * A listing return code.
   *
   * @param value for {@link Matching#EXACT}: the whole IPv4 address as an unsigned 32-bit number;
   *     for {@link Matching#BITMASK}: the bit of the last octet (1, 2, 4 ... 128)
   * @param meaning what it means, for people
   */
  public record ReturnCode(int value, String meaning) {
    /** Checks. */
    public ReturnCode {
      Objects.requireNonNull(meaning, "meaning must not be null");
    }

    /** The code as the table writes it: {@code 127.0.0.2}, or the bit ({@code 16}). */
    public String text(Matching matching) {
      return matching == Matching.BITMASK ? Integer.toString(value) : IpAddresses.formatIpv4(value);
    }
  }

  /**
   * An answer, or a block of answers, that is an error and never a listing.
   *
   * @param address the first address of the block, as an unsigned 32-bit number
   * @param prefix the block's prefix length (32 for one address)
   * @param meaning what it means, for people
   */
  public record ErrorCode(int address, int prefix, String meaning) {
    /** Checks. */
    public ErrorCode {
      Objects.requireNonNull(meaning, "meaning must not be null");
      if (prefix < 8 || prefix > 32) {
        throw new IllegalArgumentException("error code prefix must be 8-32, was " + prefix);
      }
      if ((address >>> 24) != 127) {
        throw new IllegalArgumentException(
            "error code " + IpAddresses.formatIpv4(address) + " is outside 127.0.0.0/8");
      }
    }

    /** Whether an answer falls in this block. */
    public boolean matches(int answer) {
      int mask = prefix == 32 ? -1 : ~(-1 >>> prefix);
      return (answer & mask) == (address & mask);
    }

    /** {@code 127.255.255.254} or {@code 127.255.255.0/24}. */
    public String text() {
      return prefix == 32 ? IpAddresses.formatIpv4(address) : IpAddresses.formatIpv4(address) + "/" + prefix;
    }
  }

  /** Whether this zone lists targets of that kind. */
  public boolean lists(TargetKind kind) {
    return kinds.contains(kind);
  }

  /** The meaning of a listing code in this zone's table. */
  public Optional<ReturnCode> code(int value) {
    for (ReturnCode c : codes) {
      if (c.value() == value) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The first error block an answer falls in. */
  public Optional<ErrorCode> error(int answer) {
    for (ErrorCode e : errors) {
      if (e.matches(answer)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * This zone in its key-based form: {@code <key>.<dqsZone>}, needing the key and no longer barred
   * from public resolvers. The id stays the same.
   *
   * @param key the user's key: 1-63 letters and digits
   * @return the keyed zone
   * @throws IllegalStateException if this zone has no key-based form
   * @throws IllegalArgumentException if the key is not letters and digits
   */
  public DnsblZone withKey(String key) {
    Objects.requireNonNull(key, "key must not be null");
    if (dqsZone.isEmpty()) {
      throw new IllegalStateException(id + " has no key-based (DQS) form");
    }
    if (key.isEmpty() || key.length() > 63 || !key.chars().allMatch(DnsblZone::isAlnum)) {
      throw new IllegalArgumentException("a DQS key must be 1-63 letters and digits");
    }
    EnumSet<Requirement> req = EnumSet.of(Requirement.KEY);
    if (requirements.contains(Requirement.REGISTERED_RESOLVER)) {
      req.add(Requirement.REGISTERED_RESOLVER);
    }
    return new DnsblZone(
        id,
        key.toLowerCase(Locale.ROOT) + "." + dqsZone.get(),
        kinds,
        operator,
        matching,
        codes,
        errors,
        req,
        Optional.empty(),
        terms,
        lookupUrl);
  }

  @Override
  public String toString() {
    // The zone name may hold a key: show the id and the operator only.
    return id + " (" + operator + ")";
  }

  private static boolean isAlnum(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isId(String s) {
    if (s.isEmpty() || s.length() > 40) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static String checkZoneName(String name, String what) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    n = n.toLowerCase(Locale.ROOT);
    if (n.isEmpty() || n.length() > MAX_ZONE_LENGTH) {
      throw new IllegalArgumentException(
          what + " must be 1-" + MAX_ZONE_LENGTH + " characters, was '" + name + "'");
    }
    DomainNames.problem(n)
        .ifPresent(
            p -> {
              throw new IllegalArgumentException(what + " '" + name + "' is not usable: " + p);
            });
    if (n.indexOf('.') < 0) {
      throw new IllegalArgumentException(what + " '" + name + "' needs at least two labels");
    }
    return n;
  }
}
