package io.github.bouncekit.internal;

/**
 * The one normal form that rule phrases and reply texts are matched in: lower case (char by char),
 * every run of white space one space, no leading or trailing space, typographic quotes as ASCII.
 */
public final class TextNormalizer {
  private TextNormalizer() {}

  /** The normal form of {@code s}. */
  public static String normalize(CharSequence s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c < 0x20) {
        space = b.length() > 0;
        continue;
      }
      if (space) {
        b.append(' ');
        space = false;
      }
      b.append(fold(c));
    }
    return b.toString();
  }

  private static char fold(char c) {
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
    return Character.isLetterOrDigit(c);
  }
}
