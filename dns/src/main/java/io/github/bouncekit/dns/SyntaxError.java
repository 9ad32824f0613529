package io.github.bouncekit.dns;

import java.util.Objects;

/**
 * A syntax error in a parsed text: an SPF record, a macro-string or an explanation string, or a
 * DKIM tag list (a key record or a DKIM-Signature header field value).
 *
 * @param input the text that was parsed (a record, a macro-string, a tag list), as given
 * @param position the 0-based index in {@code input} of the character where the error was found
 *     ({@code input.length()} when the text ended too early or something was missing)
 * @param message what is wrong, for people (for example {@code "unknown mechanism 'moo'"} or
 *     {@code "tag 'p' appears twice"})
 */
public record SyntaxError(String input, int position, String message) {
  /** Checks the parts. */
  public SyntaxError {
    Objects.requireNonNull(input, "input must not be null");
    Objects.requireNonNull(message, "message must not be null");
    if (position < 0 || position > input.length()) {
      throw new IllegalArgumentException(
          "position must be 0-" + input.length() + ", was " + position);
    }
  }

  /** {@code "position 12: unknown mechanism 'moo'"}. */
  @Override
  public String toString() {
    return "position " + position + ": " + message;
  }
}
