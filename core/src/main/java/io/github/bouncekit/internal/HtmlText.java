package io.github.bouncekit.internal;

/**
 * The HTML a reply or a bounce's text carries when it was copied from a web page, an HTML notice
 * or an application's HTML debug output: character references and a short list of tags. Each
 * question reads a bounded number of characters at one position, so a pass over a text that asks
 * at every position stays linear.
 */
final class HtmlText {
  private HtmlText() {}

  // Named references met in replies and notices, and the character each stands for.
  private static final String[] NAMED = {
    "&lt;", "&gt;", "&amp;", "&quot;", "&apos;", "&nbsp;", "&rsquo;", "&lsquo;", "&rdquo;",
    "&ldquo;", "&ndash;", "&mdash;"
  };
  private static final String NAMED_CHARS = "<>&\"' ''\"\"--";

  // The longest numeric reference read: "&#x" and six hex digits, or "&#" and seven digits, and
  // the ';'.
  private static final int MAX_NUMERIC = 10;

  /**
   * The character reference at {@code i} ("&amp;lt;", "&amp;#39;", "&amp;#x27;", ...): its length
   * in the high 16 bits and the character it stands for in the low 16, or -1 when none starts
   * there. A numeric reference to a control character stands for a space; one to a character
   * outside the Basic Multilingual Plane, to a surrogate or past U+10FFFF is not read.
   *
   * @param s the text
   * @param i a position in it
   * @return the length and character, packed, or -1
   */
  static int reference(String s, int i) {
    if (i + 3 >= s.length() || s.charAt(i) != '&') {
      return -1;
    }
    if (s.charAt(i + 1) == '#') {
      return numeric(s, i);
    }
    for (int k = 0; k < NAMED.length; k++) {
      String name = NAMED[k];
      if (s.regionMatches(true, i, name, 0, name.length())) {
        return name.length() << 16 | NAMED_CHARS.charAt(k);
      }
    }
    return -1;
  }

  private static int numeric(String s, int i) {
    int j = i + 2;
    boolean hex = j < s.length() && (s.charAt(j) == 'x' || s.charAt(j) == 'X');
    if (hex) {
      j++;
    }
    int start = j;
    int value = 0;
    int end = Math.min(s.length(), i + MAX_NUMERIC);
    while (j < end) {
      int d = Character.digit(s.charAt(j), hex ? 16 : 10);
      if (d < 0) {
        break;
      }
      value = value * (hex ? 16 : 10) + d;
      j++;
    }
    if (j == start || j >= s.length() || s.charAt(j) != ';' || value > 0xFFFF
        || value >= 0xD800 && value <= 0xDFFF) {
      return -1;
    }
    char c = value < 0x20 || value == 0x7f ? ' ' : (char) value;
    return j + 1 - i << 16 | c;
  }

  // Tags that break a line, and tags that only change how words look; both are read without
  // attributes or with attributes that hold no '<', '>', '@' or line break.
  private static final String[] BREAKING = {"br", "p", "div", "li", "tr", "pre", "ul", "ol"};
  private static final String[] INLINE = {
    "b", "strong", "i", "em", "u", "span", "code", "tt", "font", "small", "big", "a", "kbd"
  };
  private static final int MAX_TAG = 200;

