package io.github.bouncekit.dns.spf;

import java.util.Objects;

/**
 * A syntax error in an SPF record, a macro-string or an explanation string.
 *
 * @param input the text that was parsed (a record, a macro-string), as given
 * @param position the 0-based index in {@code input} of the character where the error was found
 *     ({@code input.length()} when the text ended too early)
 * @param message what is wrong, for people (for example {@code "unknown mechanism 'moo'"})
 */
public record SpfSyntaxError(String input, int position, String message) {
  /** Checks the parts. */
  public SpfSyntaxError {
    Objects.requireNonNull(input, "input must not be null");
    Objects.requireNonNull(message, "message must not be null");
    if (position < 0 || position > input.length()) {
      throw new IllegalArgumentException(
          "position must be 0-" + input.length() + ", was " + position);
    }
  }

  /** The error shifted by {@code offset} characters into an enclosing {@code text}. */
  SpfSyntaxError within(String text, int offset) {
    return new SpfSyntaxError(text, offset + position, message);
  }

  /** {@code "position 12: unknown mechanism 'moo'"}. */
  @Override
  public String toString() {
    return "position " + position + ": " + message;
  }
}
