package io.github.bouncekit.status;

import io.github.bouncekit.internal.Tsv;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The IANA "Simple Mail Transfer Protocol (SMTP) Enhanced Status Codes" registry, read from the
 * data file {@code iana-enhanced-status-codes.tsv} that ships in this package (its header says
 * which registry version it copies). Immutable and safe to share between threads.
 */
public final class StatusCodeRegistry {
  private static final String RESOURCE = "iana-enhanced-status-codes.tsv";

  private final Map<Integer, RegisteredStatusCode> details;
  private final Map<StatusClass, String> classDescriptions;
  private final Map<StatusSubject, String> subjectDescriptions;

  private StatusCodeRegistry(
      Map<Integer, RegisteredStatusCode> details,
      Map<StatusClass, String> classDescriptions,
      Map<StatusSubject, String> subjectDescriptions) {
    this.details = Collections.unmodifiableMap(details);
    this.classDescriptions = Collections.unmodifiableMap(classDescriptions);
    this.subjectDescriptions = Collections.unmodifiableMap(subjectDescriptions);
  }

  private static final class Holder {
    static final StatusCodeRegistry IANA = load();
  }

  /** The registry as shipped with this library. */
  public static StatusCodeRegistry iana() {
    return Holder.IANA;
  }

  /**
   * The entry for a code, ignoring its class ({@code 4.2.2} and {@code 5.2.2} share {@code
   * X.2.2}).
   *
   * @param code the code
   * @return the entry, or empty when the code is not registered
   */
  public Optional<RegisteredStatusCode> lookup(EnhancedStatusCode code) {
    Objects.requireNonNull(code, "code must not be null");
    return lookup(code.subject(), code.detail());
  }

  /**
   * The entry for {@code X.subject.detail}.
   *
   * @param subject subject number
   * @param detail detail number
   * @return the entry, or empty when not registered
   */
  public Optional<RegisteredStatusCode> lookup(int subject, int detail) {
    return Optional.ofNullable(details.get(key(subject, detail)));
  }

  /** True when {@code X.subject.detail} of the code is registered. */
  public boolean isRegistered(EnhancedStatusCode code) {
    return lookup(code).isPresent();
  }

  /** Every registered code, ordered by subject and detail. */
  public List<RegisteredStatusCode> entries() {
    return List.copyOf(details.values());
  }

  /** The number of registered codes ({@code X.s.d} entries). */
  public int size() {
    return details.size();
  }

  /** The registry's description of a class. */
  public String describe(StatusClass statusClass) {
    return classDescriptions.getOrDefault(statusClass, statusClass.title());
  }

  /** The registry's description of a subject. */
  public String describe(StatusSubject subject) {
    return subjectDescriptions.getOrDefault(subject, subject.title());
  }

  private static int key(int subject, int detail) {
    return subject * 1000 + detail;
  }

  private static StatusCodeRegistry load() {
    Tsv tsv =
        Tsv.resource(
            StatusCodeRegistry.class,
            RESOURCE,
            "kind",
            "code",
            "title",
            "basic",
            "description",
            "reference");
    List<RegisteredStatusCode> list = new ArrayList<>();
    Map<StatusClass, String> classes = new EnumMap<>(StatusClass.class);
    Map<StatusSubject, String> subjects = new EnumMap<>(StatusSubject.class);
    for (Tsv.Row row : tsv.rows()) {
      String kind = row.required("kind");
      String code = row.required("code");
      String description = row.get("description");
      switch (kind) {
        case "class":
          classes.put(
              StatusClass.of(parseInt(row, "code", code))
                  .orElseThrow(() -> row.error("code", "unknown class " + code)),
              description);
          break;
        case "subject":
          subjects.put(
              StatusSubject.of(parseInt(row, "code", stripX(row, code)))
                  .orElseThrow(() -> row.error("code", "unknown subject " + code)),
              description);
          break;
        case "detail":
          String[] parts = stripX(row, code).split("\\.", -1);
          if (parts.length != 2) {
            throw row.error("code", "expected X.subject.detail, was " + code);
          }
          list.add(
              new RegisteredStatusCode(
                  parseInt(row, "code", parts[0]),
                  parseInt(row, "code", parts[1]),
                  row.get("title"),
                  basicCodes(row),
                  description,
                  references(row)));
          break;
        default:
          throw row.error("kind", "expected class, subject or detail, was " + kind);
      }
    }
    list.sort(
        (a, b) ->
            a.subject() != b.subject()
                ? Integer.compare(a.subject(), b.subject())
                : Integer.compare(a.detail(), b.detail()));
    Map<Integer, RegisteredStatusCode> details = new LinkedHashMap<>();
    for (RegisteredStatusCode c : list) {
      if (details.put(key(c.subject(), c.detail()), c) != null) {
        throw new IllegalStateException(RESOURCE + ": duplicate code " + c.code());
      }
    }
    return new StatusCodeRegistry(details, classes, subjects);
  }

  private static String stripX(Tsv.Row row, String code) {
    if (!code.startsWith("X.")) {
      throw row.error("code", "expected a code starting with 'X.', was " + code);
    }
    return code.substring(2);
  }

  private static int parseInt(Tsv.Row row, String column, String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw row.error(column, "not a number: " + s);
    }
  }

  private static List<Integer> basicCodes(Tsv.Row row) {
    String cell = row.get("basic");
    List<Integer> out = new ArrayList<>();
    if (!cell.isEmpty()) {
      for (String p : cell.split(",")) {
        int v = parseInt(row, "basic", p);
        if (v < 200 || v > 599) {
          throw row.error("basic", "not a reply code: " + p);
        }
        out.add(v);
      }
    }
    return out;
  }

  private static List<String> references(Tsv.Row row) {
    List<String> out = new ArrayList<>();
    for (String p : row.get("reference").split(",")) {
      if (!p.isBlank()) {
        out.add(p.trim());
      }
    }
    return out;
  }
}
