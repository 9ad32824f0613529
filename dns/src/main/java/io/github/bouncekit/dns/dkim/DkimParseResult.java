package io.github.bouncekit.dns.dkim;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of parsing: the parsed value, or the first syntax error. Bad input is a value of this
 * type, never an exception.
 *
 * @param <T> the parsed type
 */
public sealed interface DkimParseResult<T> permits DkimParseResult.Valid, DkimParseResult.Invalid {

  /** The parsed value, when the input was valid. */
  Optional<T> value();

  /** The syntax error, when the input was invalid. */
  Optional<DkimSyntaxError> error();

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
  record Valid<T>(T parsed) implements DkimParseResult<T> {
    /** Checks. */
    public Valid {
      Objects.requireNonNull(parsed, "parsed must not be null");
    }

    @Override
    public Optional<T> value() {
      return Optional.of(parsed);
    }

    @Override
    public Optional<DkimSyntaxError> error() {
      return Optional.empty();
    }
  }

  /**
   * An invalid input.
   *
   * @param syntaxError where and why
   * @param <T> the type that was to be parsed
   */
  record Invalid<T>(DkimSyntaxError syntaxError) implements DkimParseResult<T> {
    /** Checks. */
    public Invalid {
      Objects.requireNonNull(syntaxError, "syntaxError must not be null");
    }

    @Override
    public Optional<T> value() {
      return Optional.empty();
    }

    @Override
    public Optional<DkimSyntaxError> error() {
      return Optional.of(syntaxError);
    }
  }
}
