package io.github.bouncekit.dns.dmarc;

import java.util.Objects;

/**
 * An error or a warning about a DMARC record.
 *
 * @param position the 0-based index in the record text where the problem is (the record's length
 *     when the text ended too early)
 * @param tag the tag concerned, lower case ({@code "p"}, {@code "rua"}); empty for the record as a
 *     whole
 * @param message what is wrong, for people
 */
public record DmarcProblem(int position, String tag, String message) {
  /** Checks. */
  public DmarcProblem {
    Objects.requireNonNull(tag, "tag must not be null");
    Objects.requireNonNull(message, "message must not be null");
    if (position < 0) {
      throw new IllegalArgumentException("position must not be negative, was " + position);
    }
  }

  /** {@code "position 10: pct: removed by RFC 9989, ignored"}. */
  @Override
  public String toString() {
    return "position " + position + ": " + (tag.isEmpty() ? "" : tag + ": ") + message;
  }
}
