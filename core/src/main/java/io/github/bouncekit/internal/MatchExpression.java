package io.github.bouncekit.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed match expression of a rule table: {@code a & b | c & !d}. {@code &} binds tighter than
 * {@code |}; {@code !} negates a phrase inside an {@code &} group; a leading or trailing {@code *}
 * opens a phrase's word boundary on that side. See the rules README for the full syntax.
 */
public final class MatchExpression {
  /**
   * One phrase of an expression.
   *
   * @param text the phrase in normal form ({@link TextNormalizer})
   * @param openStart true when the first word may start inside a longer word ({@code *listed})
   * @param openEnd true when the last word may continue ({@code blacklist*})
   */
  public record Phrase(String text, boolean openStart, boolean openEnd) {
    /** As written in a table. */
    @Override
    public String toString() {
      return (openStart ? "*" : "") + text + (openEnd ? "*" : "");
    }
  }

  /**
   * One {@code &} group.
   *
   * @param required phrases that must all occur
   * @param forbidden phrases that must not occur
   */
  public record Group(List<Phrase> required, List<Phrase> forbidden) {
    /** Copies. */
    public Group {
      required = List.copyOf(required);
      forbidden = List.copyOf(forbidden);
    }
  }

  private final List<Group> groups;

  private MatchExpression(List<Group> groups) {
    this.groups = List.copyOf(groups);
  }

  /** The {@code |} alternatives; empty for an empty expression. */
  public List<Group> groups() {
    return groups;
  }

  /** True for the empty expression (a code-only rule). */
  public boolean isEmpty() {
    return groups.isEmpty();
  }

  /**
   * Parses an expression.
   *
   * @param expression the cell text; blank gives the empty expression
   * @return the expression
   * @throws IllegalArgumentException with a message that says what is wrong
   */
  public static MatchExpression parse(String expression) {
    List<Group> groups = new ArrayList<>();
    if (expression == null || expression.isBlank()) {
      return new MatchExpression(groups);
    }
    for (String alternative : split(expression, '|')) {
      List<Phrase> required = new ArrayList<>();
      List<Phrase> forbidden = new ArrayList<>();
      for (String term : split(alternative, '&')) {
        String t = term.trim();
        boolean negated = t.startsWith("!");
        if (negated) {
          t = t.substring(1).trim();
        }
        Phrase p = phrase(t, expression);
        (negated ? forbidden : required).add(p);
      }
      if (required.isEmpty()) {
        throw new IllegalArgumentException(
            "every '|' alternative needs at least one phrase that is not negated: \""
                + alternative.trim()
                + "\"");
      }
      groups.add(new Group(required, forbidden));
    }
    return new MatchExpression(groups);
  }

  private static List<String> split(String s, char sep) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= s.length(); i++) {
      if (i == s.length() || s.charAt(i) == sep) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    return out;
  }

  private static Phrase phrase(String raw, String expression) {
    boolean openStart = raw.startsWith("*");
    boolean openEnd = raw.endsWith("*") && raw.length() > 1;
    String t = raw.substring(openStart ? 1 : 0, raw.length() - (openEnd ? 1 : 0));
    if (t.isBlank()) {
      throw new IllegalArgumentException("empty phrase in \"" + expression + "\"");
    }
    if (t.indexOf('*') >= 0) {
      throw new IllegalArgumentException(
          "'*' may only open the start or the end of a phrase: \"" + raw + "\"");
    }
    String normal = TextNormalizer.normalize(t);
    if (!t.trim().equals(t.trim().toLowerCase(java.util.Locale.ROOT))) {
      throw new IllegalArgumentException("phrases are written in lower case: \"" + t.trim() + "\"");
    }
    return new Phrase(normal, openStart, openEnd);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Group g : groups) {
      if (b.length() > 0) {
        b.append(" | ");
      }
      List<String> terms = new ArrayList<>();
      g.required().forEach(p -> terms.add(p.toString()));
      g.forbidden().forEach(p -> terms.add("!" + p));
      b.append(String.join(" & ", terms));
    }
    return b.toString();
  }
}
