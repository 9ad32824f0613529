package io.github.bouncekit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a diagnosis says what it says: the rule that decided, the words it matched and where.
 *
 * @param ruleId the stable id of the rule, such as {@code gmail.dmarc-policy}
 * @param table the rule table the rule came from ({@code gmail}, {@code generic})
 * @param basis what kind of rule decided
 * @param matches the phrases matched, in text order; empty for code-only rules
 * @param text the normalised text the offsets refer to (lower case, white space runs folded,
 *     Latin letters without diacritics, contractions written out: "doesn't" reads "does not")
 * @param source the URL documenting the rule's wording
 */
public record Evidence(
    String ruleId,
    String table,
    Basis basis,
    List<Match> matches,
    String text,
    Optional<String> source) {

  /** Checks and copies the parts. */
  public Evidence {
    Objects.requireNonNull(ruleId, "ruleId must not be null");
    Objects.requireNonNull(table, "table must not be null");
    Objects.requireNonNull(basis, "basis must not be null");
    matches = List.copyOf(matches);
    Objects.requireNonNull(text, "text must not be null");
    Objects.requireNonNull(source, "source must not be null");
    for (int i = 0; i < matches.size(); i++) { // indexed: no iterator per diagnosis
      Match m = matches.get(i);
      if (m.end() > text.length()) {
        throw new IllegalArgumentException("match " + m + " lies outside the text");
      }
    }
  }

  /** What kind of rule decided. */
  public enum Basis {
    /** Words of a provider's table. */
    PROVIDER_PHRASE,
    /** A provider's own meaning of a status code. */
    PROVIDER_CODE,
    /** Words any server uses. */
    GENERIC_PHRASE,
    /** The enhanced status code's usual meaning. */
    ENHANCED_CODE,
    /** The basic reply code's usual meaning. */
    BASIC_CODE
  }

  /**
   * One matched phrase.
   *
   * @param phrase the rule's phrase
   * @param start offset of the first matched character in {@link Evidence#text()}
   * @param end offset after the last matched character
   */
  public record Match(String phrase, int start, int end) {
    /** Checks the offsets. */
    public Match {
      Objects.requireNonNull(phrase, "phrase must not be null");
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("bad offsets " + start + ".." + end);
      }
    }
  }
}
