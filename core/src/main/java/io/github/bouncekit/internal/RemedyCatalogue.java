package io.github.bouncekit.internal;

import io.github.bouncekit.Cause;
import io.github.bouncekit.remedy.Remedy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The remedy catalogue ({@code rules/remedies.tsv}): remedies by id and the defaults per cause. */
public final class RemedyCatalogue {
  private record Default(Remedy remedy, Optional<String> provider, int order) {}

  /** Provider remedies with this order or more come after the generic ones. */
  static final int AFTER_GENERIC = 100;

  private final Map<String, Remedy> byId;
  private final Map<Cause, List<Default>> defaults;

  private RemedyCatalogue(Map<String, Remedy> byId, Map<Cause, List<Default>> defaults) {
    this.byId = byId;
    this.defaults = defaults;
  }

  /** Loads the catalogue shipped in {@code rules/remedies.tsv}. */
  public static RemedyCatalogue load() {
    Tsv tsv =
        Tsv.resource(
            RemedyCatalogue.class,
            "/io/github/bouncekit/rules/remedies.tsv",
            "id",
            "causes",
            "provider",
            "order",
            "title",
            "text",
            "link");
    Map<String, Remedy> byId = new LinkedHashMap<>();
    Map<Cause, List<Default>> defaults = new EnumMap<>(Cause.class);
    for (Tsv.Row row : tsv.rows()) {
      String id = row.required("id");
      Optional<URI> link = Optional.empty();
      if (!row.get("link").isEmpty()) {
        try {
          link = Optional.of(new URI(row.get("link")));
        } catch (URISyntaxException e) {
          throw row.error("link", "not a URI: " + e.getMessage());
        }
      }
      Remedy remedy = new Remedy(id, row.required("title"), row.required("text"), link);
      if (byId.put(id, remedy) != null) {
        throw row.error("id", "duplicate remedy id " + id);
      }
      int order;
      try {
        order = Integer.parseInt(row.required("order"));
      } catch (NumberFormatException e) {
        throw row.error("order", "not a number: " + row.get("order"));
      }
      List<Optional<String>> providers = new ArrayList<>();
      for (String p : row.get("provider").split(",")) {
        if (!p.isBlank()) {
          providers.add(Optional.of(p.trim()));
        }
      }
      if (providers.isEmpty()) {
        providers.add(Optional.empty());
      }
      for (String c : row.get("causes").split(",")) {
        if (c.isBlank()) {
          continue;
        }
        Cause cause =
            Cause.fromId(c).orElseThrow(() -> row.error("causes", "unknown cause " + c.trim()));
        for (Optional<String> provider : providers) {
          defaults
              .computeIfAbsent(cause, k -> new ArrayList<>())
              .add(new Default(remedy, provider, order));
        }
      }
    }
    for (List<Default> list : defaults.values()) {
      list.sort(Comparator.comparingInt(Default::order));
    }
    return new RemedyCatalogue(Map.copyOf(byId), defaults);
  }

  /** The remedy with an id. */
  public Optional<Remedy> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Every remedy id. */
  public Set<String> ids() {
    return byId.keySet();
  }

  /**
   * The ordered remedies for a diagnosis: the rule's own remedies, then the provider's defaults
   * for the cause, then the generic defaults for the cause; each once.
   */
  public List<Remedy> remedies(Cause cause, Optional<String> provider, List<String> ruleRemedies) {
    Set<Remedy> out = new LinkedHashSet<>();
    for (String id : ruleRemedies) {
      Remedy r = byId.get(id);
      if (r != null) {
        out.add(r);
      }
    }
    List<Default> list = defaults.getOrDefault(cause, List.of());
    // The provider's own steps (order below 100), the generic ones, then the provider's
    // afterthoughts (order 100 and above).
    for (Default d : list) {
      if (provider.isPresent() && d.provider().equals(provider) && d.order() < AFTER_GENERIC) {
        out.add(d.remedy());
      }
    }
    for (Default d : list) {
      if (d.provider().isEmpty()) {
        out.add(d.remedy());
      }
    }
    for (Default d : list) {
      if (provider.isPresent() && d.provider().equals(provider) && d.order() >= AFTER_GENERIC) {
        out.add(d.remedy());
      }
    }
    return List.copyOf(out);
  }

  /** Causes without a default remedy (for tests). */
  public List<Cause> causesWithoutDefaults() {
    Map<Cause, Boolean> seen = new HashMap<>();
    for (Cause c : Cause.values()) {
      boolean generic =
          defaults.getOrDefault(c, List.of()).stream().anyMatch(d -> d.provider().isEmpty());
      seen.put(c, generic);
    }
    List<Cause> out = new ArrayList<>();
    for (Cause c : Cause.values()) {
      if (c != Cause.UNKNOWN && !seen.get(c)) {
        out.add(c);
      }
    }
    return out;
  }
}
