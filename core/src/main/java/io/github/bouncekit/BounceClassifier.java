package io.github.bouncekit;

import io.github.bouncekit.internal.ProviderDirectory;
import io.github.bouncekit.internal.RemedyCatalogue;
import io.github.bouncekit.internal.RuleEngine;
import io.github.bouncekit.provider.ProviderRule;
import io.github.bouncekit.provider.RuleTable;
import io.github.bouncekit.reply.SmtpReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Diagnoses SMTP replies: why a message was refused and what to do about it.
 *
 * <pre>{@code
 * BounceClassifier classifier = BounceClassifier.defaults(); // build once, share freely
 * Diagnosis d = classifier.diagnose("550 5.7.26 ... not accepted due to domain's DMARC policy");
 * d.cause();      // AUTH_DMARC
 * d.action();     // FIX_SENDER
 * d.remedies();   // ordered steps
 * }</pre>
 *
 * <p>A classifier is immutable and safe to use from any number of threads; build it once (it
 * compiles every rule table into one automaton) and reuse it. {@link #diagnose(String)} never
 * throws for a non-null string: a reply nothing explains gives cause {@link Cause#UNKNOWN} with
 * the reason in {@link Diagnosis#notes()}. Input longer than {@link SmtpReply#MAX_INPUT_LENGTH}
 * (64 KiB) is cut there and noted. The cost of a call grows with the length of the reply, not
 * with the number of rules.
 */
public final class BounceClassifier {
  private static final String RULES = "/io/github/bouncekit/rules/";

  private final RuleEngine engine;
  private final List<RuleTable> tables;

  private BounceClassifier(List<RuleTable> tables) {
    this.tables = List.copyOf(tables);
    this.engine = new RuleEngine(this.tables, ProviderDirectory.load(), RemedyCatalogue.load());
  }

  private static final class Defaults {
    static final BounceClassifier INSTANCE = builder().build();
  }

  /** The classifier with the shipped tables; built on first use and shared. */
  public static BounceClassifier defaults() {
    return Defaults.INSTANCE;
  }

  /** A builder that starts from the shipped tables. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Diagnoses a reply with no context.
   *
   * @param reply the reply, in any form {@link SmtpReply#parse(String)} accepts
   * @return the diagnosis
   * @throws NullPointerException when {@code reply} is null
   */
  public Diagnosis diagnose(String reply) {
    return diagnose(reply, Context.none());
  }

  /**
   * Diagnoses a reply with what the caller knows (the remote MTA, the recipient, the stage).
   *
   * @param reply the reply
   * @param context the context; {@link Context#none()} for none
   * @return the diagnosis
   * @throws NullPointerException when an argument is null
   */
  public Diagnosis diagnose(String reply, Context context) {
    Objects.requireNonNull(reply, "reply must not be null");
    Objects.requireNonNull(context, "context must not be null (use Context.none())");
    return engine.diagnose(reply, context);
  }

  /** The tables in use, in ranking order. */
  public List<RuleTable> tables() {
    return tables;
  }

  /** The table a rule belongs to. */
  public Optional<String> tableOf(String ruleId) {
    return engine.tableOf(ruleId);
  }

  /** The shipped tables: the generic table and one per provider that has a table file. */
  public static List<RuleTable> defaultTables() {
    List<RuleTable> out = new ArrayList<>();
    for (ProviderDirectory.Entry e : ProviderDirectory.load().entries()) {
      readResource(e.provider().id()).ifPresent(out::add);
    }
    out.add(
        readResource(RuleTable.GENERIC)
            .orElseThrow(() -> new IllegalStateException("rules/generic.tsv is missing")));
    return out;
  }

  private static Optional<RuleTable> readResource(String name) {
    String path = RULES + name + ".tsv";
    try (InputStream in = BounceClassifier.class.getResourceAsStream(path)) {
      if (in == null) {
        return Optional.empty();
      }
      return Optional.of(RuleTable.read(name, "rules/" + name + ".tsv", in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /**
   * Builds a classifier: the shipped tables, with tables added, replaced or removed. Not
   * thread-safe; the classifier it builds is.
   */
  public static final class Builder {
    private final Map<String, RuleTable> tables = new LinkedHashMap<>();
    private final List<RuleTable> added = new ArrayList<>();

    private Builder() {
      for (RuleTable t : defaultTables()) {
        tables.put(t.name(), t);
      }
    }

    /** Starts from no tables at all (only the tables added afterwards are used). */
    public Builder withoutDefaultTables() {
      tables.clear();
      added.clear();
      return this;
    }

    /**
     * Adds a table. A table with the name of a shipped one replaces it; any other is added. User
     * tables rank before the shipped ones of the same tier.
     *
     * @param table the table
     * @return this builder
     */
    public Builder addTable(RuleTable table) {
      Objects.requireNonNull(table, "table must not be null");
      tables.remove(table.name());
      added.removeIf(t -> t.name().equals(table.name()));
      added.add(table);
      return this;
    }

    /**
     * Adds rows to a table, creating the table when there is none with that name.
     *
     * @param tableName {@code generic} or a provider id
     * @param rules the rows
     * @return this builder
     */
    public Builder addRules(String tableName, List<ProviderRule> rules) {
      List<ProviderRule> merged = new ArrayList<>(rules);
      RuleTable existing = tables.get(tableName);
      for (RuleTable t : added) {
        if (t.name().equals(tableName)) {
          existing = t;
        }
      }
      if (existing != null) {
        merged.addAll(existing.rules());
      }
      return addTable(new RuleTable(tableName, merged));
    }

    /**
     * Removes a table by name (a shipped or an added one).
     *
     * @param name the table name
     * @return this builder
     * @throws IllegalArgumentException when there is no such table
     */
    public Builder removeTable(String name) {
      boolean removed = tables.remove(name) != null;
      removed |= added.removeIf(t -> t.name().equals(name));
      if (!removed) {
        throw new IllegalArgumentException(
            "no table named '" + name + "'; tables: " + names());
      }
      return this;
    }

    private List<String> names() {
      List<String> n = new ArrayList<>();
      added.forEach(t -> n.add(t.name()));
      n.addAll(tables.keySet());
      return n;
    }

    /**
     * Compiles the tables.
     *
     * @return the classifier
     * @throws IllegalArgumentException when the tables are inconsistent (duplicate rule ids,
     *     unknown remedy ids); the message says which rule
     */
    public BounceClassifier build() {
      List<RuleTable> all = new ArrayList<>(added);
      all.addAll(tables.values());
      return new BounceClassifier(all);
    }
  }
}