  /**
   * The tag at {@code i} when it is one of a short list of HTML tags ({@code <br>}, {@code <p>},
   * {@code </p>}, {@code <b>}, {@code <span class="x">}, {@code <br />} ...): its length, negative
   * for a tag that breaks a line; 0 when none starts there. An address in angle brackets ({@code
   * <b@example.com>}) is no tag.
   *
   * @param s the text
   * @param i a position in it
   * @return the tag's length, negated for a line-breaking tag, or 0
   */
  static int tag(String s, int i) {
    int n = s.length();
    if (i + 2 >= n || s.charAt(i) != '<') {
      return 0;
    }
    int j = i + 1;
    if (s.charAt(j) == '/') {
      j++;
    }
    int nameStart = j;
    while (j < n && j - nameStart < 7 && isAsciiLetter(s.charAt(j))) {
      j++;
    }
    int nameEnd = j;
    if (nameEnd == nameStart || j >= n) {
      return 0;
    }
    boolean breaking = listed(BREAKING, s, nameStart, nameEnd);
    if (!breaking && !listed(INLINE, s, nameStart, nameEnd)) {
      return 0;
    }
    char c = s.charAt(j);
    if (c == ' ') {
      // Attributes start with a name ("<span class=x>"); "<U 0.5>" is no tag.
      while (j < n && s.charAt(j) == ' ') {
        j++;
      }
      if (j >= n || !isAsciiLetter(s.charAt(j)) && s.charAt(j) != '/') {
        return 0;
      }
    } else if (c != '>' && c != '/') {
      return 0;
    }
    if (!breaking && nameEnd - nameStart == 1 && nameStart == i + 1 && s.charAt(nameEnd) == '>'
        && !closedWithin(s, nameEnd + 1, s.charAt(nameStart))) {
      return 0; // "<a>" or "<b>" alone is an address or a placeholder, unless "</b>" follows
    }
    int limit = Math.min(n, i + MAX_TAG);
    while (j < limit) {
      c = s.charAt(j);
      if (c == '>') {
        return breaking ? -(j + 1 - i) : j + 1 - i;
      }
      if (c == '<' || c == '@' || c == '\n' || c == '\r') {
        return 0;
      }
      j++;
    }
    return 0;
  }

  /**
   * The target of a link tag ({@code <a href="https://example.com/unblock">}) of {@code length}
   * characters at {@code i}: its start in the high 32 bits and its end in the low 32, or -1 when
   * the tag is no link or names no target. The target is what a reader of the page would follow
   * (a delisting or unblocking page), so it stays in the text where the tag was.
   *
   * @param s the text
   * @param i the tag's start
   * @param length the tag's length ({@link #tag}, made positive)
   * @return the target's bounds, packed, or -1
   */
  static long linkTarget(String s, int i, int length) {
    int end = i + length - 1; // the '>'
    if (length < 4 || Character.toLowerCase(s.charAt(i + 1)) != 'a' || s.charAt(i + 2) != ' ') {
      return -1;
    }
    for (int k = i + 3; k + 5 <= end; k++) {
      if (s.regionMatches(true, k, "href=", 0, 5) && s.charAt(k - 1) == ' ') {
        int from = k + 5;
        char quote = from < end ? s.charAt(from) : ' ';
        int to;
        if (quote == '"' || quote == '\'') {
          from++;
          to = s.indexOf(quote, from);
          if (to < 0 || to > end) {
            return -1;
          }
        } else {
          to = from;
          while (to < end && s.charAt(to) != ' ') {
            to++;
          }
        }
        return to > from ? (long) from << 32 | to : -1;
      }
    }
    return -1;
  }

  // How far on a one-letter tag's closing tag is looked for.
  private static final int MAX_ELEMENT = 300;

  // Whether "</x>" (x the one-letter name, any case) starts within MAX_ELEMENT characters of from,
  // before the next "<x>" (so that a run of "<b><b><b>" costs a few characters each, not
  // MAX_ELEMENT).
  private static boolean closedWithin(String s, int from, char name) {
    char x = Character.toLowerCase(name);
    int end = Math.min(s.length() - 3, from + MAX_ELEMENT);
    for (int k = from; k <= end; k++) {
      if (s.charAt(k) != '<') {
        continue;
      }
      if (s.charAt(k + 1) == '/' && Character.toLowerCase(s.charAt(k + 2)) == x
          && s.charAt(k + 3) == '>') {
        return true;
      }
      if (Character.toLowerCase(s.charAt(k + 1)) == x && s.charAt(k + 2) == '>') {
        return false;
      }
    }
    return false;
  }

  private static boolean listed(String[] names, String s, int from, int to) {
    for (String name : names) {
      if (name.length() == to - from && s.regionMatches(true, from, name, 0, name.length())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }
}
