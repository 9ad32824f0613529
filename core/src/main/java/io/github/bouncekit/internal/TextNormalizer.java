package io.github.bouncekit.internal;

/**
 * The one normal form that rule phrases and reply texts are matched in: lower case (char by char),
 * every run of white space one space, no leading or trailing space, typographic quotes as ASCII,
 * Latin letters without diacritics ("é" is "e"), contractions written out ("doesn't" is "does
 * not", "can't" is "can not"). Words spelled several
 * ways ("e-mail" and "email", "mail box" and "mailbox", "cannot" and "can not", "recognised" and
 * "recognized") are not changed in the text: a phrase is matched in each of its {@link
 * #spellings(String) spellings} instead.
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
    // Where the apostrophes are: the contractions build() writes out. Most texts have none, and
    // then no word is read again.
    private int[] apostrophes = new int[8];
    private int apostropheCount;
    private final boolean[] again = new boolean[1];

    /** Starts a new text. */
    public Builder reset() {
      o = 0;
      space = false;
      apostropheCount = 0;
      return this;
    }

    /** Appends the normal form of {@code s}, as if it followed what was appended before. */
    public Builder append(CharSequence s) {
      int n = s.length();
      if (o + n + 1 > out.length) { // + 1: a space left pending before
        out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, o + n + 1));
      }
      if (s instanceof String text) {
        appendText(text);
        return this;
      }
      for (int i = 0; i < n; i++) {
        put(s.charAt(i));
      }
      return this;
    }

    // append() of a String, with room made for it: what put() does for each character, with a
    // printable ASCII character (most of them) written at once and a run of white space read in
    // one go.
    private void appendText(String s) {
      char[] out = this.out;
      int o = this.o;
      int n = s.length();
      int i = 0;
      if (space) {
        while (i < n && isSpace(s.charAt(i))) {
          i++;
        }
        if (i < n) {
          out[o++] = ' ';
          space = false;
        }
      }
      for (; i < n; i++) {
        char c = s.charAt(i);
        if (c > ' ' && c < 0x7f) {
          if (c >= 'A' && c <= 'Z') {
            c += 32;
          } else if (c == '\'') {
            markApostrophe(o);
          }
          out[o++] = c;
          continue;
        }
        if (isSpace(c)) {
          int j = i + 1;
          while (j < n && isSpace(s.charAt(j))) {
            j++;
          }
          if (j == n) {
            space = o > 0; // written before the next character appended, if one comes
          } else if (o > 0) {
            out[o++] = ' ';
          }
          i = j - 1;
          continue;
        }
        char f = fold(c);
        if (f == '\'') {
          markApostrophe(o);
        }
        out[o++] = f;
      }
      this.o = o;
    }

    // What put() reads as white space.
    private static boolean isSpace(char c) {
      return c <= ' ' || c >= 0x80 && wideSpace(c);
    }

    /** Appends a number's decimal digits. */
    public Builder append(int number) {
      if (number < 0) {
        return append(Integer.toString(number));
      }
      // Digits fold to themselves: written straight, after the space a run of white space left.
      int digits = 1;
      for (int rest = number / 10; rest > 0; rest /= 10) {
        digits++;
      }
      if (o + digits + 1 > out.length) {
        out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, o + digits + 1));
      }
      if (space) {
        out[o++] = ' ';
        space = false;
      }
      for (int k = o + digits - 1; k >= o; k--) {
        out[k] = (char) ('0' + number % 10);
        number /= 10;
      }
      o += digits;
      return this;
    }

    /** Appends one character. */
    public Builder append(char c) {
      put(c);
      return this;
    }

    // One character of the input: a run of white space becomes one space before the next word
    // (none at the start), any other character its folded form. Kept small, the rare cases in
    // methods of their own, so that the JIT inlines it wherever it is called.
    private void put(char c) {
      if (isSpace(c)) {
        space = o > 0;
        return;
      }
      if (space || o == out.length) {
        makeRoom();
      }
      char f = c < 0x80 ? c >= 'A' && c <= 'Z' ? (char) (c + 32) : c : fold(c);
      if (f == '\'') {
        markApostrophe(o);
      }
      out[o++] = f;
    }

    // Writes the space a run of white space left, and makes room for one more character.
    private void makeRoom() {
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
    }

    // Notes an apostrophe about to be written at index i: build() reads the contractions there.
    private void markApostrophe(int i) {
      if (apostropheCount == apostrophes.length) {
        apostrophes = java.util.Arrays.copyOf(apostrophes, apostropheCount * 2);
      }
      apostrophes[apostropheCount++] = i;
    }

    /** The normal form of everything appended since the last reset. */
    public String build() {
      if (apostropheCount == 0) {
        return new String(out, 0, o);
      }
      again[0] = false;
      String written = contractionsOnce(out, o, apostrophes, apostropheCount, again);
      if (written == null) {
        return new String(out, 0, o);
      }
      return again[0] ? contractions(written) : written;
    }
  }

  /** The normal form of {@code s}. */
  public static String normalize(CharSequence s) {
    return new Builder().append(s).build();
  }

  // Contractions: the word before "n't" and what it stands for when it is not the word plus
  // " not".
  private static final String[][] NOT_CONTRACTIONS = {
    {"ca", "can not"}, {"wo", "will not"}, {"sha", "shall not"}
  };
  // Other contractions: the ending and the word it stands for.
  private static final String[][] CONTRACTIONS = {
    {"'re", " are"}, {"'ve", " have"}, {"'ll", " will"}, {"'m", " am"}, {"'d", " would"}
  };
  // Words whose "'s" is "is" (a possessive "'s" stays).
  private static final String[] IS_CONTRACTIONS = {
    "it", "that", "there", "here", "what", "who", "he", "she", "this"
  };

  // Writes out the contractions of a text that went through one round and left one that followed
  // another ("you're're"), until none is left.
  private static String contractions(String text) {
    boolean[] again = {true};
    for (int round = 0; round < 4 && again[0]; round++) {
      char[] in = text.toCharArray();
      int count = 0;
      for (char c : in) {
        count += c == '\'' ? 1 : 0;
      }
      int[] at = new int[count];
      count = 0;
      for (int i = 0; i < in.length; i++) {
        if (in[i] == '\'') {
          at[count++] = i;
        }
      }
      again[0] = false;
      String next = contractionsOnce(in, in.length, at, count, again);
      if (next == null) {
        break;
      }
      text = next;
    }
    return text;
  }

  // One round: each apostrophe between word characters that ends a contraction ("doesn't",
  // "can't", "won't", "you're", "we've", "it's") is written out ("does not", "can not", "will
  // not", "you are", "we have", "it is"); a possessive "'s" and any other apostrophe stay. Null
  // when nothing changes; again[0] is set when an apostrophe right after a written-out
  // contraction is left for another round.
  private static String contractionsOnce(char[] in, int n, int[] at, int count, boolean[] again) {
    StringBuilder b = null;
    int copied = 0;
    for (int k = 0; k < count; k++) {
      int a = at[k];
      if (a == 0 || a + 1 >= n || !isWordChar(in[a - 1]) || !isWordChar(in[a + 1])) {
        continue;
      }
      if (a <= copied) {
        again[0] = true; // its word was part of the contraction just written out
        continue;
      }
      int start = a - 1;
      while (start > copied && isWordChar(in[start - 1])) {
        start--;
      }
      if (start > 0 && isWordChar(in[start - 1])) {
        again[0] = true; // the word began in the contraction just written out
        continue;
      }
      int end = a + 1;
      while (end < n && isWordChar(in[end])) {
        end++;
      }
      String with = contraction(in, start, a, end);
      if (with != null) {
        if (b == null) {
          b = new StringBuilder(n + 16);
        }
        b.append(in, copied, start - copied).append(with);
        copied = end;
        if (start > 0 && in[start - 1] == '\'' || end < n && in[end] == '\'') {
          again[0] = true; // "doesn'tn't": the words around may make another contraction now
        }
      }
    }
    return b == null ? null : b.append(in, copied, n - copied).toString();
  }

  // The written-out form of in[start, end) with its apostrophe at apostrophe; null when it is no
  // contraction.
  private static String contraction(char[] in, int start, int apostrophe, int end) {
    int len = apostrophe - start;
    int after = end - apostrophe - 1;
    if (after == 1 && in[apostrophe + 1] == 't' && len >= 2 && in[apostrophe - 1] == 'n') {
      String base = new String(in, start, len - 1);
      for (String[] c : NOT_CONTRACTIONS) {
        if (c[0].equals(base)) {
          return c[1];
        }
      }
      return base + " not";
    }
    if (after == 1 && in[apostrophe + 1] == 's') {
      for (String w : IS_CONTRACTIONS) {
        if (w.length() == len && regionIs(in, start, apostrophe, w)) {
          return w + " is";
        }
      }
      return null; // a possessive
    }
    for (String[] c : CONTRACTIONS) {
      if (c[0].length() == end - apostrophe && regionIs(in, apostrophe, end, c[0])) {
        return new String(in, start, len) + c[1];
      }
    }
    return null;
  }

  private static boolean regionIs(char[] in, int from, int n, String s) {
    if (from < 0 || from + s.length() > n) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (in[from + k] != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  // Words written several ways, each group's ways interchangeable where the first of them starts
  // a word.
  private static final String[][] SPELLINGS = {
    {"email", "e-mail"},
    {"mailbox", "mail box", "mail-box", "inbox"},
    {"temporarily", "temporary"},
    {"disabled", "deactivated"},
    {"invalid", "not valid"},
    {"cannot", "can not"},
    // contractions typed without their apostrophe ("This user doesnt have a ... account")
    {"does not", "doesnt"}, {"do not", "dont"}, {"did not", "didnt"}, {"is not", "isnt"},
    {"are not", "arent"}, {"was not", "wasnt"}, {"could not", "couldnt"},
    {"blocklist", "block list", "block-list"}, {"blacklist", "black list", "black-list"},
    {"denylist", "deny list", "deny-list"}, {"allowlist", "allow list", "allow-list"},
    {"whitelist", "white list", "white-list"},
    {"behavior", "behaviour"}, {"favor", "favour"}, {"honor", "honour"}, {"labor", "labour"},
    {"neighbor", "neighbour"}, {"color", "colour"}
  };
  // Stems written with "iz" in American and "is" in British spelling before e, a or i
  // ("recognized", "organisation", "authorizing").
  private static final String[] IZ_STEMS = {
    "recogn", "author", "organ", "initial", "custom", "synchron", "normal", "util", "optim",
    "categor", "apolog", "real", "minim", "maxim", "priorit", "final", "local", "special",
    "standard", "character", "legal", "central", "summar"
  };
  // A mailbox, user, host or domain and the state it is in, with or without a verb between. Not
  // the sender, an address or an IP: "Sender was rejected" is a report, "Sender rejected" a reason;
  // "the list address was not found in the To: header" is no unknown recipient; "Sender IP
  // rejected: sending IP has insufficient reputation" is no block.
  private static final java.util.regex.Pattern STATE =
      java.util.regex.Pattern.compile(
          "\\b(user|users|account|mailbox|mail box|mail-box|inbox|recipient|host|domain"
              + "|message|email|e-mail|connection|server)( is| was| has been)? (unknown"
              + "|disabled|deactivated|invalid|inactive|blocked|suspended|unavailable|locked"
              + "|expired|closed|deleted|not found|rejected|blacklisted|blocklisted|listed"
              + "|denied|refused|full|over quota|restricted|terminated|frozen|not allowed"
              + "|not permitted|banned)\\b");
  // The states that read after "has been" ("has been disabled", not "has been unknown").
  private static final java.util.regex.Pattern PARTICIPLE =
      java.util.regex.Pattern.compile(
          "disabled|deactivated|blocked|suspended|locked|expired|closed|deleted|rejected"
              + "|blacklisted|blocklisted|listed|denied|refused|restricted|terminated|frozen"
              + "|banned");
  // The most spellings a phrase is matched in (the shipped phrases need at most 32: "mailbox
  // disabled" in 4 x 2 x 4 forms); a phrase that would have more keeps the first ones.
  private static final int MAX_SPELLINGS = 32;

  /**
   * The spellings a phrase in normal form is matched in: the phrase itself, then the same words
   * spelled the other ways the text may use, or replaced by words that mean the same in every
   * reply: "email" and "e-mail", "mailbox", "mail box", "mail-box" and "inbox", "temporarily" and
   * "temporary", "disabled" and "deactivated", "invalid" and "not valid", "blocklist", "block
   * list" and "block-list" (and so for blacklist, denylist, allowlist and whitelist), "cannot"
   * and "can not", American and British spellings of common words ("recognized" and
   * "recognised", "organization" and "organisation", "behavior" and "behaviour"), a mailbox's,
   * user's, host's or domain's state with or without its verb ("account disabled", "account is
   * disabled", "account has been disabled"), and for a phrase that starts with "not" the same
   * words after "cannot" (the text "cannot accept" holds "not accept" only as part of a word). At
   * most {@value MAX_SPELLINGS}.
   *
   * @param phrase a phrase in normal form
   * @return its spellings, the phrase first, without repeats
   */
  public static java.util.List<String> spellings(String phrase) {
    java.util.List<String> out = new java.util.ArrayList<>();
    out.add(phrase);
    for (String[] group : SPELLINGS) {
      // The spellings added are read again: a phrase may hold the word twice.
      for (int k = 0; k < out.size() && out.size() < 4 * MAX_SPELLINGS; k++) {
        String s = out.get(k);
        for (String from : group) {
          for (int at = wordAt(s, from, 0); at >= 0; at = wordAt(s, from, at + 1)) {
            for (String to : group) {
              if (!to.equals(from)) {
                add(out, s.substring(0, at) + to + s.substring(at + from.length()));
              }
            }
          }
        }
      }
    }
    // "account disabled", "account is disabled", "account was disabled", "account has been
    // disabled": a state said with or without its verb.
    for (int k = 0; k < out.size() && out.size() < 4 * MAX_SPELLINGS; k++) {
      String s = out.get(k);
      java.util.regex.Matcher m = STATE.matcher(s);
      if (m.find()) {
        String verb = m.group(2) == null ? "" : m.group(2);
        boolean participle = PARTICIPLE.matcher(m.group(3)).matches();
        for (String other : new String[] {"", " is", " was", " has been"}) {
          if (!other.equals(verb) && (participle || !other.equals(" has been"))) {
            add(out, s.substring(0, m.end(1)) + other + " " + s.substring(m.start(3)));
          }
        }
      }
    }
    int size = out.size();
    for (int k = 0; k < size; k++) {
      String s = out.get(k);
      String other = swapIz(s);
      if (other != null) {
        add(out, other);
      }
      if (s.startsWith("not ")) {
        add(out, "cannot " + s.substring(4));
      }
    }
    return out.size() > MAX_SPELLINGS ? out.subList(0, MAX_SPELLINGS) : out;
  }

  private static void add(java.util.List<String> out, String s) {
    if (!out.contains(s)) {
      out.add(s);
    }
  }

  // Where word begins a word of s at or after from (its end may run on: "emails"), or -1.
  private static int wordAt(String s, String word, int from) {
    for (int at = s.indexOf(word, from); at >= 0; at = s.indexOf(word, at + 1)) {
      if (at == 0 || !isWordChar(s.charAt(at - 1))) {
        return at;
      }
    }
    return -1;
  }

  // s with every "iz"/"is" after an IZ_STEMS stem and before e, a or i swapped; null when there
  // is none.
  private static String swapIz(String s) {
    char[] w = null;
    for (int i = 1; i + 2 < s.length(); i++) {
      char z = s.charAt(i);
      char next = s.charAt(i + 1);
      if (s.charAt(i - 1) != 'i' || z != 's' && z != 'z'
          || next != 'e' && next != 'a' && next != 'i') {
        continue;
      }
      for (String stem : IZ_STEMS) {
        int from = i - 1 - stem.length();
        if (from >= 0 && s.startsWith(stem, from)) {
          if (w == null) {
            w = s.toCharArray();
          }
          w[i] = z == 's' ? 'z' : 's';
          break;
        }
      }
    }
    return w == null ? null : new String(w);
  }

  private static boolean wideSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
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
        if (c >= LATIN_FROM && c < LATIN_FROM + LATIN_BASE.length) {
          return LATIN_BASE[c - LATIN_FROM];
        }
        return Character.toLowerCase(c);
    }
  }

  // Latin letters with diacritics (Latin-1 Supplement, Latin Extended-A and -B) in lower case
  // without their marks: "é" and "É" as "e", "ç" as "c", "ł" as "l", so that a reply written
  // without accents ("Usuario invalido", "Empfanger") matches a phrase written with them, and the
  // other way round. Letters that are not a base letter with marks ("ß", "æ", "þ") and the other
  // characters of the ranges only go to lower case.
  private static final char LATIN_FROM = '\u00C0';
  private static final char[] LATIN_BASE = new char[0x0250 - LATIN_FROM];

  static {
    for (int i = 0; i < LATIN_BASE.length; i++) {
      char c = (char) (LATIN_FROM + i);
      char lower = Character.toLowerCase(c);
      String d =
          java.text.Normalizer.normalize(String.valueOf(lower), java.text.Normalizer.Form.NFD);
      char base = lower;
      if (d.length() > 1 && d.charAt(0) < 0x80 && Character.isLetter(d.charAt(0))) {
        boolean marks = true;
        for (int k = 1; k < d.length(); k++) {
          marks &= Character.getType(d.charAt(k)) == Character.NON_SPACING_MARK;
        }
        if (marks) {
          base = d.charAt(0);
        }
      }
      switch (lower) {
        case '\u0142': // ł
          base = 'l';
          break;
        case '\u00F8': // ø
          base = 'o';
          break;
        case '\u0111': // đ
          base = 'd';
          break;
        default:
          break;
      }
      LATIN_BASE[i] = base;
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
