package io.github.bouncekit.provider;

import io.github.bouncekit.Action;
import io.github.bouncekit.Cause;
import io.github.bouncekit.Permanence;
import io.github.bouncekit.internal.Tsv;
import io.github.bouncekit.reply.SmtpStage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A named rule table: {@code generic} (wording any server uses) or a provider's table, named by
 * the provider id ({@code gmail}, {@code microsoft}). Read one from a TSV file in the format of
 * the rules README, or build one from rows, and give it to {@link
 * io.github.bouncekit.BounceClassifier.Builder}.
 *
 * @param name {@code generic} or a provider id
 * @param rules the rows, in file order
 */
public record RuleTable(String name, List<ProviderRule> rules) {

  /** The name of the table of wording any server uses. */
  public static final String GENERIC = "generic";

  /** The columns of a rule table file. */
  public static final List<String> COLUMNS =
      List.of(
          "id", "priority", "scope", "basic", "enhanced", "match", "cause", "action", "permanence",
          "remedies", "source", "example");

  /**
   * The optional column {@code stage}: the SMTP stages at which a row applies, comma-separated
   * ({@code data}, {@code rcpt_to}); empty for every stage.
   */
  public static final String STAGE_COLUMN = "stage";

  /** Checks the parts. */
  public RuleTable {
    Objects.requireNonNull(name, "name must not be null");
    if (!name.equals(GENERIC) && !Provider.isValidId(name)) {
      throw new IllegalArgumentException(
          "a table is named 'generic' or by a provider id (lower case, digits, '-'): \""
              + name
              + "\"");
    }
    rules = List.copyOf(rules);
    for (ProviderRule r : rules) {
      if (name.equals(GENERIC) && r.scope() != ProviderRule.Scope.DETECTED) {
        throw new IllegalArgumentException(
            "rule " + r.id() + ": rows of the generic table take no scope");
      }
    }
  }

  /** The provider this table belongs to; empty for the generic table. */
  public Optional<String> providerId() {
    return name.equals(GENERIC) ? Optional.empty() : Optional.of(name);
  }

  /**
   * Reads a table file; the table is named after the file ({@code acme.tsv} gives {@code acme}).
   *
   * @param file a UTF-8 TSV rule table
   * @return the table
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when a row is malformed; the message names the line and
   *     column
   */
  public static RuleTable read(Path file) throws IOException {
    String fileName = file.getFileName().toString();
    String name =
        fileName.endsWith(".tsv") ? fileName.substring(0, fileName.length() - 4) : fileName;
    try (InputStream in = Files.newInputStream(file)) {
      return read(name, file.toString(), in);
    }
  }

  /**
   * Reads a table from a stream (not closed).
   *
   * @param name the table name: {@code generic} or a provider id
   * @param source a name for error messages (a file name)
   * @param in UTF-8 TSV text
   * @return the table
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when a row is malformed; the message names the line and
   *     column
   */
  public static RuleTable read(String name, String source, InputStream in) throws IOException {
    Tsv tsv = Tsv.read(source, in, COLUMNS.toArray(new String[0]));
    List<ProviderRule> rules = new ArrayList<>();
    for (Tsv.Row row : tsv.rows()) {
      rules.add(row(name, row));
    }
    return new RuleTable(name, rules);
  }

  private static ProviderRule row(String table, Tsv.Row row) {
    String id = row.required("id");
    if (!id.startsWith(table + ".")) {
      throw row.error("id", "ids of table '" + table + "' start with '" + table + ".', was " + id);
    }
    int priority;
    try {
      priority = Integer.parseInt(row.required("priority"));
    } catch (NumberFormatException e) {
      throw row.error("priority", "not a number: " + row.get("priority"));
    }
    String scopeCell = row.get("scope");
    ProviderRule.Scope scope;
    try {
      scope =
          scopeCell.isEmpty()
              ? ProviderRule.Scope.DETECTED
              : ProviderRule.Scope.valueOf(scopeCell.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw row.error("scope", "expected detected, any or shared, was " + scopeCell);
    }
    Cause cause =
        Cause.fromId(row.required("cause"))
            .orElseThrow(() -> row.error("cause", "unknown cause " + row.get("cause")));
    Optional<Action> action = Optional.empty();
    if (!row.get("action").isEmpty()) {
      action =
          Optional.of(
              Action.fromId(row.get("action"))
                  .orElseThrow(() -> row.error("action", "unknown action " + row.get("action"))));
    }
    Optional<Permanence> permanence = Optional.empty();
    if (!row.get("permanence").isEmpty()) {
      permanence =
          Optional.of(
              Permanence.fromId(row.get("permanence"))
                  .filter(p -> p != Permanence.UNKNOWN)
                  .orElseThrow(
                      () ->
                          row.error(
                              "permanence",
                              "expected permanent or transient, was " + row.get("permanence"))));
    }
    java.util.Set<SmtpStage> stages = java.util.EnumSet.noneOf(SmtpStage.class);
    if (row.has(STAGE_COLUMN)) {
      for (String st : row.get(STAGE_COLUMN).split(",")) {
        if (st.isBlank()) {
          continue;
        }
        try {
          stages.add(SmtpStage.valueOf(st.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw row.error(
              STAGE_COLUMN,
              "expected SMTP stages joined by ',' (connect, helo, starttls, auth, mail_from,"
                  + " rcpt_to, data, bdat, quit), was "
                  + st.trim());
        }
      }
    }
    List<String> remedies = new ArrayList<>();
    for (String r : row.get("remedies").split(",")) {
      if (!r.isBlank()) {
        remedies.add(r.trim());
      }
    }
    try {
      return new ProviderRule(
          id,
          priority,
          scope,
          row.get("basic"),
          row.get("enhanced"),
          row.get("match"),
          cause,
          action,
          permanence,
          remedies,
          row.required("source"),
          Tsv.unescape(row.required("example")),
          stages);
    } catch (IllegalArgumentException e) {
      throw row.error("id", id + ": " + e.getMessage());
    }
  }
}
