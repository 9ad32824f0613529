package io.github.bouncekit.dns.testserver;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The data a {@link LoopbackDnsServer} serves: records by owner name and type, plus faults served
 * on purpose (timeout, SERVFAIL, REFUSED, truncation, delay). Immutable; build one with {@link
 * #builder()} or load a scenario of the openspf test suites with {@link #fromSuiteZonedata(Map)}.
 *
 * <p>Names are case-insensitive and kept lower-case without the trailing dot. A name "exists" if it
 * has records, was named by a fault, or is an ancestor of such a name (an empty non-terminal); any
 * other name is NXDOMAIN.
 */
public final class Zone {

  /** TTL of records added without one, and of the synthetic SOA of negative answers. */
  public static final long DEFAULT_TTL = 300;

  /** The most CNAME records one answer follows. */
  public static final int MAX_CNAME_CHAIN = 8;

  private static final Name SOA_HOST = Name.fromConstantString("ns.loopback.test.");
  private static final Name SOA_ADMIN = Name.fromConstantString("hostmaster.loopback.test.");

  private final Map<String, Node> nodes;
  private final Set<String> existing;
  private final Set<String> timeoutUnknownFirstLabels;

  private Zone(Map<String, Node> nodes, Set<String> timeoutUnknownFirstLabels) {
    this.nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    Set<String> names = new HashSet<>();
    for (Node node : nodes.values()) {
      Name n = node.name;
      // the name itself and every ancestor, up to and including the root
      for (int labels = n.labels(); labels >= 1; labels--) {
        names.add(key(new Name(n, n.labels() - labels)));
      }
    }
    this.existing = Collections.unmodifiableSet(names);
    this.timeoutUnknownFirstLabels = Set.copyOf(timeoutUnknownFirstLabels);
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A zone without any data: every name is NXDOMAIN. */
  public static Zone empty() {
    return new Builder().build();
  }

  /**
   * The zone of one scenario of the openspf / pyspf test suites ({@code rfc7208-tests.yml}, {@code
   * rfc4408-tests.yml}): the parsed YAML {@code zonedata} map. See {@link
   * Builder#addSuiteZonedata(Map)} for the rules applied.
   *
   * @throws IllegalArgumentException if an entry is malformed; the message names the owner name and
   *     the type
   */
  public static Zone fromSuiteZonedata(Map<String, ?> zonedata) {
    return new Builder().addSuiteZonedata(zonedata).build();
  }

  /**
   * The owner names that have records or faults (lower-case, no trailing dot), in insertion order.
   */
  public Set<String> names() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(nodes.keySet()));
  }

  /**
   * The records this zone holds for {@code name} and {@code type} (no CNAME following, no faults
   * applied); empty if none.
   */
  public List<Record> records(String name, String type) {
    Node node = nodes.get(key(parseOwner(name)));
    if (node == null) {
      return List.of();
    }
    List<Record> rrs = node.rrsets.get(parseType(name, type));
    return rrs == null ? List.of() : rrs;
  }

  /** Whether {@code name} exists: has data or a fault, or is an ancestor of such a name. */
  public boolean exists(String name) {
    return existing.contains(key(parseOwner(name)));
  }

  /** Whether a query for {@code name} and {@code type} gets no answer at all. */
  public boolean timesOut(String name, String type) {
    return resolve(parseOwner(name), parseType(name, type)).drop;
  }

  @Override
  public String toString() {
    return "Zone" + nodes.keySet();
  }

  // ---------------------------------------------------------------------------------------------
  // Resolution (used by the server)

  /** The outcome of one query against this zone. */
  static final class Reply {
    final boolean drop;
    final int rcode;
    final List<Record> answer;
    final List<Record> authority;
    final Duration delay;
    final boolean truncateUdp;

    private Reply(
        boolean drop,
        int rcode,
        List<Record> answer,
        List<Record> authority,
        Duration delay,
        boolean truncateUdp) {
      this.drop = drop;
      this.rcode = rcode;
      this.answer = List.copyOf(answer);
      this.authority = List.copyOf(authority);
      this.delay = delay;
      this.truncateUdp = truncateUdp;
    }

    static Reply dropped() {
      return new Reply(true, Rcode.NOERROR, List.of(), List.of(), Duration.ZERO, false);
    }
  }

  /** Resolves one question. Pure function of the zone; never blocks. */
  Reply resolve(Name qname, int qtype) {
    String qkey = key(qname);
    Node node = nodes.get(qkey);
    if (node == null) {
      if (!existing.contains(qkey) && qname.labels() > 1) {
        String first = qname.getLabelString(0).toLowerCase(Locale.ROOT);
        if (timeoutUnknownFirstLabels.contains(first)) {
          return Reply.dropped();
        }
      }
    } else {
      if (node.timesOut(qtype)) {
        return Reply.dropped();
      }
      if (node.servfail) {
        return new Reply(false, Rcode.SERVFAIL, List.of(), List.of(), node.delay, node.truncate);
      }
      if (node.refused) {
        return new Reply(false, Rcode.REFUSED, List.of(), List.of(), node.delay, node.truncate);
      }
    }
    Duration delay = node == null ? Duration.ZERO : node.delay;
    boolean truncate = node != null && node.truncate;

    List<Record> answer = new ArrayList<>();
    Set<String> visited = new HashSet<>();
    Name current = qname;
    Node currentNode = node;
    int cnames = 0;
    while (true) {
      String currentKey = key(current);
      visited.add(currentKey);
      if (currentNode == null) {
        if (existing.contains(currentKey)) {
          return new Reply(false, Rcode.NOERROR, answer, List.of(soaFor(current)), delay, truncate);
        }
        if (cnames > 0) {
          // the CNAME target is outside the data of this zone: the client follows it on its own
          return new Reply(false, Rcode.NOERROR, answer, List.of(), delay, truncate);
        }
        return new Reply(false, Rcode.NXDOMAIN, answer, List.of(soaFor(current)), delay, truncate);
      }
      if (qtype == Type.ANY) {
        for (List<Record> rrs : currentNode.rrsets.values()) {
          addAll(answer, rrs, current);
        }
        if (answer.isEmpty()) {
          return new Reply(false, Rcode.NOERROR, answer, List.of(soaFor(current)), delay, truncate);
        }
        return new Reply(false, Rcode.NOERROR, answer, List.of(), delay, truncate);
      }
      List<Record> direct = currentNode.rrsets.get(qtype);
      if (direct != null && !direct.isEmpty()) {
        addAll(answer, direct, current);
        return new Reply(false, Rcode.NOERROR, answer, List.of(), delay, truncate);
      }
      List<Record> cname = currentNode.rrsets.get(Type.CNAME);
      if (qtype == Type.CNAME || cname == null || cname.isEmpty()) {
        return new Reply(false, Rcode.NOERROR, answer, List.of(soaFor(current)), delay, truncate);
      }
      CNAMERecord c = (CNAMERecord) cname.get(0);
      answer.add(c.withName(current));
      cnames++;
      Name target = c.getTarget();
      String targetKey = key(target);
      Node targetNode = nodes.get(targetKey);
      if (cnames >= MAX_CNAME_CHAIN
          || visited.contains(targetKey)
          || (targetNode != null && targetNode.hasFault(qtype))) {
        // a loop, a chain too long, or a target that fails on purpose: answer with what we have
        return new Reply(false, Rcode.NOERROR, answer, List.of(), delay, truncate);
      }
      current = target;
      currentNode = targetNode;
    }
  }

  private static void addAll(List<Record> answer, List<Record> rrs, Name owner) {
    for (Record r : rrs) {
      answer.add(r.withName(owner));
    }
  }

  /** A synthetic SOA owned by the parent of {@code name} (the root for a top-level name). */
  static SOARecord soaFor(Name name) {
    Name owner = name.labels() > 2 ? new Name(name, 1) : Name.root;
    return new SOARecord(
        owner, DClass.IN, DEFAULT_TTL, SOA_HOST, SOA_ADMIN, 1, 3600, 600, 86400, DEFAULT_TTL);
  }

  /** The lookup key of a name: lower-case, no trailing dot; "." for the root. */
  static String key(Name name) {
    if (name.labels() <= 1) {
      return ".";
    }
    return name.canonicalize().toString(true);
  }

  static Name parseOwner(String name) {
    Objects.requireNonNull(name, "name");
    String s = name.trim();
    if (s.isEmpty() || s.equals(".")) {
      return Name.root;
    }
    try {
      return Name.fromString(s, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("invalid DNS name '" + name + "': " + e.getMessage(), e);
    }
  }

  private static int parseType(String name, String type) {
    Objects.requireNonNull(type, "type");
    int t = Type.value(type.trim().toUpperCase(Locale.ROOT));
    if (t < 0) {
      throw new IllegalArgumentException(name + " " + type + ": unknown record type");
    }
    return t;
  }

  // ---------------------------------------------------------------------------------------------

  private static final class Node {
    final Name name;
    final Map<Integer, List<Record>> rrsets;
    final boolean timeoutAll;
    final Set<Integer> timeoutTypes;

    /** Types that answer in spite of the suite's TIMEOUT marker; null if there is no marker. */
    final Set<Integer> answeringTypes;

    final boolean servfail;
    final boolean refused;
    final boolean truncate;
    final Duration delay;

    Node(MutableNode m) {
      this.name = m.name;
      Map<Integer, List<Record>> copy = new LinkedHashMap<>();
      m.rrsets.forEach((t, rrs) -> copy.put(t, List.copyOf(rrs)));
      this.rrsets = Collections.unmodifiableMap(copy);
      this.timeoutAll = m.timeoutAll;
      this.timeoutTypes = Set.copyOf(m.timeoutTypes);
      this.answeringTypes = m.answeringTypes == null ? null : Set.copyOf(m.answeringTypes);
      this.servfail = m.servfail;
      this.refused = m.refused;
      this.truncate = m.truncate;
      this.delay = m.delay;
    }

    boolean timesOut(int qtype) {
      return timeoutAll
          || timeoutTypes.contains(qtype)
          || (answeringTypes != null && !answeringTypes.contains(qtype));
    }

    boolean hasFault(int qtype) {
      return timesOut(qtype) || servfail || refused;
    }
  }

  private static final class MutableNode {
    final Name name;
    final Map<Integer, List<Record>> rrsets = new LinkedHashMap<>();
    boolean timeoutAll;
    final Set<Integer> timeoutTypes = new HashSet<>();
    Set<Integer> answeringTypes;
    boolean servfail;
    boolean refused;
    boolean truncate;
    Duration delay = Duration.ZERO;

    MutableNode(Name name) {
      this.name = name;
    }
  }

  /** Collects records and faults; not thread-safe. {@link #build()} may be called repeatedly. */
  public static final class Builder {
    private final Map<String, MutableNode> nodes = new LinkedHashMap<>();
    private final Set<String> timeoutUnknownFirstLabels = new HashSet<>();

    private Builder() {}

    /**
     * Adds one record with TTL {@value Zone#DEFAULT_TTL}.
     *
     * <ul>
     *   <li>{@code TXT}, {@code SPF}: the character-strings of ONE record; strings are sent as
     *       UTF-8, {@code byte[]} as is, collections are flattened, a string over 255 bytes is
     *       split into 255-byte pieces; no data gives a record without strings (illegal in DNS, but
     *       the suites use it);
     *   <li>{@code A}, {@code AAAA}: the address text (or an {@link InetAddress});
     *   <li>{@code MX}: preference ({@link Number} or numeric text) and host, or the text {@code
     *       "10 mx.example.com"}, or a list {@code [10, "mx.example.com"]};
     *   <li>{@code PTR}, {@code CNAME}, {@code NS}: the host; {@code ""} or {@code "."} is the
     *       root.
     * </ul>
     *
     * @throws IllegalArgumentException for malformed data; the message names the name and type
     */
    public Builder add(String name, String type, Object... data) {
      return addTtl(name, type, DEFAULT_TTL, data);
    }

    /** As {@link #add(String, String, Object...)} with the given TTL in seconds. */
    public Builder addTtl(String name, String type, long ttlSeconds, Object... data) {
      Name owner = parseOwner(name);
      int t = parseType(name, type);
      if (ttlSeconds < 0 || ttlSeconds > 0x7FFFFFFFL) {
        throw new IllegalArgumentException(name + " " + type + ": TTL out of range: " + ttlSeconds);
      }
      Record r = toRecord(owner, t, ttlSeconds, name + " " + Type.string(t), data);
      return add(r);
    }

    /** Adds any dnsjava record, as is. */
    public Builder add(Record record) {
      Objects.requireNonNull(record, "record");
      MutableNode node = node(record.getName());
      List<Record> rrs = node.rrsets.computeIfAbsent(record.getType(), k -> new ArrayList<>());
      if (record.getType() == Type.CNAME && !rrs.isEmpty() && !rrs.contains(record)) {
        throw new IllegalArgumentException(
            key(record.getName()) + " CNAME: a name has at most one CNAME record");
      }
      if (!rrs.contains(record)) {
        rrs.add(record);
      }
      return this;
    }

    /** Marks {@code name} as existing without adding data (NODATA for every type). */
    public Builder exists(String name) {
      node(parseOwner(name));
      return this;
    }

    /** Never answers any query for {@code name}: the client must time out. */
    public Builder timeout(String name) {
      node(parseOwner(name)).timeoutAll = true;
      return this;
    }

    /** Never answers queries for {@code name} of the given type. */
    public Builder timeout(String name, String type) {
      node(parseOwner(name)).timeoutTypes.add(parseType(name, type));
      return this;
    }

    /**
     * Never answers queries for {@code name} except those of the given types (the suites' {@code
     * TIMEOUT} marker after the entries of those types). Calling it again narrows the set further.
     */
    public Builder timeoutExcept(String name, String... types) {
      Set<Integer> answering = new HashSet<>();
      for (String type : types) {
        answering.add(parseType(name, type));
      }
      MutableNode node = node(parseOwner(name));
      if (node.answeringTypes == null) {
        node.answeringTypes = answering;
      } else {
        node.answeringTypes.retainAll(answering);
      }
      return this;
    }

    /**
     * Never answers queries for names that do not exist in the zone and whose first label is {@code
     * label} (the pyspf driver times out unknown names starting with {@code error.}).
     */
    public Builder timeoutUnknownNamesWithFirstLabel(String label) {
      timeoutUnknownFirstLabels.add(
          Objects.requireNonNull(label, "label").toLowerCase(Locale.ROOT));
      return this;
    }

    /** Answers every query for {@code name} with RCODE SERVFAIL. */
    public Builder servfail(String name) {
      node(parseOwner(name)).servfail = true;
      return this;
    }

    /** Answers every query for {@code name} with RCODE REFUSED. */
    public Builder refused(String name) {
      node(parseOwner(name)).refused = true;
      return this;
    }

    /**
     * Over UDP, answers every query for {@code name} with the TC bit and no records; over TCP
     * answers fully.
     */
    public Builder truncate(String name) {
      node(parseOwner(name)).truncate = true;
      return this;
    }

    /** Answers queries for {@code name} after {@code d}, without holding up other queries. */
    public Builder delay(String name, Duration d) {
      Objects.requireNonNull(d, "d");
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + ": negative delay " + d);
      }
      node(parseOwner(name)).delay = d;
      return this;
    }

    /**
     * Adds the {@code zonedata} map of one openspf / pyspf suite scenario, with the rules of
     * pyspf's driver {@code test/testspf.py}:
     *
     * <ul>
     *   <li>each name maps to a list of entries; an entry is a single-entry map {@code {TYPE:
     *       value}} or the bare string {@code TIMEOUT} (a bare {@code TIMEOUT} or null instead of
     *       the list is accepted too);
     *   <li>{@code TXT}/{@code SPF} values are one record: a string, or a list of strings (the
     *       character-strings of that one record; an empty list gives a record without strings);
     *   <li>{@code MX} is {@code [preference, host]}; an empty host is the root;
     *   <li>{@code TYPE: NONE} adds nothing (but {@code TXT: NONE} still counts as a TXT entry);
     *       {@code TYPE: TIMEOUT} makes queries of that type time out;
     *   <li>if the name has no {@code TXT} entry at all, each {@code SPF} value is also served as a
     *       {@code TXT} record (after all other entries);
     *   <li>a {@code TIMEOUT} marker: a query of a type that has entries before the marker is
     *       answered with those entries, every other query for the name times out (so a name whose
     *       only entry is {@code TIMEOUT} never answers);
     *   <li>an unknown name whose first label is {@code error} times out.
     * </ul>
     *
     * @throws IllegalArgumentException if an entry is malformed; the message names the owner name
     *     and the type
     */
    public Builder addSuiteZonedata(Map<String, ?> zonedata) {
      Objects.requireNonNull(zonedata, "zonedata");
      timeoutUnknownNamesWithFirstLabel("error");
      for (Map.Entry<String, ?> e : zonedata.entrySet()) {
        Object rawName = e.getKey();
        if (rawName == null) {
          throw new IllegalArgumentException("zonedata: null name");
        }
        addSuiteNode(String.valueOf(rawName), e.getValue());
      }
      return this;
    }

    private void addSuiteNode(String name, Object value) {
      Name owner = parseOwner(name);
      List<?> entries;
      if (value == null) {
        entries = List.of();
      } else if (value instanceof List) {
        entries = (List<?>) value;
      } else if (value instanceof String || value instanceof Map) {
        entries = List.of(value);
      } else {
        throw new IllegalArgumentException(
            name + ": zonedata entries must be a list, got " + value.getClass().getSimpleName());
      }
      node(owner); // the name exists even with no entries
      boolean hasTxt = false;
      boolean marker = false;
      Set<Integer> typesBeforeMarker = new HashSet<>();
      List<Record> records = new ArrayList<>();
      List<Object> spfValues = new ArrayList<>();
      Set<Integer> timeoutTypes = new HashSet<>();
      for (Object entry : entries) {
        if (entry instanceof String) {
          if (!((String) entry).trim().equalsIgnoreCase("TIMEOUT")) {
            throw new IllegalArgumentException(
                name
                    + ": unknown zonedata entry '"
                    + entry
                    + "' (expected TIMEOUT or {TYPE: value})");
          }
          marker = true;
          continue;
        }
        if (!(entry instanceof Map) || ((Map<?, ?>) entry).size() != 1) {
          throw new IllegalArgumentException(
              name
                  + ": zonedata entry must be TIMEOUT or a single-entry map {TYPE: value}, got "
                  + entry);
        }
        Map.Entry<?, ?> only = ((Map<?, ?>) entry).entrySet().iterator().next();
        String typeName = String.valueOf(only.getKey()).trim().toUpperCase(Locale.ROOT);
        int type = parseType(name, typeName);
        Object v = only.getValue();
        if (type == Type.TXT) {
          hasTxt = true;
        }
        String what = name + " " + typeName;
        if (isWord(v, "NONE")) {
          continue;
        }
        if (isWord(v, "TIMEOUT")) {
          if (!marker) {
            timeoutTypes.add(type);
            typesBeforeMarker.add(type);
            if (type == Type.SPF) {
              spfValues.add(v);
            }
          }
          continue;
        }
        Object[] data = suiteData(what, type, v);
        Record r = toRecord(owner, type, DEFAULT_TTL, what, data);
        if (marker) {
          continue; // validated; pyspf never serves entries after the marker
        }
        typesBeforeMarker.add(type);
        records.add(r);
        if (type == Type.SPF) {
          spfValues.add(v);
        }
      }
      for (Record r : records) {
        add(r);
      }
      for (int t : timeoutTypes) {
        node(owner).timeoutTypes.add(t);
      }
      if (!hasTxt && !marker) {
        // pyspf's "auto-magic duplication": SPF served as TXT where there is no TXT entry
        for (Object v : spfValues) {
          if (isWord(v, "TIMEOUT")) {
            node(owner).timeoutTypes.add(Type.TXT);
          } else {
            add(
                toRecord(
                    owner, Type.TXT, DEFAULT_TTL, name + " TXT", suiteData(name, Type.TXT, v)));
          }
        }
      }
      if (marker) {
        MutableNode node = node(owner);
        node.answeringTypes = new HashSet<>(typesBeforeMarker);
      }
    }

    private static boolean isWord(Object v, String word) {
      return v instanceof String && ((String) v).trim().equals(word);
    }

    private static Object[] suiteData(String what, int type, Object v) {
      if (v == null) {
        if (type == Type.TXT || type == Type.SPF) {
          return new Object[] {""};
        }
        throw new IllegalArgumentException(what + ": missing value");
      }
      if (type == Type.MX) {
        if (!(v instanceof List) || ((List<?>) v).size() != 2) {
          throw new IllegalArgumentException(
              what + ": MX value must be [preference, host], got " + v);
        }
        return ((List<?>) v).toArray();
      }
      if (v instanceof List) {
        return ((List<?>) v).toArray();
      }
      return new Object[] {v};
    }

    /** An immutable zone of the data added so far. */
    public Zone build() {
      Map<String, Node> built = new LinkedHashMap<>();
      nodes.forEach((k, m) -> built.put(k, new Node(m)));
      return new Zone(built, timeoutUnknownFirstLabels);
    }

    private MutableNode node(Name owner) {
      return nodes.computeIfAbsent(key(owner), k -> new MutableNode(owner));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Record construction

  private static Record toRecord(Name owner, int type, long ttl, String what, Object[] data) {
    if (data == null) {
      data = new Object[0];
    }
    switch (type) {
      case Type.TXT:
      case Type.SPF:
        return Record.newRecord(owner, type, DClass.IN, ttl, txtRdata(what, data));
      case Type.A:
        return Record.newRecord(
            owner, type, DClass.IN, ttl, address(what, single(what, data), Address.IPv4));
      case Type.AAAA:
        return Record.newRecord(
            owner, type, DClass.IN, ttl, address(what, single(what, data), Address.IPv6));
      case Type.MX:
        return mx(owner, ttl, what, data);
      case Type.PTR:
        return new PTRRecord(owner, DClass.IN, ttl, host(what, single(what, data)));
      case Type.CNAME:
        return new CNAMERecord(owner, DClass.IN, ttl, host(what, single(what, data)));
      case Type.NS:
        return new NSRecord(owner, DClass.IN, ttl, host(what, single(what, data)));
      default:
        throw new IllegalArgumentException(
            what + ": unsupported type (add a dnsjava Record with add(Record) instead)");
    }
  }

  private static Object single(String what, Object[] data) {
    if (data.length == 1 && data[0] instanceof List && ((List<?>) data[0]).size() == 1) {
      return ((List<?>) data[0]).get(0);
    }
    if (data.length != 1 || data[0] == null) {
      throw new IllegalArgumentException(
          what + ": expected exactly one value, got " + java.util.Arrays.deepToString(data));
    }
    return data[0];
  }

  private static byte[] txtRdata(String what, Object[] data) {
    List<byte[]> strings = new ArrayList<>();
    flatten(what, data, strings, 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] s : strings) {
      int off = 0;
      do {
        int len = Math.min(255, s.length - off);
        out.write(len);
        out.write(s, off, len);
        off += len;
      } while (off < s.length);
    }
    if (out.size() > 65535) {
      throw new IllegalArgumentException(what + ": record data longer than 65535 bytes");
    }
    return out.toByteArray();
  }

  private static void flatten(String what, Object[] data, List<byte[]> out, int depth) {
    if (depth > 4) {
      throw new IllegalArgumentException(what + ": nested too deeply");
    }
    for (Object d : data) {
      if (d instanceof byte[]) {
        out.add(((byte[]) d).clone());
      } else if (d instanceof String || d instanceof Number || d instanceof Boolean) {
        out.add(d.toString().getBytes(StandardCharsets.UTF_8));
      } else if (d instanceof Collection) {
        flatten(what, ((Collection<?>) d).toArray(), out, depth + 1);
      } else if (d instanceof Object[]) {
        flatten(what, (Object[]) d, out, depth + 1);
      } else {
        throw new IllegalArgumentException(
            what
                + ": a TXT string must be text or bytes, got "
                + (d == null ? "null" : d.getClass().getSimpleName() + " " + d));
      }
    }
  }

  private static byte[] address(String what, Object value, int family) {
    if (value instanceof InetAddress) {
      InetAddress a = (InetAddress) value;
      boolean matches =
          family == Address.IPv4 ? a instanceof Inet4Address : a instanceof Inet6Address;
      if (!matches) {
        throw new IllegalArgumentException(what + ": wrong address family: " + a);
      }
      return a.getAddress();
    }
    if (!(value instanceof String)) {
      throw new IllegalArgumentException(what + ": address must be text, got " + value);
    }
    byte[] bytes = Address.toByteArray(((String) value).trim(), family);
    if (bytes == null) {
      throw new IllegalArgumentException(
          what
              + ": not an IPv"
              + (family == Address.IPv4 ? "4" : "6")
              + " address: '"
              + value
              + "'");
    }
    return bytes;
  }

  private static Record mx(Name owner, long ttl, String what, Object[] data) {
    Object pref;
    Object host;
    if (data.length == 1 && data[0] instanceof List && ((List<?>) data[0]).size() == 2) {
      pref = ((List<?>) data[0]).get(0);
      host = ((List<?>) data[0]).get(1);
    } else if (data.length == 1 && data[0] instanceof String) {
      String[] parts = ((String) data[0]).trim().split("\\s+");
      if (parts.length != 2) {
        throw new IllegalArgumentException(what + ": expected 'preference host', got " + data[0]);
      }
      pref = parts[0];
      host = parts[1];
    } else if (data.length == 2) {
      pref = data[0];
      host = data[1];
    } else {
      throw new IllegalArgumentException(
          what + ": expected preference and host, got " + java.util.Arrays.deepToString(data));
    }
    int p;
    try {
      p =
          pref instanceof Number
              ? ((Number) pref).intValue()
              : Integer.parseInt(String.valueOf(pref).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": preference is not a number: " + pref, e);
    }
    if (p < 0 || p > 0xFFFF) {
      throw new IllegalArgumentException(what + ": preference out of range: " + p);
    }
    return new MXRecord(owner, DClass.IN, ttl, p, host(what, host));
  }

  private static Name host(String what, Object value) {
    if (!(value instanceof String)) {
      throw new IllegalArgumentException(what + ": host must be text, got " + value);
    }
    String s = ((String) value).trim();
    if (s.isEmpty() || s.equals(".")) {
      return Name.root;
    }
    try {
      return Name.fromString(s, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(
          what + ": invalid host name '" + value + "': " + e.getMessage(), e);
    }
  }
}
