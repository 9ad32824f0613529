package io.github.bouncekit.dns.dnsbl;

import io.github.bouncekit.dns.dnsbl.DnsblZone.ErrorCode;
import io.github.bouncekit.dns.dnsbl.DnsblZone.Matching;
import io.github.bouncekit.dns.dnsbl.DnsblZone.Requirement;
import io.github.bouncekit.dns.dnsbl.DnsblZone.ReturnCode;
import io.github.bouncekit.dns.dnsbl.DnsblZone.TargetKind;
import io.github.bouncekit.dns.internal.IpAddresses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An ordered, immutable set of blocklist zones, keyed by id. {@link #defaults()} is the table
 * shipped in {@code io/github/bouncekit/dns/dnsbl/zones.tsv}: Spamhaus ZEN and DBL (with their DQS
 * forms), Barracuda, SpamCop, PSBL, UCEPROTECT levels 1-3, Mailspike, SURBL and URIBL. SORBS
 * (closed in 2024) and CBL (now part of Spamhaus XBL) are left out on purpose.
 *
 * <pre>{@code
 * DnsblZones zones = DnsblZones.defaults()
 *     .withKey("spamhaus-zen", myDqsKey)    // queries <key>.zen.dq.spamhaus.net
 *     .without("uceprotect-3")
 *     .with(myOwnZone);                     // adds, or replaces the zone with the same id
 * }</pre>
 *
 * <p><b>Table format</b> (for {@link #parse(Reader, String)}): UTF-8 text, one zone per line, 11
 * tab-separated columns {@code id zone kinds operator match codes errors requires dqs terms lookup};
 * lines starting with {@code #} and blank lines are skipped, as is a first line starting with {@code
 * id\t}. {@code -} stands for an empty column. {@code kinds}: {@code ip4}, {@code ip6}, {@code
 * domain}, comma-separated. {@code match}: {@code exact} or {@code bitmask}. {@code codes}: {@code
 * |}-separated {@code address=meaning} (exact) or {@code bit=meaning} (bitmask, the bit of the last
 * octet). {@code errors}: {@code |}-separated {@code address=meaning} or {@code
 * address/prefix=meaning}. {@code requires}: {@code registered-resolver}, {@code
 * no-public-resolver}, {@code key}, comma-separated. {@code dqs}: the key-based zone. The loader
 * fails on the first bad line, naming the source and the line number. At most {@value
 * #MAX_ZONES} zones and lines of at most {@value #MAX_LINE_LENGTH} characters.
 */
public final class DnsblZones {

  /** The most zones a table may hold. */
  public static final int MAX_ZONES = 1000;

  /** The longest line of a table, in characters. */
  public static final int MAX_LINE_LENGTH = 8192;

  static final String RESOURCE = "/io/github/bouncekit/dns/dnsbl/zones.tsv";

  private static final int COLUMNS = 11;
  private static volatile DnsblZones defaults;

  private final Map<String, DnsblZone> byId;

  private DnsblZones(Map<String, DnsblZone> byId) {
    this.byId = byId;
  }

  /**
   * The shipped zone table, loaded and checked once.
   *
   * @return the zones
   * @throws IllegalStateException if the resource is missing or malformed (a packaging error)
   */
  public static DnsblZones defaults() {
    DnsblZones d = defaults;
    if (d == null) {
      try (InputStream in = DnsblZones.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the bouncekit-dns jar");
        }
        d = parse(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("the shipped zone table is broken: " + e.getMessage(), e);
      }
      defaults = d;
    }
    return d;
  }

  /**
   * Zones in the given order.
   *
   * @param zones the zones; ids must be unique
   * @return the set
   * @throws IllegalArgumentException for a repeated id or more than {@value #MAX_ZONES} zones
   */
  public static DnsblZones of(Collection<DnsblZone> zones) {
    Objects.requireNonNull(zones, "zones must not be null");
    if (zones.size() > MAX_ZONES) {
      throw new IllegalArgumentException("at most " + MAX_ZONES + " zones, got " + zones.size());
    }
    Map<String, DnsblZone> m = new LinkedHashMap<>();
    for (DnsblZone z : zones) {
      Objects.requireNonNull(z, "zones must not contain null");
      if (m.putIfAbsent(z.id(), z) != null) {
        throw new IllegalArgumentException("zone id '" + z.id() + "' appears twice");
      }
    }
    return new DnsblZones(m);
  }

  /**
   * Reads a zone table (format in the class comment).
   *
   * @param reader the table; read to the end, not closed
   * @param source a name for messages (a file name)
   * @return the zones
   * @throws IllegalArgumentException on the first bad line: "{@code source} line N: what is wrong"
   * @throws UncheckedIOException if reading fails
   */
  public static DnsblZones parse(Reader reader, String source) {
    Objects.requireNonNull(reader, "reader must not be null");
    Objects.requireNonNull(source, "source must not be null");
    List<DnsblZone> zones = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    BufferedReader in = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader);
    int lineNo = 0;
    try {
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.length() > MAX_LINE_LENGTH) {
          throw bad(source, lineNo, "line longer than " + MAX_LINE_LENGTH + " characters");
        }
        if (line.isBlank() || line.startsWith("#") || line.startsWith("id\t")) {
          continue;
        }
        DnsblZone z;
        try {
          z = row(line);
        } catch (IllegalArgumentException | IllegalStateException e) {
          throw bad(source, lineNo, e.getMessage());
        }
        if (!ids.add(z.id())) {
          throw bad(source, lineNo, "zone id '" + z.id() + "' appears twice");
        }
        if (zones.size() == MAX_ZONES) {
          throw bad(source, lineNo, "more than " + MAX_ZONES + " zones");
        }
        zones.add(z);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
    return of(zones);
  }

  /** The zones, in table order. */
  public List<DnsblZone> zones() {
    return List.copyOf(byId.values());
  }

  /** The ids, in table order. */
  public List<String> ids() {
    return List.copyOf(byId.keySet());
  }

  /** How many zones. */
  public int size() {
    return byId.size();
  }

  /** The zone with that id. */
  public Optional<DnsblZone> get(String id) {
    return Optional.ofNullable(byId.get(Objects.requireNonNull(id, "id must not be null")));
  }

  /**
   * These zones plus one: a zone with the same id is replaced in place, a new one goes last.
   *
   * @param zone the zone
   * @return the new set
   */
  public DnsblZones with(DnsblZone zone) {
    Objects.requireNonNull(zone, "zone must not be null");
    Map<String, DnsblZone> m = new LinkedHashMap<>(byId);
    m.put(zone.id(), zone);
    if (m.size() > MAX_ZONES) {
      throw new IllegalArgumentException("at most " + MAX_ZONES + " zones");
    }
    return new DnsblZones(m);
  }

  /**
   * These zones without one.
   *
   * @param id the zone's id
   * @return the new set
   * @throws IllegalArgumentException if there is no zone with that id (a typo would otherwise go
   *     unnoticed)
   */
  public DnsblZones without(String id) {
    require(id);
    Map<String, DnsblZone> m = new LinkedHashMap<>(byId);
    m.remove(id);
    return new DnsblZones(m);
  }

  /**
   * Only the named zones, in table order.
   *
   * @param ids zone ids
   * @return the new set
   * @throws IllegalArgumentException if an id is unknown; the message lists the known ones
   */
  public DnsblZones only(Collection<String> ids) {
    Objects.requireNonNull(ids, "ids must not be null");
    for (String id : ids) {
      require(id);
    }
    Map<String, DnsblZone> m = new LinkedHashMap<>();
    byId.forEach(
        (k, v) -> {
          if (ids.contains(k)) {
            m.put(k, v);
          }
        });
    return new DnsblZones(m);
  }

  /**
   * The zone with that id in its key-based form ({@link DnsblZone#withKey(String)}): for Spamhaus,
   * {@code zen.spamhaus.org} becomes {@code <key>.zen.dq.spamhaus.net}.
   *
   * @param id the zone's id
   * @param key the user's key
   * @return the new set
   * @throws IllegalArgumentException if there is no such zone or the key is malformed
   * @throws IllegalStateException if the zone has no key-based form
   */
  public DnsblZones withKey(String id, String key) {
    return with(require(id).withKey(key));
  }

  /**
   * Every zone that has a key-based form in that form (all of Spamhaus's zones for a DQS key).
   *
   * @param key the user's key
   * @return the new set
   */
  public DnsblZones withKey(String key) {
    Objects.requireNonNull(key, "key must not be null");
    Map<String, DnsblZone> m = new LinkedHashMap<>();
    byId.forEach((k, v) -> m.put(k, v.dqsZone().isPresent() ? v.withKey(key) : v));
    return new DnsblZones(m);
  }

  @Override
  public String toString() {
    return "DnsblZones" + byId.keySet();
  }

  private DnsblZone require(String id) {
    Objects.requireNonNull(id, "id must not be null");
    DnsblZone z = byId.get(id);
    if (z == null) {
      throw new IllegalArgumentException("no zone '" + id + "'; known zones: " + byId.keySet());
    }
    return z;
  }

  private static IllegalArgumentException bad(String source, int line, String message) {
    return new IllegalArgumentException(source + " line " + line + ": " + message);
  }

  // ---------------------------------------------------------------------------------------------

  private static DnsblZone row(String line) {
    String[] c = line.split("\t", -1);
    if (c.length != COLUMNS) {
      throw new IllegalArgumentException(
          "expected " + COLUMNS + " tab-separated columns, found " + c.length);
    }
    for (int i = 0; i < c.length; i++) {
      c[i] = c[i].trim();
    }
    String id = c[0];
    Matching matching = matching(c[4]);
    return new DnsblZone(
        id,
        c[1],
        kinds(c[2]),
        required(c[3], "operator"),
        matching,
        codes(c[5], matching),
        errors(c[6]),
        requirements(c[7]),
        c[8].equals("-") || c[8].isEmpty() ? Optional.empty() : Optional.of(c[8]),
        required(c[9], "terms"),
        required(c[10], "lookup"));
  }

  private static String required(String s, String column) {
    if (s.isEmpty() || s.equals("-")) {
      throw new IllegalArgumentException("column '" + column + "' must not be empty");
    }
    return s;
  }

  private static Set<TargetKind> kinds(String s) {
    EnumSet<TargetKind> out = EnumSet.noneOf(TargetKind.class);
    for (String k : s.split(",", -1)) {
      String t = k.trim().toLowerCase(Locale.ROOT);
      boolean found = false;
      for (TargetKind kind : TargetKind.values()) {
        if (kind.token().equals(t)) {
          out.add(kind);
          found = true;
        }
      }
      if (!found) {
        throw new IllegalArgumentException("unknown kind '" + k + "' (ip4, ip6 or domain)");
      }
    }
    return out;
  }

  private static Matching matching(String s) {
    switch (s.toLowerCase(Locale.ROOT)) {
      case "exact":
        return Matching.EXACT;
      case "bitmask":
        return Matching.BITMASK;
      default:
        throw new IllegalArgumentException("match must be 'exact' or 'bitmask', was '" + s + "'");
    }
  }

  private static Set<Requirement> requirements(String s) {
    if (s.isEmpty() || s.equals("-")) {
      return Set.of();
    }
    EnumSet<Requirement> out = EnumSet.noneOf(Requirement.class);
    for (String r : s.split(",", -1)) {
      String t = r.trim().toLowerCase(Locale.ROOT);
      boolean found = false;
      for (Requirement req : Requirement.values()) {
        if (req.token().equals(t)) {
          out.add(req);
          found = true;
        }
      }
      if (!found) {
        throw new IllegalArgumentException(
            "unknown requirement '" + r + "' (registered-resolver, no-public-resolver, key)");
      }
    }
    return out;
  }

  private static List<ReturnCode> codes(String s, Matching matching) {
    List<ReturnCode> out = new ArrayList<>();
    if (s.isEmpty() || s.equals("-")) {
      throw new IllegalArgumentException("a zone needs at least one listing code");
    }
    Set<Integer> seen = new HashSet<>();
    for (String item : s.split("\\|", -1)) {
      int eq = item.indexOf('=');
      if (eq <= 0 || eq == item.length() - 1) {
        throw new IllegalArgumentException("code '" + item + "' is not 'code=meaning'");
      }
      String code = item.substring(0, eq).trim();
      String meaning = item.substring(eq + 1).trim();
      int value;
      if (matching == Matching.BITMASK) {
        value = bit(code);
      } else {
        OptionalInt a = IpAddresses.parseIpv4Number(code);
        if (a.isEmpty()) {
          throw new IllegalArgumentException("code '" + code + "' is not an IPv4 address");
        }
        value = a.getAsInt();
      }
      if (!seen.add(value)) {
        throw new IllegalArgumentException("code '" + code + "' appears twice");
      }
      out.add(new ReturnCode(value, meaning));
    }
    return out;
  }

  private static int bit(String code) {
    int v;
    try {
      v = Integer.parseInt(code);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bit '" + code + "' is not a number", e);
    }
    if (v < 1 || v > 128 || Integer.bitCount(v) != 1) {
      throw new IllegalArgumentException("bit '" + code + "' is not one of 1, 2, 4 ... 128");
    }
    return v;
  }

  private static List<ErrorCode> errors(String s) {
    List<ErrorCode> out = new ArrayList<>();
    if (s.isEmpty() || s.equals("-")) {
      return out;
    }
    for (String item : s.split("\\|", -1)) {
      int eq = item.indexOf('=');
      if (eq <= 0 || eq == item.length() - 1) {
        throw new IllegalArgumentException("error code '" + item + "' is not 'address=meaning'");
      }
      String code = item.substring(0, eq).trim();
      String meaning = item.substring(eq + 1).trim();
      int prefix = 32;
      int slash = code.indexOf('/');
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(code.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad prefix length in '" + code + "'", e);
        }
        code = code.substring(0, slash);
      }
      OptionalInt a = IpAddresses.parseIpv4Number(code);
      if (a.isEmpty()) {
        throw new IllegalArgumentException("error code '" + code + "' is not an IPv4 address");
      }
      out.add(new ErrorCode(a.getAsInt(), prefix, meaning));
    }
    return out;
  }
}
