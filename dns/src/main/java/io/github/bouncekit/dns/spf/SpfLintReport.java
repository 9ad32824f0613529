package io.github.bouncekit.dns.spf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@link SpfLinter} found for a domain: the tree of published records (the domain's record,
 * its {@code include:} and {@code redirect=} targets, recursively), the DNS-querying terms and void
 * look-ups per record and in total, and the findings.
 *
 * @param domain the linted domain
 * @param root the domain's node
 * @param findings everything worth telling, errors first, in tree order within a severity
 * @param totalLookups DNS-querying terms in the whole tree (what an evaluation that reaches every
 *     term would count; the limit is 10)
 * @param totalVoidLookups void look-ups found in the whole tree (the limit is 2)
 * @param records how many records were fetched
 */
public record SpfLintReport(
    String domain,
    Node root,
    List<Finding> findings,
    int totalLookups,
    int totalVoidLookups,
    int records) {

  /** Checks and copies. */
  public SpfLintReport {
    Objects.requireNonNull(domain, "domain must not be null");
    Objects.requireNonNull(root, "root must not be null");
    findings = List.copyOf(findings);
  }

  /**
   * True when a finding is an {@link Severity#ERROR}: evaluations will give permerror (or fail to
   * get an answer).
   */
  public boolean hasErrors() {
    return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
  }

  /** The findings of one severity. */
  public List<Finding> findings(Severity severity) {
    List<Finding> out = new ArrayList<>();
    for (Finding f : findings) {
      if (f.severity() == severity) {
        out.add(f);
      }
    }
    return List.copyOf(out);
  }

  /** The findings with one code. */
  public List<Finding> findings(Code code) {
    List<Finding> out = new ArrayList<>();
    for (Finding f : findings) {
      if (f.code() == code) {
        out.add(f);
      }
    }
    return List.copyOf(out);
  }

  /** How bad a finding is. */
  public enum Severity {
    /** Evaluations give permerror or temperror, or the record does not do what it says. */
    ERROR,
    /** Risky or deprecated; works today. */
    WARNING,
    /** Worth knowing. */
    INFO
  }

  /** What a finding is about. */
  public enum Code {
    /** A record does not parse; the finding has the position. */
    SYNTAX_ERROR,
    /** Several {@code v=spf1} records at one name (permerror). */
    MULTIPLE_RECORDS,
    /** The linted domain has no SPF record. */
    NO_RECORD,
    /** An {@code include:} or {@code redirect=} target has no SPF record (permerror). */
    TARGET_WITHOUT_RECORD,
    /** A name is not a valid domain name. */
    INVALID_DOMAIN,
    /** A DNS look-up failed (temperror for evaluations). */
    DNS_FAILURE,
    /** A record includes or redirects to itself, directly or not. */
    LOOP,
    /** More than 10 DNS-querying terms in the tree. */
    TOO_MANY_LOOKUPS,
    /** More than 2 void look-ups in the tree. */
    TOO_MANY_VOID_LOOKUPS,
    /** A term's look-up answered NXDOMAIN or no records. */
    VOID_LOOKUP,
    /** An {@code mx} target with more than 10 MX records (permerror). */
    TOO_MANY_MX,
    /** The deprecated {@code ptr} mechanism or {@code %{p}} macro. */
    PTR,
    /** {@code +all}: every host on the Internet may send. */
    PASS_ALL,
    /** {@code ?all}: no assertion. */
    NEUTRAL_ALL,
    /** No {@code all} and no {@code redirect=}: the default result is neutral. */
    NO_ALL,
    /** Terms after {@code all}, or a {@code redirect=} next to {@code all}: never used. */
    UNREACHABLE_TERMS,
    /** The record needs more than one 255-byte TXT string. */
    MULTIPLE_STRINGS,
    /** The record or the TXT answer is large enough to risk UDP truncation. */
    RECORD_SIZE,
    /** A target with macros, which depends on the message and is not followed. */
    MACRO_TARGET,
    /** An unknown modifier: ignored by evaluations. */
    UNKNOWN_MODIFIER,
    /** The linter stopped following records (its record or query budget is spent). */
    TRUNCATED;

    /** The code in lower case with dashes: {@code too-many-lookups}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * One finding.
   *
   * @param severity how bad
   * @param code what about
   * @param domain the name whose record it is about
   * @param message for people
   * @param position for syntax errors and term findings: the 0-based position in the record
   */
  public record Finding(
      Severity severity, Code code, String domain, String message, OptionalInt position) {
    /** Checks. */
    public Finding {
      Objects.requireNonNull(severity, "severity must not be null");
      Objects.requireNonNull(code, "code must not be null");
      Objects.requireNonNull(domain, "domain must not be null");
      Objects.requireNonNull(message, "message must not be null");
      Objects.requireNonNull(position, "position must not be null");
    }

    @Override
    public String toString() {
      return severity + " " + code.id() + " " + domain + ": " + message;
    }
  }

  /** How far a node was followed. */
  public enum State {
    /** The record was fetched and parsed. */
    OK,
    /** No SPF record (or the name does not exist). */
    NO_RECORD,
    /** Several SPF records. */
    MULTIPLE_RECORDS,
    /** The record does not parse. */
    SYNTAX_ERROR,
    /** The TXT look-up failed. */
    DNS_FAILURE,
    /** The name is not a valid domain name. */
    INVALID_DOMAIN,
    /** Already on the path from the root: not followed again. */
    LOOP,
    /** Not followed: a macro target or the budget was spent. */
    NOT_FOLLOWED
  }

  /**
   * One record in the tree.
   *
   * @param domain the name
   * @param via the term of the parent that leads here ({@code include:_spf.example.com}, {@code
   *     redirect=...}), empty for the root
   * @param state how far it was followed
   * @param record the SPF record text, when there is exactly one
   * @param children the nodes of its {@code include:} and {@code redirect=} targets, in record
   *     order
   * @param lookups the DNS-querying terms of this record
   * @param voidLookups the void look-ups of this record's own terms
   * @param totalLookups {@code lookups} plus the children's totals
   * @param totalVoidLookups {@code voidLookups} plus the children's totals
   */
  public record Node(
      String domain,
      Optional<String> via,
      State state,
      Optional<String> record,
      List<Node> children,
      int lookups,
      int voidLookups,
      int totalLookups,
      int totalVoidLookups) {
    /** Checks and copies. */
    public Node {
      Objects.requireNonNull(domain, "domain must not be null");
      Objects.requireNonNull(via, "via must not be null");
      Objects.requireNonNull(state, "state must not be null");
      Objects.requireNonNull(record, "record must not be null");
      children = List.copyOf(children);
    }

    /** The tree as indented text, one node a line: {@code include:x x 3 lookups (total 5)}. */
    public String toTree() {
      StringBuilder out = new StringBuilder();
      tree(out, 0);
      return out.toString();
    }

    private void tree(StringBuilder out, int indent) {
      out.append("  ".repeat(indent))
          .append(via.map(v -> v + " -> ").orElse(""))
          .append(domain)
          .append(" [")
          .append(state.name().toLowerCase(Locale.ROOT))
          .append("] lookups ")
          .append(lookups)
          .append(" (total ")
          .append(totalLookups)
          .append("), void ")
          .append(voidLookups)
          .append(" (total ")
          .append(totalVoidLookups)
          .append(")");
      record.ifPresent(r -> out.append(": ").append(r));
      out.append('\n');
      for (Node c : children) {
        c.tree(out, indent + 1);
      }
    }
  }
}
