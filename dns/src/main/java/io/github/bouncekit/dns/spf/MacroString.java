package io.github.bouncekit.dns.spf;

import io.github.bouncekit.dns.ParseResult;
import io.github.bouncekit.dns.SyntaxError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed RFC 7208 §7.1 macro-string: literal text, the escapes {@code %%} {@code %_} {@code %-}
 * and macros such as {@code %{ir}} or {@code %{l1r-}}. Expand it with {@link MacroExpander}.
 *
 * <p>Parsing is a single left-to-right scan, linear in the input; inputs longer than {@link
 * #MAX_LENGTH} characters are rejected.
 *
 * @param text the macro-string as written
 * @param parts its literals, escapes and macros, in order
 */
public record MacroString(String text, List<Part> parts) {

  /** The longest macro-string accepted, in characters. */
  public static final int MAX_LENGTH = 16_384;

  private static final String LETTERS = "slodiphcrtv";
  private static final String EXPLANATION_ONLY = "crt";
  private static final String DELIMITERS = ".-+,/_=";

  /** Checks and copies. */
  public MacroString {
    Objects.requireNonNull(text, "text must not be null");
    parts = List.copyOf(parts);
  }

  /** Where a macro-string appears, which decides what it may contain. */
  public enum Context {
    /**
     * A domain-spec or the value of a modifier: visible ASCII only (no space), and the letters
     * {@code c}, {@code r}, {@code t} are not allowed (RFC 7208 §7.3).
     */
    DOMAIN_SPEC,
    /** The text of an explanation TXT record (RFC 7208 §6.2): spaces and every letter allowed. */
    EXPLANATION
  }

  /** One piece of a macro-string. */
  public sealed interface Part permits Literal, Escape, Macro {}

  /**
   * Literal text, copied as is.
   *
   * @param value the text
   */
  public record Literal(String value) implements Part {
    /** Checks. */
    public Literal {
      Objects.requireNonNull(value, "value must not be null");
    }
  }

  /**
   * One of {@code %%} (a percent sign), {@code %_} (a space) or {@code %-} ({@code %20}).
   *
   * @param code the character after {@code %}: {@code '%'}, {@code '_'} or {@code '-'}
   */
  public record Escape(char code) implements Part {
    /** Checks. */
    public Escape {
      if (code != '%' && code != '_' && code != '-') {
        throw new IllegalArgumentException("escape must be %, _ or -, was " + code);
      }
    }

    /** What the escape stands for. */
    public String expansion() {
      return code == '%' ? "%" : code == '_' ? " " : "%20";
    }
  }

  /**
   * A macro {@code %{letter transformers delimiters}}.
   *
   * @param letter the macro letter in lower case: one of {@code s l o d i p h c r t v}
   * @param urlEscape true when the letter was written in upper case: the value is URL-escaped
   * @param rightParts how many right-hand parts to keep, 0 for all
   * @param reverse true to reverse the parts ({@code r} transformer)
   * @param delimiters the characters to split on, empty for the default {@code "."}
   */
  public record Macro(
      char letter, boolean urlEscape, int rightParts, boolean reverse, String delimiters)
      implements Part {
    /** Checks. */
    public Macro {
      if (LETTERS.indexOf(letter) < 0) {
        throw new IllegalArgumentException("unknown macro letter " + letter);
      }
      if (rightParts < 0) {
        throw new IllegalArgumentException("rightParts must not be negative");
      }
      Objects.requireNonNull(delimiters, "delimiters must not be null");
      for (int i = 0; i < delimiters.length(); i++) {
        if (DELIMITERS.indexOf(delimiters.charAt(i)) < 0) {
          throw new IllegalArgumentException("invalid delimiter " + delimiters.charAt(i));
        }
      }
    }
  }

  /**
   * Parses a macro-string.
   *
   * @param text the text
   * @param context where the text appears
   * @return the macro-string, or the first syntax error with its position in {@code text}
   * @throws NullPointerException if an argument is null
   */
  public static ParseResult<MacroString> parse(String text, Context context) {
    Objects.requireNonNull(text, "text must not be null");
    Objects.requireNonNull(context, "context must not be null");
    if (text.length() > MAX_LENGTH) {
      return invalid(text, MAX_LENGTH, "longer than " + MAX_LENGTH + " characters");
    }
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c != '%') {
        boolean allowed = (c >= 0x21 && c <= 0x7E) || (c == ' ' && context == Context.EXPLANATION);
        if (!allowed) {
          return invalid(text, i, "invalid character " + describe(c));
        }
        literal.append(c);
        i++;
        continue;
      }
      if (i + 1 >= n) {
        return invalid(text, i, "'%' at the end: write '%%' for a percent sign");
      }
      char next = text.charAt(i + 1);
      if (next == '%' || next == '_' || next == '-') {
        flush(literal, parts);
        parts.add(new Escape(next));
        i += 2;
        continue;
      }
      if (next != '{') {
        return invalid(
            text,
            i,
            "invalid macro '%"
                + printable(next)
                + "': '%' must be followed by '{', '%', '_' or '-'");
      }
      int start = i;
      i += 2;
      if (i >= n) {
        return invalid(text, i, "unterminated macro: a macro letter expected");
      }
      char written = text.charAt(i);
      char letter = Character.toLowerCase(written);
      if (written > 0x7F || LETTERS.indexOf(letter) < 0) {
        return invalid(text, i, "unknown macro letter " + describe(written));
      }
      if (context == Context.DOMAIN_SPEC && EXPLANATION_ONLY.indexOf(letter) >= 0) {
        return invalid(
            text, i, "macro letter '" + written + "' is only allowed in explanation text");
      }
      boolean upper = written != letter;
      i++;
      int digitsStart = i;
      int count = 0;
      while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        count = Math.min(count * 10 + (text.charAt(i) - '0'), 1000);
        i++;
      }
      if (i > digitsStart && count == 0) {
        return invalid(text, digitsStart, "the number of parts must be at least 1");
      }
      boolean reverse = false;
      if (i < n && (text.charAt(i) == 'r' || text.charAt(i) == 'R')) {
        reverse = true;
        i++;
      }
      int delimitersStart = i;
      while (i < n && DELIMITERS.indexOf(text.charAt(i)) >= 0) {
        i++;
      }
      String delimiters = text.substring(delimitersStart, i);
      if (i >= n) {
        return invalid(text, n, "unterminated macro: '}' expected");
      }
      if (text.charAt(i) != '}') {
        return invalid(
            text,
            i,
            "invalid character "
                + describe(text.charAt(i))
                + " in macro "
                + text.substring(start, Math.min(n, i + 1)));
      }
      i++;
      flush(literal, parts);
      parts.add(new Macro(letter, upper, count, reverse, delimiters));
    }
    flush(literal, parts);
    return new ParseResult.Valid<>(new MacroString(text, parts));
  }

  /** True when a macro of this letter (lower case) appears. */
  public boolean uses(char letter) {
    char lower = Character.toLowerCase(letter);
    for (Part p : parts) {
      if (p instanceof Macro && ((Macro) p).letter() == lower) {
        return true;
      }
    }
    return false;
  }

  /** True when the text has at least one macro or escape, so it must be expanded. */
  public boolean hasMacros() {
    for (Part p : parts) {
      if (!(p instanceof Literal)) {
        return true;
      }
    }
    return false;
  }

  /** True when the last part is a macro or an escape ({@code macro-expand} of RFC 7208 §7.1). */
  public boolean endsWithMacroExpand() {
    return !parts.isEmpty() && !(parts.get(parts.size() - 1) instanceof Literal);
  }

  @Override
  public String toString() {
    return text;
  }

  private static void flush(StringBuilder literal, List<Part> parts) {
    if (literal.length() > 0) {
      parts.add(new Literal(literal.toString()));
      literal.setLength(0);
    }
  }

  private static ParseResult<MacroString> invalid(String text, int position, String message) {
    return new ParseResult.Invalid<>(new SyntaxError(text, position, message));
  }

  /** {@code 'x'} for visible ASCII, {@code U+000D} otherwise. */
  static String describe(char c) {
    if (c > 0x20 && c < 0x7F) {
      return "'" + c + "'";
    }
    return String.format(Locale.ROOT, "U+%04X", (int) c);
  }

  private static String printable(char c) {
    return c > 0x20 && c < 0x7F ? String.valueOf(c) : describe(c);
  }
}
