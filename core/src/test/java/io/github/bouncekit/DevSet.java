package io.github.bouncekit;

import io.github.bouncekit.internal.Tsv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The labelled development set in the test resources. */
final class DevSet {
  private DevSet() {}

  record Row(
      String id,
      String provider,
      String cause,
      Set<String> altCauses,
      String action,
      String permanence,
      String confidence,
      String text) {}

  static List<Row> rows() {
    Tsv tsv =
        Tsv.resource(
            DevSet.class,
            "devset/replies.tsv",
            "id",
            "provider",
            "cause",
            "alt_causes",
            "action",
            "permanence",
            "text");
    List<Row> out = new ArrayList<>();
    for (Tsv.Row r : tsv.rows()) {
      Set<String> alt = new TreeSet<>();
      for (String a : r.get("alt_causes").split("\\|")) {
        if (!a.isBlank()) {
          alt.add(a.trim());
        }
      }
      out.add(
          new Row(
              r.required("id"),
              r.required("provider"),
              r.required("cause"),
              alt,
              r.required("action"),
              r.required("permanence"),
              r.get("confidence"),
              Tsv.unescape(r.required("text"))));
    }
    return out;
  }

  /** Row id to the Remote-MTA host of the bounce the reply came from, where known. */
  static java.util.Map<String, String> remoteMtas() {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    for (Tsv.Row r : Tsv.resource(DevSet.class, "devset/context.tsv", "id", "remote_mta").rows()) {
      out.put(r.required("id"), r.required("remote_mta"));
    }
    return out;
  }

  /** The label's cause scored as the README says: network_error and expired count as system_error. */
  static String scoredCause(Cause c) {
    return c == Cause.NETWORK_ERROR || c == Cause.EXPIRED ? "system_error" : c.id();
  }

  /** The provider scored as the README says: gmail, microsoft, yahoo exact, other, or generic. */
  static String scoredProvider(Diagnosis d) {
    return d.provider()
        .map(p -> Arrays.asList("gmail", "microsoft", "yahoo").contains(p.id()) ? p.id() : "other")
        .orElse("generic");
  }

  static String labelProvider(String label) {
    return label.startsWith("other:") ? "other" : label;
  }

  static String permanence(Permanence p) {
    return p == Permanence.PERMANENT ? "hard" : p == Permanence.TRANSIENT ? "soft" : "unknown";
  }
}
