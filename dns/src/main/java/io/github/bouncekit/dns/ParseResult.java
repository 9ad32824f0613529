package io.github.bouncekit.dns;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of parsing: the parsed value, or the first syntax error. Bad input is a value of this
 * type, never an exception. The SPF parsers ({@code SpfRecord}, {@code MacroString}) and the DKIM
 * tag-list parsers ({@code DkimKeyRecord}, {@code DkimSignature}) give one.
 *
 * @param <T> the parsed type
 */
public sealed interface ParseResult<T> permits ParseResult.Valid, ParseResult.Invalid {

  /** The parsed value, when the input was valid. */
  Optional<T> value();

  /** The syntax error, when the input was invalid. */
  Optional<SyntaxError> error();

  /** True when the input was valid. */
  default boolean isValid() {
    return value().isPresent();
  }

  /**
   * The parsed value.
   *
   * @throws IllegalArgumentException with the syntax error's message when the input was invalid
   */
  default T orElseThrow() {
    return value()
        .orElseThrow(() -> new IllegalArgumentException(error().map(Object::toString).orElse("")));
  }

  /**
   * A valid input.
   *
   * @param parsed the parsed value
   * @param <T> the parsed type
   */
  record Valid<T>(T parsed) implements ParseResult<T> {
    /** Checks. */
    public Valid {
      Objects.requireNonNull(parsed, "parsed must not be null");
    }

    @Override
    public Optional<T> value() {
      return Optional.of(parsed);
    }

    @Override
    public Optional<SyntaxError> error() {
      return Optional.empty();
    }
  }

  /**
   * An invalid input.
   *
   * @param syntaxError where and why
   * @param <T> the type that was to be parsed
   */
  record Invalid<T>(SyntaxError syntaxError) implements ParseResult<T> {
    /** Checks. */
    public Invalid {
      Objects.requireNonNull(syntaxError, "syntaxError must not be null");
    }

    @Override
    public Optional<T> value() {
      return Optional.empty();
    }

    @Override
    public Optional<SyntaxError> error() {
      return Optional.of(syntaxError);
    }
  }
}
