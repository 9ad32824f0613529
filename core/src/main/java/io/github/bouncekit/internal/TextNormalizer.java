package io.github.bouncekit.internal;

/**
 * The one normal form that rule phrases and reply texts are matched in: lower case (char by char),
 * every run of white space one space, no leading or trailing space, typographic quotes as ASCII.
 */
public final class TextNormalizer {
  private TextNormalizer() {}

  /** The normal form of {@code s}. */
  public static String normalize(CharSequence s) {
    int n = s.length();
    char[] out = new char[n];
    int o = 0;
    boolean space = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 0x80 && (Character.isWhitespace(c) || Character.isSpaceChar(c))) {
        space = o > 0;
        continue;
      }
      if (space) {
        out[o++] = ' ';
        space = false;
      }
      out[o++] = fold(c);
    }
    return new String(out, 0, o);
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
