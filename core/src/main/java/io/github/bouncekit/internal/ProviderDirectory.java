package io.github.bouncekit.internal;

import io.github.bouncekit.provider.Provider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** How providers are recognised ({@code rules/providers.tsv}). */
public final class ProviderDirectory {
  /**
   * One provider.
   *
   * @param provider id and name
   * @param signals phrases whose presence in a reply names the provider
   * @param hosts host-name suffixes of its MX and remote MTAs
   * @param domains recipient domains it hosts
   */
  public record Entry(
      Provider provider, MatchExpression signals, List<String> hosts, List<String> domains) {}

  private final List<Entry> entries;
  private final java.util.Map<String, Provider> byHostSuffix = new java.util.HashMap<>();
  private final java.util.Map<String, Provider> byDomainSuffix = new java.util.HashMap<>();

  private ProviderDirectory(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    for (Entry e : this.entries) {
      for (String h : e.hosts()) {
        byHostSuffix.putIfAbsent(h, e.provider());
      }
      for (String d : e.domains()) {
        byDomainSuffix.putIfAbsent(d, e.provider());
      }
    }
  }

  /** Loads {@code rules/providers.tsv}. */
  public static ProviderDirectory load() {
    Tsv tsv =
        Tsv.resource(
            ProviderDirectory.class,
            "/io/github/bouncekit/rules/providers.tsv",
            "provider",
            "name",
            "signals",
            "hosts",
            "domains");
    List<Entry> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Tsv.Row row : tsv.rows()) {
      String id = row.required("provider");
      if (!ids.add(id)) {
        throw row.error("provider", "duplicate provider " + id);
      }
      Provider p;
      MatchExpression signals;
      try {
        p = new Provider(id, row.required("name"));
        signals = MatchExpression.parse(row.get("signals"));
      } catch (IllegalArgumentException e) {
        throw row.error("signals", e.getMessage());
      }
      out.add(new Entry(p, signals, list(row.get("hosts")), list(row.get("domains"))));
    }
    return new ProviderDirectory(out);
  }

  private static List<String> list(String cell) {
    List<String> out = new ArrayList<>();
    for (String s : cell.split(",")) {
      String t = s.trim().toLowerCase(Locale.ROOT);
      if (!t.isEmpty()) {
        out.add(t.startsWith(".") ? t.substring(1) : t);
      }
    }
    return out;
  }

  /** The providers, in file order. */
  public List<Entry> entries() {
    return entries;
  }

  /** The provider with an id. */
  public Optional<Entry> get(String id) {
    for (Entry e : entries) {
      if (e.provider().id().equals(id)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** The provider whose host suffix the host name ends with (the longest suffix wins). */
  public Optional<Provider> byHost(String host) {
    return bySuffix(host, true);
  }

  /** The provider that hosts a recipient domain (exact, or a subdomain of a listed domain). */
  public Optional<Provider> byDomain(String domain) {
    return bySuffix(domain, false);
  }

  // The longest listed suffix of the name wins: try the whole name, then drop one label at a time.
  private Optional<Provider> bySuffix(String name, boolean hosts) {
    java.util.Map<String, Provider> map = hosts ? byHostSuffix : byDomainSuffix;
    String h = name.toLowerCase(Locale.ROOT).trim();
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    for (int i = 0; i >= 0 && i < h.length(); ) {
      Provider p = map.get(i == 0 ? h : h.substring(i));
      if (p != null) {
        return Optional.of(p);
      }
      int dot = h.indexOf('.', i);
      i = dot < 0 ? -1 : dot + 1;
    }
    return Optional.empty();
  }

}
