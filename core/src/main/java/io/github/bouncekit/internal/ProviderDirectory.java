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

  private ProviderDirectory(List<Entry> entries) {
    this.entries = List.copyOf(entries);
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

  private Optional<Provider> bySuffix(String name, boolean hosts) {
    String h = name.toLowerCase(Locale.ROOT).trim();
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    Provider best = null;
    int bestLen = -1;
    for (Entry e : entries) {
      for (String s : hosts ? e.hosts() : e.domains()) {
        if ((h.equals(s) || h.endsWith("." + s)) && s.length() > bestLen) {
          best = e.provider();
          bestLen = s.length();
        }
      }
    }
    return Optional.ofNullable(best);
  }
}
