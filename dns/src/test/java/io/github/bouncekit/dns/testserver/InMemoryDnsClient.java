package io.github.bouncekit.dns.testserver;

import io.github.bouncekit.dns.DnsAnswer;
import io.github.bouncekit.dns.DnsClient;
import io.github.bouncekit.dns.MxRecord;
import io.github.bouncekit.dns.TxtRecord;
import io.github.bouncekit.dns.internal.IpAddresses;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link DnsClient} over an in-memory zone, for tests. It serves the openspf suites' {@code
 * zonedata} the way pyspf's test driver does: SPF-type records are also served as TXT when the name
 * has no TXT entry; {@code TIMEOUT} as a list item makes queries for types not listed before it
 * time out; {@code TXT: TIMEOUT} makes TXT time out; {@code NONE} means no record; names not in the
 * zone are NXDOMAIN except names starting with {@code error.}, which time out; CNAMEs are followed
 * (a loop is a failure). It records every query ({@link #queries()}) unless told not to. The SPF,
 * DKIM tests and the examples' DKIM benchmark use it.
 */
public final class InMemoryDnsClient implements DnsClient {
  private static final Object TIMEOUT =
      new Object() {
        @Override
        public String toString() {
          return "TIMEOUT";
        }
      };

  private static final Object SILENT =
      new Object() {
        @Override
        public String toString() {
          return "SILENT";
        }
      };

  /** One zone entry: a type and a value, or the TIMEOUT marker (type null). */
  private static final class Entry {
    final String type;
    final Object value;

    Entry(String type, Object value) {
      this.type = type;
      this.value = value;
    }
  }

  private final Map<String, List<Entry>> zone;
  private final List<String> queries = Collections.synchronizedList(new ArrayList<>());
  private final boolean recordQueries;

  private InMemoryDnsClient(Map<String, List<Entry>> zone, boolean recordQueries) {
    this.zone = zone;
    this.recordQueries = recordQueries;
  }

  /** The client for a suite scenario's {@code zonedata}. */
  public static InMemoryDnsClient fromSuiteZonedata(Map<String, ?> zonedata) {
    Map<String, List<Entry>> zone = new LinkedHashMap<>();
    for (Map.Entry<String, ?> node : zonedata.entrySet()) {
      List<Entry> entries = new ArrayList<>();
      List<Entry> generatedTxt = new ArrayList<>();
      boolean generate = true;
      Object items = node.getValue();
      if (items instanceof List) {
        for (Object item : (List<?>) items) {
          if (!(item instanceof Map)) {
            if ("TIMEOUT".equals(String.valueOf(item))) {
              entries.add(new Entry(null, TIMEOUT));
            }
            continue;
          }
          for (Map.Entry<?, ?> rr : ((Map<?, ?>) item).entrySet()) {
            String type = String.valueOf(rr.getKey()).toUpperCase(Locale.ROOT);
            Object v = rr.getValue();
            if (type.equals("TXT")) {
              generate = false;
            } else if (type.equals("SPF") && generate) {
              generatedTxt.add(new Entry("TXT", v));
            }
            if ("NONE".equals(v)) {
              continue;
            }
            entries.add(new Entry(type, "TIMEOUT".equals(v) ? TIMEOUT : v));
          }
        }
      }
      if (generate) {
        entries.addAll(generatedTxt);
      }
      zone.put(canonical(node.getKey()), entries);
    }
    return new InMemoryDnsClient(zone, true);
  }

  /** A builder for unit tests. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a zone by hand. */
  public static final class Builder {
    private final Map<String, List<Entry>> zone = new LinkedHashMap<>();
    private boolean recordQueries = true;

    private Builder add(String name, String type, Object value) {
      zone.computeIfAbsent(canonical(name), k -> new ArrayList<>()).add(new Entry(type, value));
      return this;
    }

    /** One TXT record of the given strings. */
    public Builder txt(String name, String... strings) {
      return add(name, "TXT", List.of(strings));
    }

    /** A records. */
    public Builder a(String name, String... addresses) {
      for (String a : addresses) {
        add(name, "A", a);
      }
      return this;
    }

    /** AAAA records. */
    public Builder aaaa(String name, String... addresses) {
      for (String a : addresses) {
        add(name, "AAAA", a);
      }
      return this;
    }

    /** One MX record. */
    public Builder mx(String name, int preference, String exchange) {
      return add(name, "MX", List.of(preference, exchange));
    }

    /** PTR records. */
    public Builder ptr(String name, String... targets) {
      for (String t : targets) {
        add(name, "PTR", t);
      }
      return this;
    }

    /** A CNAME record. */
    public Builder cname(String name, String target) {
      return add(name, "CNAME", target);
    }

    /** The name exists (NODATA for every type). */
    public Builder exists(String name) {
      zone.computeIfAbsent(canonical(name), k -> new ArrayList<>());
      return this;
    }

    /** Every query for the name times out (for types not added before). */
    public Builder timeout(String name) {
      zone.computeIfAbsent(canonical(name), k -> new ArrayList<>()).add(new Entry(null, TIMEOUT));
      return this;
    }

    /** Queries of this type for the name fail with the given kind. */
    public Builder failure(String name, String type, DnsAnswer.Failure.Kind kind) {
      return add(name, type, kind);
    }

    /** Queries for the name never complete (a server that does not answer). */
    public Builder silent(String name) {
      zone.computeIfAbsent(canonical(name), k -> new ArrayList<>()).add(new Entry(null, SILENT));
      return this;
    }

    /** Whether {@link #queries()} records the queries (default true; false for benchmarks). */
    public Builder recordQueries(boolean record) {
      recordQueries = record;
      return this;
    }

    /** The client. */
    public InMemoryDnsClient build() {
      return new InMemoryDnsClient(zone, recordQueries);
    }
  }

  /** Every query so far, as {@code "TYPE name"}. */
  public List<String> queries() {
    synchronized (queries) {
      return List.copyOf(queries);
    }
  }

  @Override
  public CompletionStage<DnsAnswer<TxtRecord>> txt(String name) {
    return answer(name, "TXT", InMemoryDnsClient::toTxt);
  }

  @Override
  public CompletionStage<DnsAnswer<InetAddress>> a(String name) {
    return answer(name, "A", InMemoryDnsClient::toAddress);
  }

  @Override
  public CompletionStage<DnsAnswer<InetAddress>> aaaa(String name) {
    return answer(name, "AAAA", InMemoryDnsClient::toAddress);
  }

  @Override
  public CompletionStage<DnsAnswer<MxRecord>> mx(String name) {
    return answer(name, "MX", InMemoryDnsClient::toMx);
  }

  @Override
  public CompletionStage<DnsAnswer<String>> ptr(String reverseName) {
    return answer(reverseName, "PTR", v -> strip(String.valueOf(v)));
  }

  @Override
  public CompletionStage<DnsAnswer<String>> cname(String name) {
    return answer(name, "CNAME", v -> strip(String.valueOf(v)));
  }

  private <T> CompletionStage<DnsAnswer<T>> answer(
      String name, String type, java.util.function.Function<Object, T> convert) {
    if (recordQueries) {
      queries.add(type + " " + name);
    }
    List<Entry> entries = zone.get(canonical(name));
    if (entries != null && entries.stream().anyMatch(e -> e.value == SILENT)) {
      return new CompletableFuture<>();
    }
    return CompletableFuture.completedFuture(resolve(name, name, type, convert, new HashSet<>()));
  }

  private <T> DnsAnswer<T> resolve(
      String asked,
      String name,
      String type,
      java.util.function.Function<Object, T> convert,
      Set<String> seen) {
    String key = canonical(name);
    for (String label : key.split("\\.", -1)) {
      if (label.length() > 63) {
        return new DnsAnswer.Failure<>(asked, DnsAnswer.Failure.Kind.OTHER, "label too long");
      }
    }
    List<Entry> entries = zone.get(key);
    if (entries == null) {
      if (key.startsWith("error.")) {
        return new DnsAnswer.Failure<>(asked, DnsAnswer.Failure.Kind.TIMEOUT, "test timeout");
      }
      return new DnsAnswer.NxDomain<>(asked);
    }
    boolean timeout = true;
    List<T> found = new ArrayList<>();
    String cname = null;
    for (Entry e : entries) {
      if (e.type == null) {
        if (timeout) {
          return new DnsAnswer.Failure<>(asked, DnsAnswer.Failure.Kind.TIMEOUT, "test timeout");
        }
        break;
      }
      if (e.type.equals(type)) {
        timeout = false;
      }
      if (e.value == TIMEOUT) {
        if (e.type.equals(type)) {
          return new DnsAnswer.Failure<>(asked, DnsAnswer.Failure.Kind.TIMEOUT, "test timeout");
        }
        continue;
      }
      if (e.value instanceof DnsAnswer.Failure.Kind) {
        if (e.type.equals(type)) {
          return new DnsAnswer.Failure<>(
              asked, (DnsAnswer.Failure.Kind) e.value, "test " + e.value);
        }
        continue;
      }
      if (e.type.equals("CNAME")) {
        cname = String.valueOf(e.value);
      }
      if (e.type.equals(type)) {
        found.add(convert.apply(e.value));
      }
    }
    if (found.isEmpty() && cname != null && !type.equals("CNAME")) {
      if (!seen.add(key) || seen.size() > 10) {
        return new DnsAnswer.Failure<>(asked, DnsAnswer.Failure.Kind.OTHER, "CNAME loop");
      }
      return resolve(asked, cname, type, convert, seen);
    }
    if (found.isEmpty()) {
      return new DnsAnswer.NoData<>(asked);
    }
    return new DnsAnswer.Records<>(asked, found, Duration.ofSeconds(300));
  }

  private static TxtRecord toTxt(Object v) {
    if (v instanceof List) {
      List<String> strings = new ArrayList<>();
      for (Object s : (List<?>) v) {
        strings.add(String.valueOf(s));
      }
      return new TxtRecord(strings);
    }
    return TxtRecord.of(String.valueOf(v));
  }

  private static InetAddress toAddress(Object v) {
    String s = String.valueOf(v);
    byte[] b = IpAddresses.parseIpv4(s);
    if (b == null) {
      b = IpAddresses.parseIpv6(s);
    }
    if (b == null) {
      throw new IllegalArgumentException("bad address in test zone: " + s);
    }
    return IpAddresses.toInet(b);
  }

  private static MxRecord toMx(Object v) {
    List<?> pair = (List<?>) v;
    return new MxRecord(((Number) pair.get(0)).intValue(), strip(String.valueOf(pair.get(1))));
  }

  private static String strip(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  private static String canonical(String name) {
    return strip(name).toLowerCase(Locale.ROOT);
  }
}
