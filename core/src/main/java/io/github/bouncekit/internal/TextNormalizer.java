package io.github.bouncekit.internal;

/**
 * The one normal form that rule phrases and reply texts are matched in: lower case (char by char),
 * every run of white space one space, no leading or trailing space, typographic quotes as ASCII.
 */
public final class TextNormalizer {
  private TextNormalizer() {}

  /**
   * Builds the normal form of several pieces written one after the other, in a buffer it keeps
   * between uses, so that only the result is allocated. Not thread-safe: one per thread.
   */
  public static final class Builder {
    private char[] out = new char[256];
    private int o;
    private boolean space;

    /** Starts a new text. */
    public Builder reset() {
      o = 0;
      space = false;
      return this;
    }

    /** Appends the normal form of {@code s}, as if it followed what was appended before. */
    public Builder append(CharSequence s) {
      int n = s.length();
      if (o + n > out.length) {
        out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, o + n));
      }
      for (int i = 0; i < n; i++) {
        put(s.charAt(i));
      }
      return this;
    }

    /** Appends a number's decimal digits. */
    public Builder append(int number) {
      if (number < 0) {
        return append(Integer.toString(number));
      }
      if (number >= 10) {
        append(number / 10);
      }
      return append((char) ('0' + number % 10));
    }

    /** Appends one character. */
    public Builder append(char c) {
      put(c);
      return this;
    }

    // One character of the input: a run of white space becomes one space before the next word
    // (none at the start), any other character its folded form.
    private void put(char c) {
      if (c <= ' ' || c >= 0x80 && (Character.isWhitespace(c) || Character.isSpaceChar(c))) {
        space = o > 0;
        return;
      }
      if (space) {
        if (o == out.length) {
          out = java.util.Arrays.copyOf(out, out.length * 2);
        }
        out[o++] = ' ';
        space = false;
      }
      if (o == out.length) {
        out = java.util.Arrays.copyOf(out, out.length * 2);
      }
      out[o++] = fold(c);
    }

    /** The normal form of everything appended since the last reset. */
    public String build() {
      return new String(out, 0, o);
    }
  }

  /** The normal form of {@code s}. */
  public static String normalize(CharSequence s) {
    return new Builder().append(s).build();
  }



  private static char fold(char c) {
    if (c < 0x80) {
      return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
    switch (c) {
      case '\u2018':
      case '\u2019':
      case '\u201B':
      case '\u02BC':
        return '\'';
      case '\u201C':
      case '\u201D':
        return '"';
      case '\u2010':
      case '\u2011':
      case '\u2013':
        return '-';
      default:
        return Character.toLowerCase(c);
    }
  }

  /** True for the characters that make up words: letters and digits. */
  public static boolean isWordChar(char c) {
    if (c < 0x80) {
      return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z';
    }
    return Character.isLetterOrDigit(c);
  }
}
