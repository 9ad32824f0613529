package io.github.bouncekit.internal;

import io.github.bouncekit.reply.SmtpReply;
import io.github.bouncekit.reply.SmtpStage;
import io.github.bouncekit.status.EnhancedStatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Parses SMTP replies (see {@link SmtpReply#parse(String)}). Every step is a bounded number of
 * forward scans with {@code indexOf}-style searches for fixed strings, so the cost is linear in the
 * input; no regular expressions are used.
 */
public final class ReplyParser {
  private ReplyParser() {}

  // Mutable state of one parse.
  private String body;
  private String remoteHost;
  private SmtpStage stage;
  private EnhancedStatusCode wrapperCode; // dsn=, "#5.1.1 smtp;" and the like
  private List<String> warnings; // made with the first warning: most replies have none

  /**
   * Parses a reply.
   *
   * @param input the reply, not null
   * @param cap the largest number of characters read
   * @return the reply
   */
  public static SmtpReply parse(String input, int cap) {
    boolean truncated = input.length() > cap;
    String s = truncated ? input.substring(0, cap) : input;
    ReplyParser p = new ReplyParser();
    String read = escapedLineBreaks(quotedPrintable(s));
    // One pass finds the wrapper readers' marks and whether the text needs normalising; a plain
    // text (the common case) then goes through unchanged, and those findings stay valid.
    int found = marksIn(read);
    p.body = undecorate(trimEnd(normalise(read, (found & NOT_NORMAL) == 0)));
    if (p.body == read) {
      p.marks = found & ~NOT_NORMAL;
      p.marksOf = read;
      p.normalOf = read;
    }
    if (truncated) {
      p.warn("input longer than " + cap + " characters; the rest was ignored");
    }
    p.unwrap();
    return p.build(truncated);
  }

  // Notes a warning for the reply; the list is made with the first one (most replies have none).
  private void warn(String warning) {
    if (warnings == null) {
      warnings = new ArrayList<>(2);
    }
    warnings.add(warning);
  }

  // Line breaks and spaces after the last word (a copy's final newline, an HTML notice's closing
  // "</p>") end nothing: a reader that wants its form on one line still finds it there.
  private static String trimEnd(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == ' ')) {
      end--;
    }
    return end == s.length() ? s : s.substring(0, end);
  }

  // A reply copied into a web page, an issue, a chat or an e-mail often comes dressed: in
  // backticks or a Markdown code fence, in quotes, after a list bullet, or quoted with "> " on
  // every line. The dress is taken off (nested dress too, up to four layers) before the wrappers
  // are read. A text that starts with a digit, the common case, is returned at once.
  private static final int MAX_DRESS_LAYERS = 4;

  static String undecorate(String s) {
    for (int layer = 0; layer < MAX_DRESS_LAYERS; layer++) {
      String t = undecorateOnce(s);
      if (t == s) {
        return s;
      }
      s = t;
    }
    return s;
  }

  private static String undecorateOnce(String s) {
    int n = s.length();
    int a = skipBlank(s, 0);
    if (a == n) {
      return s;
    }
    if (s.charAt(a) >= '0' && s.charAt(a) <= '9') {
      int t = timestampEnd(s, a);
      return t < 0 ? s : s.substring(t);
    }
    int z = n;
    while (z > a && (s.charAt(z - 1) == ' ' || s.charAt(z - 1) == '\n')) {
      z--;
    }
    if (z - a < 3) {
      return s;
    }
    char first = s.charAt(a);
    char last = s.charAt(z - 1);
    if (s.startsWith("```", a) && z - a >= 6 && s.startsWith("```", z - 3)) {
      int from = a + 3;
      int eol = s.indexOf('\n', from);
      if (eol > 0 && eol < z - 3 && fenceInfo(s, from, eol)) {
        from = eol + 1; // "```text" names the block's language
      }
      return s.substring(from, z - 3).strip();
    }
    if (first == '|' && last == '|' && z - a > 2 && s.indexOf('\n', a) < 0) {
      return tableRow(s, a, z);
    }
    if (first == '{' && last == '}' && s.charAt(skipBlank(s, a + 1)) == '"') {
      // A JSON object; a Python dict's keys are in single quotes ({'a@example.net': (550, ...)}).
      String value = jsonReply(s, a, z);
      return value == null ? s : trimEnd(normalise(value));
    }
    if (first == '"' && last == '"' && s.indexOf('\\', a) >= 0) {
      StringBuilder b = new StringBuilder(z - a);
      if (jsonString(s, a, z, b) == z) {
        return trimEnd(normalise(b.toString().strip())); // "550 5.2.2 Mailbox\n is full"
      }
    }
    if (first == '`' && last == '`' || first == '"' && last == '"'
        || first == '\'' && last == '\'' || first == '\u201c' && last == '\u201d'
        || first == '\u2018' && last == '\u2019') {
      return s.substring(a + 1, z - 1).strip();
    }
    if ((first == '(' && last == ')' || first == '[' && last == ']')
        && startsLikeReply(s, skipSpaces(s, a + 1))) {
      return s.substring(a + 1, z - 1).strip(); // "(5.7.1 Try again later)", "[550 ...]"
    }
    if (isBullet(first) && s.charAt(a + 1) == ' ') { // Exim's "** " has no space after one star
      return unprefixLines(s.substring(a, z), first);
    }
    if (first == '>') {
      return unquoteLines(s.substring(a, z));
    }
    for (String label : RESPONSE_LABELS) {
      if (s.regionMatches(true, a, label, 0, label.length())) {
        return s.substring(skipSpaces(s, a + label.length()), z);
      }
    }
    return s;
  }

  // A Markdown table's row ("| someone@example.net | 550 5.1.1 User unknown |", "| 550 | 5.1.1 |
  // User unknown |"): the cells from the first that starts like a reply, else every cell, joined
  // by spaces.
  private static String tableRow(String s, int a, int z) {
    List<String> cells = new ArrayList<>();
    int from = a + 1;
    for (int bar = s.indexOf('|', from); bar >= 0 && bar < z; bar = s.indexOf('|', from)) {
      String cell = s.substring(from, bar).strip();
      if (!cell.isEmpty()) {
        cells.add(cell);
      }
      from = bar + 1;
    }
    if (cells.isEmpty()) {
      return s; // "| |" holds no words to read
    }
    int start = 0;
    for (int k = 0; k < cells.size(); k++) {
      if (startsLikeReply(cells.get(k), 0)) {
        start = k;
        break;
      }
    }
    return String.join(" ", cells.subList(start, cells.size()));
  }

  // A reply inside a JSON object, as structured logs, webhooks and mail APIs write it
  // ({"error":"550 5.1.1 ..."}, {"event":"bounce","delivery-status":{"message":"550 ..."}}): the
  // first string value, decoded, that starts like a reply (after "smtp; " too), else the longest
  // one (a status word such as "bounced" beside it is the application's, not the server's); null
  // when s[a, z) is no JSON object (a string left open, an escape JSON does not have) or holds no
  // string value.
  private static String jsonReply(String s, int a, int z) {
    String best = null;
    StringBuilder b = new StringBuilder();
    int i = a;
    while (i < z) {
      char c = s.charAt(i);
      if (c != '"') {
        i++;
        continue;
      }
      b.setLength(0);
      int end = jsonString(s, i, z, b);
      if (end < 0) {
        return null;
      }
      int k = skipSpaces(s, end);
      boolean key = k < z && s.charAt(k) == ':';
      i = end;
      if (key || b.length() == 0) {
        continue;
      }
      String value = b.toString().strip();
      if (startsLikeReply(value, 0) || value.regionMatches(true, 0, "smtp;", 0, 5)
          && startsLikeReply(value, skipSpaces(value, 5))) {
        return value; // a DSN field's "smtp; 550 ..." (Amazon SES, Postmark) is a reply too
      }
      if (best == null || value.length() > best.length()) {
        best = value;
      }
    }
    return best;
  }

  // Decodes the JSON string literal that starts at s[i] ('"') into b; the index after its closing
  // quote, or -1 when it is not closed before limit or has an escape JSON does not define.
  private static int jsonString(String s, int i, int limit, StringBuilder b) {
    int j = i + 1;
    while (j < limit) {
      char c = s.charAt(j);
      if (c == '"') {
        return j + 1;
      }
      if (c != '\\') {
        b.append(c);
        j++;
        continue;
      }
      if (j + 1 >= limit) {
        return -1;
      }
      char e = s.charAt(j + 1);
      int at = "\"\\/bfnrt".indexOf(e);
      if (at >= 0) {
        b.append("\"\\/\b\f\n\r\t".charAt(at));
        j += 2;
      } else if (e == 'u' && j + 6 <= limit && isHex4(s, j + 2)) {
        b.append((char) Integer.parseInt(s, j + 2, j + 6, 16));
        j += 6;
      } else {
        return -1;
      }
    }
    return -1;
  }

  private static int skipBlank(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\n')) {
      i++;
    }
    return i;
  }

  private static boolean isHex4(String s, int from) {
    for (int k = from; k < from + 4; k++) {
      if (Character.digit(s.charAt(k), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  // The labels an application puts before the server's words ("Response from remote server:
  // invalid address"); their "from" and "server" are not the reply's.
  private static final String[] RESPONSE_LABELS = {
    "response from remote server:", "response from the remote server:", "response from server:",
    "response from the server:", "response from mail server:", "response from the mail server:",
    "remote server response:", "mail server response:", "smtp server response:", "server response:",
    "reply from remote server:", "reply from the remote server:", "reply from server:",
    "reply from the server:", "error message from server:", "error message from the server:",
    "message from server:", "message from the server:",
  };

  // Where the text starts after a log's leading timestamp and the space after it
  // ("2024-01-02 10:00:00 ", "2024-01-02T10:00:00.123Z ", "2024-01-02 10:00:00,123 +0100 "), or
  // -1 when the text does not start with one.
  private static final int[] TIMESTAMP_DIGITS = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};

  private static int timestampEnd(String s, int a) {
    int n = s.length();
    if (a + 19 >= n || s.charAt(a + 4) != '-' || s.charAt(a + 7) != '-'
        || s.charAt(a + 10) != ' ' && s.charAt(a + 10) != 'T' || s.charAt(a + 13) != ':'
        || s.charAt(a + 16) != ':') {
      return -1;
    }
    for (int k : TIMESTAMP_DIGITS) {
      char c = s.charAt(a + k);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    int i = a + 19;
    if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
      i++;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
    }
    if (i < n && s.charAt(i) == 'Z') {
      i++;
    } else if (i + 1 < n && (s.charAt(i) == '+' || s.charAt(i) == '-'
        || s.charAt(i) == ' ' && (s.charAt(i + 1) == '+' || s.charAt(i + 1) == '-'))) {
      int j = s.charAt(i) == ' ' ? i + 2 : i + 1;
      int digits = 0;
      while (j < n && (s.charAt(j) >= '0' && s.charAt(j) <= '9' || s.charAt(j) == ':')) {
        digits += s.charAt(j) == ':' ? 0 : 1;
        j++;
      }
      if (digits == 4) {
        i = j;
      }
    }
    if (i >= n || s.charAt(i) != ' ') {
      return -1;
    }
    return skipSpaces(s, i);
  }

  // Whether a reply's code starts at i: "550 ", "550-", "5.7.1 ".
  private static boolean startsLikeReply(String s, int i) {
    return codeTokenAt(s, i) > 0 || startsWithEnhancedCode(s, i);
  }

  // Letters, digits, '-', '+' and '_' only: the info string after a Markdown code fence.
  private static boolean fenceInfo(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '+' || c == '_' || c == ' ')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBullet(char c) {
    return c == '-' || c == '*' || c == '\u2022' || c == '\u00b7' || c == '\u2013'
        || c == '\u2014';
  }

  // The bullet and its space off every line that starts with them ("- 503 5.5.1 ...\n- 5.5.1 ...").
  private static String unprefixLines(String s, char bullet) {
    return cutLineStarts(s, (t, from, end) ->
        end - from >= 2 && t.charAt(from) == bullet && t.charAt(from + 1) == ' ' ? from + 2 : from);
  }

  // Where a line [from, end) of a text is to start instead of from.
  private interface LineStart {
    int at(String text, int from, int end);
  }

  // The text with each line's start moved to where the function says.
  private static String cutLineStarts(String s, LineStart start) {
    StringBuilder b = new StringBuilder(s.length());
    int from = 0;
    while (from <= s.length()) {
      int eol = s.indexOf('\n', from);
      int end = eol < 0 ? s.length() : eol;
      b.append(s, start.at(s, from, end), end);
      if (eol < 0) {
        break;
      }
      b.append('\n');
      from = eol + 1;
    }
    return b.toString();
  }

  // One level of e-mail quoting ("> " or ">") off every line, when every line that is not blank
  // carries it. Sendmail's transcript (">>> RCPT To:" and "<<< 550 ...") is no quoting: a line that
  // starts with ">>> " leaves the text as it is.
  private static String unquoteLines(String s) {
    int from = 0;
    while (from < s.length()) {
      int eol = s.indexOf('\n', from);
      int end = eol < 0 ? s.length() : eol;
      int i = from;
      while (i < end && s.charAt(i) == ' ') {
        i++;
      }
      if (i < end && (s.charAt(i) != '>' || s.startsWith(">>> ", i))) {
        return s;
      }
      from = end + 1;
    }
    return cutLineStarts(s, (t, at, end) -> {
      int i = at;
      while (i < end && t.charAt(i) == ' ') {
        i++;
      }
      if (i < end) {
        i++; // the '>'
        if (i < end && t.charAt(i) == ' ') {
          i++;
        }
      }
      return i;
    });
  }

  // A reply copied from an e-mail's source, where its text part is quoted-printable (RFC 2045):
  // decoded with Mime4j's decoder (soft line breaks joined, "=XX" octets read), the octets as
  // UTF-8, or Latin-1 when they are not UTF-8. Only a seven-bit text whose every '=' starts a soft
  // line break or two upper-case hex digits, and that shows a mark of the encoding (a soft line
  // break, "=3D" for '=' itself, or a UTF-8 sequence such as "=E2=80=99"), is read so:
  // "dsn=5.1.1", "a=b", "id=3F2A" or "?ip=203.0.113.2" stays as written.
  static String quotedPrintable(String s) {
    int first = s.indexOf('=');
    if (first < 0 || !quotedPrintableMark(s, first)) {
      return s;
    }
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return s; // quoted-printable is seven-bit
      }
      if (c != '=') {
        continue;
      }
      boolean lineBreak = i + 1 < n && s.charAt(i + 1) == '\n'
          || i + 2 < n && s.charAt(i + 1) == '\r' && s.charAt(i + 2) == '\n';
      if (!lineBreak && !(i + 2 < n && upperHex(s.charAt(i + 1)) >= 0
          && upperHex(s.charAt(i + 2)) >= 0)) {
        return s;
      }
    }
    byte[] octets;
    try (java.io.InputStream in = new org.apache.james.mime4j.codec.QuotedPrintableInputStream(
        new java.io.ByteArrayInputStream(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        org.apache.james.mime4j.codec.DecodeMonitor.SILENT)) {
      octets = in.readAllBytes();
    } catch (java.io.IOException e) {
      return s; // not thrown for bytes in memory
    }
    try {
      return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .decode(java.nio.ByteBuffer.wrap(octets)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return new String(octets, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  private static boolean quotedPrintableMark(String s, int from) {
    if (s.indexOf("=\n", from) >= 0 || s.indexOf("=\r\n", from) >= 0
        || s.indexOf("=3D", from) >= 0) {
      return true; // ("=20" is no mark: "?ip=203.0.113.2" is not quoted-printable)
    }
    for (int i = s.indexOf('=', from); i >= 0 && i + 5 < s.length(); i = s.indexOf('=', i + 1)) {
      int lead = upperHex(s.charAt(i + 1));
      int next = upperHex(s.charAt(i + 4));
      if (lead >= 0xC && upperHex(s.charAt(i + 2)) >= 0 && s.charAt(i + 3) == '='
          && next >= 0x8 && next <= 0xB && upperHex(s.charAt(i + 5)) >= 0) {
        return true; // a UTF-8 lead octet and a continuation octet: "=C3=A9", "=E2=80=99"
      }
    }
    return false;
  }

  private static int upperHex(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  // Line breaks written as escapes by a log or a JSON field ("...not authorized to\\r\\n550-5.7.1
  // send email ...", "...\\n550 5.7.1 ..."): "\r\n" (one or two backslashes before each letter)
  // anywhere, and "\n" alone when a code line or the end follows (after any white space), are line
  // breaks; a "\r" written out before a real line break or the end is dropped. Other backslashes
  // stay (a path such as "C:\new" is not a line break).
  static String escapedLineBreaks(String s) {
    int k = s.indexOf('\\');
    if (k < 0) {
      return s;
    }
    StringBuilder b = null;
    int n = s.length();
    int copied = 0;
    for (int i = k; i < n; i++) {
      if (s.charAt(i) != '\\') {
        continue;
      }
      int j = i + 1;
      if (j < n && s.charAt(j) == '\\') {
        j++;
      }
      if (j >= n) {
        break;
      }
      int end = -1;
      String put = "\n";
      if (s.charAt(j) == 'r' && (j + 1 == n || s.charAt(j + 1) == '\n')) {
        end = j + 1; // "\r" written out before a real line break or the end
        put = "";
      } else if (s.charAt(j) == 'r' && j + 1 < n && s.charAt(j + 1) == '\\') {
        int m = j + 2;
        if (m < n && s.charAt(m) == '\\') {
          m++;
        }
        if (m < n && s.charAt(m) == 'n') {
          end = m + 1;
        }
      } else if (s.charAt(j) == 'n') {
        // White space after the escape counts when a code line or the end follows it.
        int m = j + 1;
        while (m < n && (s.charAt(m) == ' ' || s.charAt(m) == '\t')) {
          m++;
        }
        char next = m < n ? s.charAt(m) : '0';
        if (next >= '0' && next <= '9') {
          end = j + 1;
        }
      }
      if (end < 0) {
        continue;
      }
      if (b == null) {
        b = new StringBuilder(n);
      }
      b.append(s, copied, i).append(put);
      copied = end;
      i = end - 1;
    }
    return b == null ? s : b.append(s, copied, n).toString();
  }

  // normalise() of a text whose marks nobody has read yet (a JSON value, a decoded string).
  private static String normalise(String s) {
    return normalise(s, (marksIn(s) & NOT_NORMAL) == 0);
  }

  // Whether s holds a character reference or a tag that normalise() reads (found with indexOf,
  // much faster than a test per character).
  private static boolean holdsHtml(String s) {
    for (int amp = s.indexOf('&'); amp >= 0; amp = s.indexOf('&', amp + 1)) {
      if (HtmlText.reference(s, amp) >= 0) {
        return true;
      }
    }
    for (int lt = s.indexOf('<'); lt >= 0; lt = s.indexOf('<', lt + 1)) {
      if (HtmlText.tag(s, lt) != 0) {
        return true;
      }
    }
    return false;
  }

  // Line ends to \n, tabs, other control characters and Unicode spaces (a web page's or an HTML
  // notice's no-break space) to spaces, runs of spaces to one; the HTML a reply copied from a page,
  // an HTML notice or an application's HTML output carries: character references ("&lt;",
  // "&#x27;", "&rsquo;" ...) to their characters, line-breaking tags ("<br>", "<p>", "</div>") to
  // line breaks, and inline tags ("<b>", "</span>") dropped (HtmlText).
  //
  // normal is true when marksIn(s) found nothing NOT_NORMAL: then only HTML can make a change.
  private static String normalise(String s, boolean normal) {
    if (normal && !holdsHtml(s)) {
      return s; // nothing to change: the common case
    }
    int n = s.length();
    char[] out = new char[n];
    int o = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c > ' ' && c < 0x7f && c != '&' && c != '<') {
        out[o++] = c; // a printable ASCII character that starts nothing: most of them
        continue;
      }
      if (c == '&') {
        int ref = HtmlText.reference(s, i);
        if (ref >= 0) {
          c = (char) ref;
          i += (ref >>> 16) - 1;
          if (c == ' ' || c >= 0x80 && unicodeSpace(c)) {
            if (o == 0 || out[o - 1] != ' ') {
              out[o++] = ' ';
            }
            continue;
          }
          out[o++] = c;
          continue;
        }
      } else if (c == '<') {
        int tag = HtmlText.tag(s, i);
        if (tag != 0) {
          int next = i + Math.abs(tag);
          if (tag < 0) {
            if (o > 0 && out[o - 1] == ' ') {
              o--; // "text <br>": the line ends with its text
            }
            if (o > 0 && out[o - 1] != '\n') {
              out[o++] = '\n';
            }
            // The line break the source wrote after the tag ("...<br>\n550-...") is the same one.
            int k = next;
            while (k < n && s.charAt(k) == ' ') {
              k++;
            }
            if (k < n && s.charAt(k) == '\r') {
              next = k + 1 < n && s.charAt(k + 1) == '\n' ? k + 2 : k + 1;
            } else if (k < n && s.charAt(k) == '\n') {
              next = k + 1;
            }
          } else {
            long link = HtmlText.linkTarget(s, i, tag);
            if (link >= 0) {
              // The link's words follow its target: "To unblock https://example.com/u Click here."
              if (o > 0 && out[o - 1] != ' ' && out[o - 1] != '\n') {
                out[o++] = ' ';
              }
              for (int k = (int) (link >>> 32); k < (int) link; k++) {
                out[o++] = s.charAt(k);
              }
              out[o++] = ' ';
            }
          }
          i = next - 1;
          continue;
        }
      }
      if (c >= 0x80 && unicodeSpace(c)) {
        c = ' ';
      }
      if (c == '\r') {
        out[o++] = '\n';
        if (i + 1 < n && s.charAt(i + 1) == '\n') {
          i++;
        }
      } else if (c == '\n') {
        out[o++] = '\n';
      } else if (c <= 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
        if (o == 0 || out[o - 1] != ' ') {
          out[o++] = ' '; // a run of white space is one space, so wrappers read words as printed
        }
      } else {
        out[o++] = c;
      }
    }
    return new String(out, 0, o);
  }

  // Line and paragraph separators and the space characters of Unicode (no-break, thin,
  // ideographic ...).
  private static boolean unicodeSpace(char c) {
    return c == '\u2028' || c == '\u2029' || Character.isSpaceChar(c);
  }

  // ---------------------------------------------------------------- wrappers

  // Wrappers nest ("host mx said: Remote Server returned '550 ...'"): the wrappers are taken off
  // again while a round changes the text, up to this many rounds, so that what a parse leaves is
  // a reply and not another wrapper.
  private static final int MAX_WRAPPER_ROUNDS = 4;

  private void unwrap() {
    String before = body;
    unwrapOnce();
    for (int round = 1; round < MAX_WRAPPER_ROUNDS && !body.equals(before); round++) {
      // The outer layer names the host that answered and the stage; an inner one does not
      // replace them.
      String host = remoteHost;
      SmtpStage st = stage;
      EnhancedStatusCode code = wrapperCode;
      before = body;
      unwrapOnce();
      remoteHost = host != null ? host : remoteHost;
      stage = st != null ? st : stage;
      wrapperCode = code != null ? code : wrapperCode;
    }
  }

  // Each wrapper reader's form holds certain characters ("said:" a colon, "{LED=" a brace, "smtp;"
  // a semicolon ...). One pass finds which of them the body holds, and a reader whose characters
  // are missing is not called: a plain reply goes past most readers without a search of its own.
  private static final int M_NEWLINE = 1;
  private static final int M_LT = 1 << 1;
  private static final int M_HASH = 1 << 2;
  private static final int M_SEMI = 1 << 3;
  private static final int M_COLON = 1 << 4;
  private static final int M_EQUALS = 1 << 5;
  private static final int M_STAR = 1 << 6;
  private static final int M_PAREN = 1 << 7;
  private static final int M_BRACE = 1 << 8;
  private static final int M_QUOTE = 1 << 9;
  private static final int M_UNDERSCORE = 1 << 10;
  private static final int M_PLUS = 1 << 11;

  private int marks; // marksOf's marks, kept while body does not change
  private String marksOf;
  // The input when normalising left it as it was: no control character but line breaks, no
  // Unicode space and no two spaces in a row. Kept while body is that string.
  private String normalOf;

  // True when the body holds any of the marks.
  private boolean any(int m) {
    if (marksOf != body) {
      marks = marksIn(body);
      marksOf = body;
    }
    return (marks & m) != 0;
  }

  // True when the body holds all of the marks.
  private boolean all(int m) {
    return any(m) && (marks & m) == m;
  }

  // Not a wrapper's mark: set by marksIn when the text holds a character normalise() changes (a
  // control character other than a line break, DEL, a Unicode space) or two spaces in a row.
  static final int NOT_NORMAL = 1 << 12;

  private static final int[] MARK = new int[128];

  static {
    MARK['\n'] = M_NEWLINE;
    MARK['<'] = M_LT;
    MARK['#'] = M_HASH;
    MARK[';'] = M_SEMI;
    MARK[':'] = M_COLON;
    MARK['='] = M_EQUALS;
    MARK['*'] = M_STAR;
    MARK['('] = M_PAREN;
    MARK['{'] = M_BRACE;
    MARK['\''] = M_QUOTE;
    MARK['_'] = M_UNDERSCORE;
    MARK['+'] = M_PLUS;
    for (char c = 0; c < ' '; c++) {
      MARK[c] |= c == '\n' ? 0 : NOT_NORMAL;
    }
    MARK[0x7f] = NOT_NORMAL;
  }

  static int marksIn(String s) {
    int m = s.indexOf("  ") >= 0 ? NOT_NORMAL : 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      m |= c < 128 ? MARK[c] : unicodeSpace(c) ? NOT_NORMAL : 0;
    }
    return m;
  }

  private void unwrapOnce() {
    if (any(M_PAREN)) {
      roundcube(); // "SMTP Error (550): ..."
      if (any(M_COLON)) {
        pearSmtp(); // "[SMTP: ... (code: 550, response: ...)]"
      }
    }
    thunderbird();
    symfonyMailer();
    if (any(M_PAREN | M_BRACE)) {
      lettre(); // "permanent error (550): ...", "Code { severity: ... }"
    }
    if (any(M_COLON)) {
      phpMailerDetail(); // "SMTP server error: ..."
      clientCommandLead(); // "Recipient command failed: ..."
    }
    if (any(M_COLON | M_UNDERSCORE)) {
      qmailLog(); // "failure: ...", "..._does_not_like_recipient./..."
    }
    if (any(M_PLUS)) {
      spaceEncoded('+');
    }
    if (any(M_UNDERSCORE)) {
      spaceEncoded('_');
    }
    if (any(M_STAR)) {
      swaksTranscript(); // before unfold(): swaks indents its command lines ("<** ")
    }
    if (any(M_NEWLINE)) {
      unfold();
      joinWrappedLogLine();
    }
    if (any(M_LT)) {
      sesExpired(); // "...minutes.<421 ...>"
    }
    if (any(M_PAREN)) {
      pythonTuple(); // "(550, b'...')"
    }
    if (any(M_COLON)) {
      ironPortResponse(); // "Response: ('550', ...)"
    }
    if (any(M_BRACE)) {
      exchangeErrorDetail(); // "{LED=550 ...}"
    }
    dotNetServerResponse();
    if (any(M_COLON)) {
      postfixRejectLog(); // "reject: ..."
    }
    if (any(M_EQUALS)) {
      postfixLogFields(); // "...; from=<a> to=<b>"
    }
    eximHostLine();
    if (all(M_LT | M_HASH | M_SEMI)) {
      angleHostHash(); // "<host #5.0.0 smtp;...>"
    }
    if (any(M_HASH)) {
      exchangeHostHash(); // "host #550 ..."
    }
    if (any(M_COLON)) {
      remoteHostSaid(); // "Remote host said: ..."
    }
    postfixConnect();
    if (any(M_COLON)) {
      javaMailConnect(); // "Could not connect to SMTP host: ..."
      javaException(); // "...Exception: 550 ..."
    }
    if (any(M_EQUALS)) {
      postfixLogLine(); // "status=bounced (...)"
      sendmailLogLine(); // "reject=550 5.7.1 ...", "dsn=5.1.1, stat=User unknown"
    }
    if (any(M_COLON)) {
      diagnosticCode(); // "Diagnostic-Code: ..."
    }
    if (any(M_QUOTE)) {
      exchangeRemoteServer(); // "Remote Server returned '...'"
      quotedReply(); // "550-'...'"
    }
    if (any(M_COLON)) {
      postfixSaid(); // "... said: ..."
    }
    if (any(M_PAREN)) {
      inReplyTo(); // "(in reply to RCPT TO command)"
    }
    if (any(M_EQUALS | M_STAR)) {
      eximLogLine(); // " == ", " ** "
    }
    exim();
    msmtp();
    mdaemonTranscript();
    sendmailTranscript();
    if (any(M_SEMI)) {
      diagnosticType(); // "smtp; ..."
    }
    if (any(M_HASH)) {
      exchangeHashCode(); // "#5.1.1 ..."
    }
  }

  private String lowerBody; // lowerSameLength(lowerOf), kept while body does not change
  private String lowerOf;

  private String lower() {
    if (lowerOf != body) {
      lowerBody = lowerSameLength(body);
      lowerOf = body;
    }
    return lowerBody;
  }

  // s.lastIndexOf(needle, from), found with forward searches: String.indexOf is compiled to vector
  // instructions, String.lastIndexOf compares character by character.
  static int lastIndexOf(String s, String needle, int from) {
    int last = -1;
    for (int k = s.indexOf(needle); k >= 0 && k <= from; k = s.indexOf(needle, k + 1)) {
      last = k;
    }
    return last;
  }

  // Lower case char by char, so indexes into the result are indexes into the input
  // (String.toLowerCase turns U+0130 into two characters). For a Latin-1 text this is what
  // String.toLowerCase does; one pass over a copy of the characters does it without a first pass
  // that tests every character for Latin-1 (10 % of parsing in a profile).
  static String lowerSameLength(String s) {
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z' || c > 0x7f) {
        break;
      }
      i++;
    }
    if (i == n) {
      return s;
    }
    char[] c = s.toCharArray();
    boolean changed = false;
    for (; i < n; i++) {
      char ch = c[i];
      if (ch >= 'A' && ch <= 'Z') {
        c[i] = (char) (ch + 32);
        changed = true;
      } else if (ch > 0x7f) {
        char low = Character.toLowerCase(ch);
        changed |= low != ch;
        c[i] = low;
      }
    }
    return changed ? new String(c) : s;
  }

  // Lines that start with white space continue the line before (RFC 5322 folding, the way
  // Postfix and Exim wrap a reply in a bounce's text). A multi-line reply folded so ends up on one
  // line, which the joined-line reading below splits again at its codes.
  private void unfold() {
    if (body.indexOf("\n ") < 0 && body.indexOf("\n\t") < 0) {
      return;
    }
    StringBuilder b = new StringBuilder(body.length());
    int n = body.length();
    for (int i = 0; i < n; i++) {
      char c = body.charAt(i);
      if (c == '\n' && i + 1 < n && (body.charAt(i + 1) == ' ' || body.charAt(i + 1) == '\t')
          && b.length() > 0 && b.charAt(b.length() - 1) != '\n') {
        int j = i + 1;
        while (j < n && (body.charAt(j) == ' ' || body.charAt(j) == '\t')) {
          j++;
        }
        boolean stackFrame = body.startsWith("at ", j) && body.indexOf('(', j) > 0;
        // An indented session transcript (">>> RCPT TO:<x>", "<<< 550 ...") keeps its lines.
        boolean transcript = body.startsWith(">>> ", j) || body.startsWith("<<< ", j);
        if (j < n && body.charAt(j) != '\n' && !stackFrame && !transcript) {
          b.append(' ');
          i = j - 1;
          continue;
        }
      }
      b.append(c);
    }
    body = b.toString();
  }

  // A mail server's log line that a narrow terminal, an e-mail or a page wrapped ("May 11 23:51:51
  // mx sm-mta[11346]:\nq4BN...: to=<a@example.org>,\ndelay=00:00:01, ... dsn=5.7.1,\nstat=Service
  // unavailable", "NOQUEUE: reject: RCPT from\nmail.example.com[...]: 550 5.1.1\n<a@...>: ..."):
  // when the first line starts like a log record and no later line starts a record, a reply, a
  // transcript line or a paragraph of its own, the lines are one record and are joined.
  private void joinWrappedLogLine() {
    if (!startsLikeLogRecord(body, 0)) {
      return;
    }
    StringBuilder b = new StringBuilder(body.length());
    int from = 0;
    int n = body.length();
    while (from <= n) {
      int nl = body.indexOf('\n', from);
      int end = nl < 0 ? n : nl;
      int a = skipSpaces(body, from);
      if (from > 0 && (a >= end || startsLikeLogRecord(body, a) || codeTokenAt(body, a) > 0
          || startsWithEnhancedCode(body, a) || body.startsWith(">>> ", a)
          || body.startsWith("<<< ", a))) {
        return;
      }
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(body, a, end);
      if (nl < 0) {
        break;
      }
      from = nl + 1;
    }
    body = b.toString();
  }

  private static final String[] MONTHS = {
    "Jan ", "Feb ", "Mar ", "Apr ", "May ", "Jun ", "Jul ", "Aug ", "Sep ", "Oct ", "Nov ", "Dec "
  };

  // Whether a syslog record ("May 11 23:51:51 ", "Oct  3 15:40:44 ") or Postfix's record without
  // it ("NOQUEUE: reject: ", "milter-reject: ") starts at i.
  private static boolean startsLikeLogRecord(String s, int i) {
    if (s.startsWith("NOQUEUE: reject: ", i) || s.startsWith("milter-reject: ", i)) {
      return true;
    }
    if (i + 16 > s.length()) {
      return false;
    }
    boolean month = false;
    for (int k = 0; k < MONTHS.length && !month; k++) {
      month = s.startsWith(MONTHS[k], i);
    }
    if (!month) {
      return false;
    }
    // The day (" 3", "03", or "3" where a copy collapsed the spaces), then "HH:MM:SS ".
    int d = i + 4;
    if (s.charAt(d) == ' ') {
      d++;
    }
    int day = d;
    while (d < day + 2 && Character.isDigit(s.charAt(d))) {
      d++;
    }
    String form = " 99:99:99 ";
    if (d == day || d + form.length() > s.length()) {
      return false;
    }
    for (int k = 0; k < form.length(); k++) {
      char c = s.charAt(d + k);
      if (form.charAt(k) == '9' ? c < '0' || c > '9' : c != form.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  // Nodemailer's errors name the command the reply answered: "Invalid login: 535 5.7.3
  // Authentication unsuccessful", "Mail command failed: 553 ...", "Recipient command failed: 550
  // ...", "Can't send mail - all recipients were rejected: 550 ...", "Data command failed: ...",
  // "Message failed: 554 ...".
  private static final String[][] CLIENT_LEADS = {
    {"invalid login: ", "AUTH"}, {"mail command failed: ", "MAIL FROM"},
    {"recipient command failed: ", "RCPT TO"},
    {"can't send mail - all recipients were rejected: ", "RCPT TO"},
    {"data command failed: ", "DATA"}, {"message failed: ", "DATA"},
    // PHPMailer's debug output: "SMTP ERROR: RCPT TO command failed: 550 ...".
    {"mail from command failed: ", "MAIL FROM"}, {"rcpt to command failed: ", "RCPT TO"},
    {"data end command failed: ", "DATA"}, {"auth command failed: ", "AUTH"},
    {"username command failed: ", "AUTH"}, {"password command failed: ", "AUTH"},
    {"user & password command failed: ", "AUTH"}, {"starttls command failed: ", "STARTTLS"},
    {"ehlo command failed: ", "EHLO"}, {"helo command failed: ", "HELO"},
  };

  private void clientCommandLead() {
    // Each lead starts with a letter, at the start of the text or after an "Error: " that does:
    // a text that starts otherwise (with its code, the common case) is not lower-cased for them.
    int first = 0;
    while (first < body.length() && Character.isWhitespace(body.charAt(first))) {
      first++;
    }
    if (first == body.length() || !Character.isLetter(body.charAt(first))) {
      return;
    }
    // Every lead ends with one of these words: one search each spares the case-blind comparison
    // of each lead on a reply that has none.
    String low = lower();
    if (low.indexOf("failed: ") < 0 && low.indexOf("invalid login: ") < 0
        && low.indexOf("were rejected: ") < 0) {
      return;
    }
    String t = body.stripLeading();
    int from = errorPrefix(t);
    for (String[] lead : CLIENT_LEADS) {
      int n = lead[0].length();
      if (t.regionMatches(true, from, lead[0], 0, n)
          && codeTokenAt(t, skipSpaces(t, from + n)) > 0) {
        SmtpStage.fromCommand(lead[1]).ifPresent(x -> stage = x);
        body = t.substring(skipSpaces(t, from + n));
        return;
      }
    }
  }

  // The length of an application's "Error: " or "Send Error: " before the client's message (a
  // few words of letters only, then "error: "), or 0.
  private static int errorPrefix(String t) {
    int limit = Math.min(t.length(), 24);
    for (int i = 0; i < limit; i++) {
      char c = t.charAt(i);
      if ((c == 'e' || c == 'E') && t.regionMatches(true, i, "error: ", 0, 7)) {
        return i + 7;
      }
      if (!Character.isLetter(c) && c != ' ') {
        return 0;
      }
    }
    return 0;
  }

  // qmail-send's log line: "failure: 192.0.2.1_does_not_like_recipient./Remote_host_said:_550_No
  // such_user/Giving_up_on_192.0.2.1./", where the report's spaces are written as '_' and its line
  // breaks as '/' (or the report alone: "Remote_host_said:_451_Temporary_local_problem"). Only read
  // when the report after the lead holds no space at all.
  private void qmailLog() {
    int i = 0;
    if (body.regionMatches(true, 0, "delivery ", 0, 9)) {
      int colon = body.indexOf(": ", 9);
      if (colon < 0 || !isDigits(body.substring(9, colon), 0)) {
        return;
      }
      i = colon + 2;
    }
    int lead;
    if (body.regionMatches(true, i, "failure: ", 0, 9)) {
      lead = i + 9;
    } else if (body.regionMatches(true, i, "deferral: ", 0, 10)) {
      lead = i + 10;
    } else if (i == 0 && body.regionMatches(true, 0, "remote_host_said:_", 0, 18)) {
      lead = 0; // the report alone, cut from such a line
    } else if (i == 0 && body.indexOf("./") >= 0 // both marks end so; else no lower-case copy
        && (lower().contains("_does_not_like_recipient./")
            || lower().contains("_does_not_like_sender./"))) {
      lead = 0; // the report cut from its line after the lead ("192.0.2.1_does_not_like_...")
    } else {
      return;
    }
    String rest = body.substring(lead).strip();
    if (rest.isEmpty() || rest.indexOf(' ') >= 0 || rest.indexOf('\n') >= 0
        || rest.indexOf('_') < 0) {
      return;
    }
    body = rest.replace('_', ' ').replace('/', '\n').strip();
  }

  // A reply in a log that writes spaces as '+' (the W3C format of IIS and Exchange SMTP logs:
  // "... RCPT - 550+5.7.60+SMTP;+Client+does+not+have+permissions+to+send+as+this+sender") or as
  // '_' (logs and webhook fields that keep a value to one token: "cause=450_4.7.0_Transmit_rate_
  // limit_exceeded", "550_5.1.1_User_unknown"): the word that starts with a reply code and the
  // separator (at the start of the text, after white space or after a field's '=') and holds at
  // least three separators, with each separator read as a space, is the reply.
  private void spaceEncoded(char sep) {
    if (hasOwnCode() || body.indexOf(sep) < 0) {
      return; // a reply that starts with its own code is not a log line
    }
    int n = body.length();
    for (int i = 0; i + 4 < n; i++) {
      char prev = i == 0 ? ' ' : body.charAt(i - 1);
      boolean wordStart = Character.isWhitespace(prev) || prev == '=';
      if (!wordStart || body.charAt(i + 3) != sep) {
        continue;
      }
      int code = digits3(body, i);
      if (code < 200 || code >= 600) {
        continue;
      }
      int end = i;
      int seps = 0;
      while (end < n && !Character.isWhitespace(body.charAt(end))) {
        seps += body.charAt(end) == sep ? 1 : 0;
        end++;
      }
      if (seps >= 3) {
        // The log's method field, a few words before, names the command ("AUTH aW5mbw== 504+...").
        String[] before = body.substring(0, i).trim().split("\\s+");
        for (int k = before.length - 1; k >= 0 && k >= before.length - 3 && stage == null; k--) {
          if (before[k].length() >= 4 && isCommand(before[k])) {
            SmtpStage.fromCommand(before[k]).ifPresent(st -> stage = st);
          }
        }
        body = body.substring(i, end).replace(sep, ' ').strip();
        return;
      }
      i = end;
    }
  }

  // PHP's PEAR Mail over Net_SMTP: "Failed to add recipient: a@example.com [SMTP: Invalid response
  // code received from server (code: 550, response: 5.7.1 Unable to relay)]". Mail's lead-in names
  // the command: "Failed to set sender", "Failed to add recipient", "Failed to send data",
  // "authentication failure", "Failed to connect". A code of -1 (no reply at all) is left alone.
  private static final String PEAR_CODE = "(code: ";
  private static final String PEAR_RESPONSE = ", response: ";

  private static final String[] PEAR_LEADS = {
    "failed to add recipient", "failed to set sender", "failed to send data",
    "authentication failure", "failed to connect",
  };
  private static final SmtpStage[] PEAR_STAGES = {
    SmtpStage.RCPT_TO, SmtpStage.MAIL_FROM, SmtpStage.DATA, SmtpStage.AUTH, SmtpStage.CONNECT,
  };

  // The stage of the first of the leads written before {@code at} in the lower-cased text, or null.
  private static SmtpStage stageNamedBefore(
      String low, int at, String[] leads, SmtpStage[] stages) {
    for (int k = 0; k < leads.length; k++) {
      if (low.lastIndexOf(leads[k], at) >= 0) {
        return stages[k];
      }
    }
    return null;
  }

  private void pearSmtp() {
    if (hasOwnCode()) {
      return;
    }
    int open = body.indexOf(PEAR_CODE);
    if (open < 0) {
      return;
    }
    int at = open + PEAR_CODE.length();
    int code = digits3(body, at);
    if (code < 200 || code > 599 || !body.startsWith(PEAR_RESPONSE, at + 3)) {
      return;
    }
    int from = at + 3 + PEAR_RESPONSE.length();
    int end = body.length();
    while (end > from && Character.isWhitespace(body.charAt(end - 1))) {
      end--;
    }
    if (end > from && body.charAt(end - 1) == ']') {
      end--;
    }
    if (end > from && body.charAt(end - 1) == ')') {
      end--;
    }
    SmtpStage st = stageNamedBefore(lower(), open, PEAR_LEADS, PEAR_STAGES);
    if (st != null) {
      stage = st;
    }
    body = code + " " + body.substring(from, end).strip();
  }

  // Python's smtplib error as printed: "(550, b'5.7.1 Message rejected')" or "(550, 'text')",
  // possibly after a lead-in; "\\n" inside the quoted bytes is a line break.
  private void pythonTuple() {
    if (hasOwnCode()) {
      return;
    }
    int open = body.indexOf('(');
    if (open < 0) {
      return;
    }
    int lastSingle = lastIndexOf(body, "')", body.length());
    int lastDouble = lastIndexOf(body, "\")", body.length());
    while (open >= 0) {
      int q = open + 4;
      int code = q + 1 < body.length() && body.startsWith(", ", q) ? digits3(body, open + 1) : -1;
      if (code >= 200 && code < 600) {
        int t = q + 2;
        boolean bytes = t < body.length() && body.charAt(t) == 'b';
        if (bytes) {
          t++;
        }
        if (t < body.length() && (body.charAt(t) == '\'' || body.charAt(t) == '"')) {
          char quote = body.charAt(t);
          int end = quote == '\'' ? lastSingle : lastDouble;
          if (end > t) {
            body = code + " " + pythonLiteral(body, t + 1, end, bytes);
            return;
          }
        }
      }
      open = body.indexOf('(', open + 1);
    }
  }

  // The text of a Python string or bytes literal's body as repr() writes it: \n a line break, \'
  // a quote, and in bytes \xc3\xa9 the UTF-8 bytes of "é" (in a string, \xe9 and \u00e9 are
  // the character itself). An escape it does not know stays as written.
  static String pythonLiteral(String s, int from, int to, boolean bytes) {
    StringBuilder b = new StringBuilder(to - from);
    java.io.ByteArrayOutputStream run = null; // the escaped bytes not yet decoded
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      int hex = -1;
      int width = 0;
      if (c == '\\' && i + 1 < to) {
        char e = s.charAt(i + 1);
        if (e == 'x' && i + 4 <= to) {
          hex = hexValue(s, i + 2, 2);
          width = 4;
        } else if (e == 'u' && !bytes && i + 6 <= to) {
          hex = hexValue(s, i + 2, 4);
          width = 6;
        }
      }
      if (hex >= 0 && bytes) {
        if (run == null) {
          run = new java.io.ByteArrayOutputStream();
        }
        run.write(hex);
        i += width;
        continue;
      }
      if (run != null && run.size() > 0) {
        b.append(new String(run.toByteArray(), java.nio.charset.StandardCharsets.UTF_8));
        run.reset();
      }
      if (hex >= 0) {
        b.append((char) hex);
        i += width;
      } else if (c == '\\' && i + 1 < to) {
        char e = s.charAt(i + 1);
        String plain = e == 'n' ? "\n" : e == 'r' ? "" : e == 't' ? "\t"
            : e == '\\' || e == '\'' || e == '"' ? String.valueOf(e) : null;
        b.append(plain == null ? s.substring(i, i + 2) : plain);
        i += 2;
      } else {
        b.append(c);
        i++;
      }
    }
    if (run != null && run.size() > 0) {
      b.append(new String(run.toByteArray(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  private static int hexValue(String s, int from, int digits) {
    int v = 0;
    for (int i = from; i < from + digits; i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v;
  }

  // Cisco IronPort (AsyncOS) bounce log: 'Reason: "5.1.0 - Unknown address error" Response:
  // "('550', ['There is no such active account.'])"': the server's reply is the tuple of its code
  // and its lines; the reason before it is the gateway's own guess. A code of '000' means no
  // server replied, and the reason ("5.1.2 - Bad destination host") is all there is.
  private void ironPortResponse() {
    if (hasOwnCode()) {
      return;
    }
    String low = lower();
    int r = low.indexOf("response:");
    int open = r < 0 ? -1 : low.indexOf("('", r);
    if (open < 0 || open - r > 16 || open + 8 > body.length() || body.charAt(open + 5) != '\''
        || body.charAt(open + 6) != ',') {
      return;
    }
    int bracket = open + 7;
    while (bracket < body.length() && Character.isWhitespace(body.charAt(bracket))) {
      bracket++;
    }
    int code = digits3(body, open + 2);
    int close = body.indexOf("])", bracket);
    if (code < 0 || close < 0 || body.charAt(bracket) != '[') {
      return;
    }
    StringBuilder text = new StringBuilder();
    String list = body.substring(bracket + 1, close);
    for (String piece : list.split("',\\s*'|\",\\s*\"")) {
      String t = piece.strip();
      if (t.startsWith("'") || t.startsWith("\"")) {
        t = t.substring(1);
      }
      if (t.endsWith("'") || t.endsWith("\"")) {
        t = t.substring(0, t.length() - 1);
      }
      t = t.replace('\n', ' ').replaceAll(" {2,}", " ").strip();
      if (!t.isEmpty()) {
        text.append(text.length() == 0 ? "" : "\n").append(t);
      }
    }
    int reason = low.lastIndexOf("reason:", r);
    String guess = "";
    if (reason >= 0) {
      int q1 = body.indexOf('"', reason);
      int q2 = q1 < 0 ? -1 : body.indexOf('"', q1 + 1);
      if (q1 >= 0 && q2 > q1 && q2 < r) {
        guess = body.substring(q1 + 1, q2).strip();
        int sp = guess.indexOf(' ');
        EnhancedStatusCode.tryParse(sp < 0 ? guess : guess.substring(0, sp))
            .ifPresent(c -> wrapperCode = c);
      }
    }
    if (code >= 200 && code < 600) {
      body = code + " " + text;
    } else if (!guess.isEmpty()) {
      int dash = guess.indexOf(" - ");
      body = dash > 0 ? guess.substring(0, dash) + " " + guess.substring(dash + 3) : guess;
    }
  }

  // Exchange's message tracking and queue views: "Reason: [{LED=550 5.2.1 Message deleted by the
  // transport rules agent};{MSG=};{FQDN=mx.example.net};{IP=192.0.2.1};{LRT=...}]" and "LastError :
  // [{LRT=...};{LED=450 4.7.0 ...": the LED field (last error description) is the reply, and FQDN
  // names the host when there is one.
  private void exchangeErrorDetail() {
    if (hasOwnCode()) {
      return;
    }
    int led = body.indexOf("{LED=");
    if (led < 0 || codeTokenAt(body, led + 5) < 0 && !startsWithEnhancedCode(body, led + 5)) {
      return;
    }
    int end = body.indexOf("};{", led);
    if (end < 0) {
      end = body.indexOf("}]", led);
    }
    if (end < 0) {
      end = body.lastIndexOf('}');
      end = end > led ? end : body.length();
    }
    int fqdn = body.indexOf("{FQDN=", led);
    if (fqdn >= 0) {
      int e = body.indexOf('}', fqdn);
      String host = e < 0 ? "" : body.substring(fqdn + 6, e).strip();
      if (FactExtractor.isHostName(host)) {
        remoteHost = host;
      }
    }
    body = body.substring(led + 5, end).strip();
  }

  // .NET's SmtpException writes its own words for the reply code before the server's text: "Mailbox
  // unavailable. The server response was: 5.7.1 Unable to relay". Those words describe the code
  // (and the same words stand for 450 and 550), not the refusal, so only the server's text is read,
  // with the code they stand for when it is a single one. Also the German and Spanish messages.
  private void dotNetServerResponse() {
    if (hasOwnCode()) {
      return;
    }
    String low = lower();
    int at = -1;
    int len = 0;
    for (String marker : DOTNET_MARKERS) {
      int i = low.indexOf(marker);
      if (i >= 0 && (at < 0 || i < at)) {
        at = i;
        len = marker.length();
      }
    }
    if (at < 0) {
      return;
    }
    int from = at + len;
    if (from < body.length() && body.charAt(from) == ':') {
      from++;
    }
    String rest = body.substring(from).strip();
    if (rest.isEmpty()) {
      return; // nothing after the marker: the description is all there is
    }
    String lead = low.substring(0, at);
    int code = -1;
    for (String[] d : DOTNET_DESCRIPTIONS) {
      if (lead.contains(d[0])) {
        code = Integer.parseInt(d[1]);
        if (d.length > 2 && stage == null) {
          SmtpStage.fromCommand(d[2]).ifPresent(x -> stage = x);
        }
        break;
      }
    }
    body = code > 0 && codeTokenAt(rest, 0) < 0 ? code + " " + rest : rest;
  }

  private static final String[] DOTNET_MARKERS = {
    "the server response was", "die serverantwort war", "la respuesta del servidor fue",
    "la réponse du serveur était", "a resposta do servidor foi", "la risposta del server è stata"
  };

  // SmtpStatusCode's descriptions in .NET's messages, with the code each stands for ("Mailbox
  // unavailable." stands for 450 and 550 and is left out) and the command when it names one.
  private static final String[][] DOTNET_DESCRIPTIONS = {
    {"syntax error, command unrecognized", "500"},
    {"syntax error in parameters or arguments", "501"},
    {"command not implemented", "502"},
    {"bad sequence of commands", "503"},
    {"command parameter not implemented", "504"},
    {"service not available, closing transmission channel", "421"},
    {"error in processing", "451"},
    {"insufficient system storage", "452"},
    {"client does not have permission to submit mail to this server", "454"},
    {"requires a secure connection or the client was not authenticated", "530"},
    {"sichere verbindung erforderlich", "530"},
    {"requiere una conexión segura", "530"},
    {"user not local", "551"},
    {"exceeded storage allocation", "552"},
    {"mailbox name not allowed", "553"},
    {"transaction failed", "554"},
    {"the server rejected the sender address", "553", "MAIL FROM"},
    {"the server rejected the recipient address", "550", "RCPT TO"},
  };

  // Postfix's own log of a rejection: "NOQUEUE: reject: RCPT from client[192.0.2.1]: 554 5.7.1
  // <b@c>: Relay access denied; from=<a@b> to=<b@c> proto=ESMTP helo=<client>" and
  // "milter-reject: END-OF-MESSAGE from client[192.0.2.1]: 4.7.1 Try again later; from=<...> ...".
  // The host named is the client, not a remote server; the trailing fields are not the reply.
  private void postfixRejectLog() {
    if (hasOwnCode()) {
      return;
    }
    String low = lower();
    int r = low.indexOf("reject: ");
    if (r < 0) {
      return;
    }
    if (low.startsWith("body ", r + 8) || low.startsWith("header ", r + 8)) {
      // cleanup's header and body checks: "reject: body <the line> from host[192.0.2.1]; from=<a>
      // to=<b> proto=ESMTP helo=<name>: 5.7.1 message content rejected"
      int helo = low.indexOf(" helo=<", r);
      int end = helo < 0 ? -1 : low.indexOf(">: ", helo);
      int eol = low.indexOf('\n', r);
      if (end >= 0 && (eol < 0 || eol > end)) {
        stage = SmtpStage.DATA;
        body = body.substring(end + 3);
      }
      return;
    }
    int from = low.indexOf(" from ", r);
    int close = from < 0 ? -1 : low.indexOf("]: ", from);
    int eol = low.indexOf('\n', r);
    if (close < 0 || eol >= 0 && eol < close) {
      return;
    }
    // "reject: from ..." names no command: " from " then starts inside the lead itself.
    int lead = r + "reject: ".length();
    String command = body.substring(lead, Math.max(from, lead)).trim();
    SmtpStage.fromCommand(command).ifPresent(st -> stage = st);
    if (command.equalsIgnoreCase("END-OF-MESSAGE")) {
      stage = SmtpStage.DATA;
    }
    String rest = body.substring(close + 3);
    int fields = rest.indexOf("; from=<");
    if (fields < 0) {
      fields = rest.indexOf("; from=");
    }
    body = fields < 0 ? rest : rest.substring(0, fields);
  }

  // The fields Postfix's smtpd writes after a logged rejection ("...: User unknown; from=<a@b>
  // to=<c@d> proto=ESMTP helo=<client>"), when the log line is quoted without the "NOQUEUE:
  // reject:" lead that postfixRejectLog reads: they name the envelope and the client, not the
  // reason, and "helo=<...>" would read as a complaint about the client's HELO name.
  private void postfixLogFields() {
    if (body.indexOf('=') < 0) {
      return; // no field at all: the common case, decided by one fast search
    }
    int end = body.length();
    while (end > 0 && body.charAt(end - 1) == ' ') {
      end--;
    }
    int semi = lastIndexOf(body, "; ", end);
    if (semi < 0 || body.indexOf('\n', semi) >= 0 || !isLogFields(lower(), semi + 2, end)) {
      return;
    }
    body = body.substring(0, semi);
  }

  // Whether low[from, end) is Postfix's field list: from=<..> to=<..> proto=WORD helo=<..>, each
  // optional but proto or helo present, in that order.
  private static boolean isLogFields(String low, int from, int end) {
    String[] names = {"from=", "to=", "proto=", "helo="};
    int i = from;
    int next = 0;
    boolean protoOrHelo = false;
    while (i < end) {
      int k = next;
      while (k < names.length && !low.startsWith(names[k], i)) {
        k++;
      }
      if (k == names.length) {
        return false;
      }
      i += names[k].length();
      int stop;
      if (i < end && low.charAt(i) == '<') {
        stop = low.indexOf('>', i);
        if (stop < 0 || stop >= end) {
          return false;
        }
        stop++;
      } else {
        stop = low.indexOf(' ', i);
        stop = stop < 0 || stop > end ? end : stop;
        if (stop == i) {
          return false;
        }
      }
      protoOrHelo |= k >= 2;
      next = k + 1;
      i = stop;
      if (i < end) {
        if (low.charAt(i) != ' ') {
          return false;
        }
        i++;
      }
    }
    return protoOrHelo;
  }

  // Exim's block under a failed address: "host mail.example.jp [192.0.2.90]" on a line of its
  // own, the reason ("retry timeout exceeded") on the next.
  private void eximHostLine() {
    if (!body.regionMatches(true, 0, "host ", 0, 5)) {
      return;
    }
    int eol = body.indexOf('\n');
    String first = (eol < 0 ? body : body.substring(0, eol)).trim();
    int open = first.indexOf(" [");
    if (open < 6 || !first.endsWith("]") || eol < 0) {
      return;
    }
    String host = first.substring(5, open).trim();
    if (host.indexOf(' ') >= 0 || !FactExtractor.isHostName(host)) {
      return;
    }
    remoteHost = host;
    body = body.substring(eol + 1);
  }

  // Exchange's and Outlook's notices close with the next server's reply in angle brackets after
  // the host that gave it and the status: "<mx.example.net #5.1.1 smtp;550 5.1.1 <x@example.net>:
  // Recipient address rejected: User unknown>" (the host may be left out: "< #5.0.0 smtp; 550
  // ...>"). Whatever comes before, the notice's own words, is not the reply.
  private void angleHostHash() {
    // After a reply's own codes, only a nested reply that follows them straight away counts
    // ("554 5.0.0 <mx #5.0.0 smtp;550 ...>"); a text without codes may hold it anywhere.
    int only = -1;
    if (hasOwnCode()) {
      only = skipSpaces(body, 4);
      int sp = body.indexOf(' ', only);
      if (sp > only && EnhancedStatusCode.tryParse(body, only, sp).isPresent()) {
        only = skipSpaces(body, sp);
      }
      if (only >= body.length() || body.charAt(only) != '<') {
        return;
      }
    }
    int from = 0;
    int semi;
    while ((semi = body.indexOf(';', from)) >= 0) {
      from = semi + 1;
      if (semi < 4 || !body.regionMatches(true, semi - 4, "smtp", 0, 4)) {
        continue;
      }
      int codeEnd = semi - 4;
      while (codeEnd > 0 && body.charAt(codeEnd - 1) == ' ') {
        codeEnd--;
      }
      // Searched back a bounded way (a status is at most 11 characters, a host name at most 253),
      // so that a text of many "smtp;" stays linear.
      int hash = lastIndexWithin(body, '#', codeEnd - 1, 12);
      int open = hash < 0 ? -1 : lastIndexWithin(body, '<', hash - 1, 256);
      if (open < 0 || only >= 0 && open != only
          || EnhancedStatusCode.tryParse(body, hash + 1, codeEnd).isEmpty()) {
        continue;
      }
      String host = body.substring(open + 1, hash).trim();
      // An address literal ("<[192.0.2.1] #5.0.0 smtp;...>") names no host.
      String inner = host.length() > 2 && host.charAt(0) == '[' && host.endsWith("]")
          ? host.substring(1, host.length() - 1)
          : "";
      boolean literal = FactExtractor.isIpv4(inner) || FactExtractor.isIpv6(inner);
      if (!host.isEmpty() && !literal && !FactExtractor.isHostName(host)) {
        continue;
      }
      int start = skipSpaces(body, semi + 1);
      if (start < body.length() && body.charAt(start) == '\n') {
        start = skipSpaces(body, start + 1); // the reply wrapped onto the next line
      }
      // The next server's reply, or the relay's own account of it ("5.3.0 - Other mail system
      // problem 550-'5.7.0 ...'"), which the quoted-reply reader takes apart in the next round.
      if (codeTokenAt(body, start) < 0 && !startsWithEnhancedCode(body, start)) {
        continue;
      }
      int close = body.lastIndexOf('>');
      int after = close + 1;
      while (after < body.length()
          && (Character.isWhitespace(body.charAt(after))
              || "'\")".indexOf(body.charAt(after)) >= 0)) {
        after++;
      }
      // The closing '>' ends the reply when nothing but white space or a wrapper's closing quote
      // follows it.
      int end = close > start && after == body.length() ? close : body.length();
      wrapperCode = EnhancedStatusCode.tryParse(body, hash + 1, codeEnd).get();
      if (!host.isEmpty() && !literal) {
        remoteHost = host;
      }
      body = body.substring(start, end).strip();
      return;
    }
  }

  // The last index of {@code c} at or before {@code from} and at most {@code span} characters
  // back, or -1.
  private static int lastIndexWithin(String s, char c, int from, int span) {
    for (int i = from, stop = Math.max(0, from - span); i >= stop; i--) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  // Exchange 2007-2013 NDR: "mx.example.net #552 5.2.2 <a@b>: Mailbox full ##" (host, '#', reply,
  // '##'), on a line of its own.
  private void exchangeHostHash() {
    int hash = body.indexOf(" #");
    if (hash <= 0) {
      return;
    }
    int lineStart = body.lastIndexOf('\n', hash) + 1;
    String host = body.substring(lineStart, hash).trim();
    if (host.isEmpty() || host.indexOf(' ') >= 0 || host.indexOf('.') < 0
        || codeTokenAt(body, hash + 2) < 0) {
      return;
    }
    int eol = body.indexOf('\n', hash);
    int marks = body.indexOf("##", hash + 2);
    if (eol >= 0 && marks > eol && marks - hash < 2_000) {
      // A wrapped line ("mx.example.net #550 5.7.1 <a@b>:\nRecipient address rejected ... ##"): the
      // reply runs on to the closing marks.
      eol = marks + 2;
    }
    String reply = body.substring(hash + 2, eol < 0 ? body.length() : eol).trim();
    if (reply.endsWith("##")) {
      reply = reply.substring(0, reply.length() - 2).trim();
    }
    remoteHost = host;
    body = reply;
  }

  // qmail and Yahoo: "Remote host said: 554 delivery error: dd ... [BODY]"; the bracketed SMTP
  // stage at the end ([RCPT_TO], [DATA], [BODY], [MAIL_FROM], [CONNECT]) is kept apart.
  private void remoteHostSaid() {
    if (hasOwnCode()) {
      return;
    }
    String low = lower();
    int i = low.indexOf("remote host said");
    // Some qmail builds label the reply: "Remote host said[Response Message]: 550 ...".
    int colon = i < 0 ? -1 : i + "remote host said".length();
    if (colon >= 0 && colon < low.length() && low.charAt(colon) == '[') {
      int close = low.indexOf(']', colon);
      colon = close < 0 || close - colon > 40 ? -1 : close + 1;
    }
    if (colon < 0 || colon >= low.length() || low.charAt(colon) != ':') {
      return;
    }
    // qmail says in words at which stage the remote host refused.
    String[][] qmail = {
      {"does not like recipient", "RCPT TO"}, {"but sender was rejected", "MAIL FROM"},
      {"but my name was rejected", "HELO"}, {"but greeting failed", "CONNECT"},
      {"failed on data command", "DATA"}, {"failed after i sent the message", "DATA"},
    };
    for (String[] q : qmail) {
      if (low.lastIndexOf(q[0], i) >= 0) {
        SmtpStage.fromCommand(q[1]).ifPresent(x -> stage = x);
      }
    }
    String rest = body.substring(colon + 1);
    int eol = rest.indexOf('\n');
    String tail = eol < 0 ? "" : rest.substring(eol + 1);
    String line = (eol < 0 ? rest : rest.substring(0, eol)).trim();
    String[][] stages = {
      {"[rcpt_to]", "RCPT TO"}, {"[mail_from]", "MAIL FROM"}, {"[data]", "DATA"}, {"[body]", "DATA"},
      {"[connect]", "CONNECT"}, {"[helo]", "HELO"}, {"[ehlo]", "HELO"},
    };
    line = stripStage(qmailGivingUp(line), stages);
    // Continuation lines of the reply ("550-5.7.1 ...", "550 5.7.1 ...") follow; qmail's "Giving up
    // on <ip>." and "I'm not going to try again" do not belong to it.
    // Yahoo puts the reply on the line after "Remote host said:" and the stage on a line of its own.
    StringBuilder kept = new StringBuilder(line);
    boolean started = !line.isEmpty();
    for (String l : tail.split("\n", -1)) {
      String t = l.trim();
      if (t.isEmpty() && !started) {
        continue;
      }
      if (t.isEmpty() || t.regionMatches(true, 0, "giving up on", 0, 12)) {
        break;
      }
      if (started && codeTokenAt(t, 0) < 0 && !t.startsWith("[") && qmailOwnLine(t)) {
        break; // qmail's own words ("I'm not going to try again; ...") end the reply
      }
      started = true;
      t = stripStage(t, stages);
      if (!t.isEmpty()) {
        kept.append(kept.length() == 0 ? "" : "\n").append(t);
      }
    }
    body = kept.toString();
  }

  // A line without qmail's closing "Giving up on 192.0.2.1." when a log joined it to the reply:
  // qmail's remark that it stops after a permanent refusal, not the refusal's words.
  private static String qmailGivingUp(String line) {
    int k = lowerSameLength(line).lastIndexOf(" giving up on ");
    if (k < 0 || line.indexOf(' ', k + 14) >= 0) {
      return line;
    }
    return line.substring(0, k).trim();
  }

  // A line qmail writes itself after the remote host's reply, or the start of the next
  // recipient's paragraph; any other line without a code continues the reply (a long reply
  // wrapped by a mail client: "Client host [192.0.2.1]\nblocked using Spamhaus. ...").
  private static boolean qmailOwnLine(String t) {
    String low = lowerSameLength(t);
    return low.startsWith("i'm not going to try again") || low.startsWith("i'll try again")
        || low.startsWith("sorry,") || low.startsWith("---") || low.startsWith("giving up")
        || low.startsWith("<") && low.endsWith(">:") || low.startsWith("hi. this is the qmail");
  }

  // A trailing bracketed stage ("[RCPT_TO]") taken off a line and remembered.
  private String stripStage(String line, String[][] stages) {
    String lowLine = lowerSameLength(line);
    for (String[] st : stages) {
      if (lowLine.endsWith(st[0])) {
        SmtpStage.fromCommand(st[1]).ifPresent(x -> stage = x);
        return line.substring(0, line.length() - st[0].length()).trim();
      }
    }
    return line;
  }

  // Postfix deferrals: "connect to mx.example.com[192.0.2.1]:25: Connection timed out"; Sendmail:
  // "Deferred: Connection timed out with mx.example.net.".
  private void postfixConnect() {
    if (hasOwnCode()) {
      return;
    }
    String low = lower();
    int with = low.indexOf("connection timed out with ");
    if (with < 0) {
      with = low.indexOf("connection refused by ");
    }
    if (with >= 0) {
      int start = low.indexOf(" with ", with) >= 0 && low.startsWith("connection timed", with)
          ? with + "connection timed out with ".length()
          : with + "connection refused by ".length();
      int end = start;
      while (end < body.length() && !Character.isWhitespace(body.charAt(end))) {
        end++;
      }
      String host = stripEnd(body.substring(start, end), ".");
      if (host.indexOf('.') > 0) {
        remoteHost = host;
        stage = SmtpStage.CONNECT;
      }
      return;
    }
    int i = low.indexOf("connect to ");
    if (i < 0 || i > 0 && Character.isLetterOrDigit(low.charAt(i - 1))) {
      return;
    }
    int bracket = body.indexOf('[', i);
    int space = body.indexOf(' ', i + 11);
    if (bracket < 0 || space >= 0 && space < bracket) {
      return;
    }
    String host = body.substring(i + 11, bracket);
    if (!host.isEmpty() && host.indexOf('.') > 0) {
      remoteHost = host;
      stage = SmtpStage.CONNECT;
    }
  }

  // Roundcube's errors: "SMTP Error (550): Failed to add recipient "x@example.com" (5.1.1 <x@...>:
  // Recipient address rejected: User unknown)." and "... Failed to set sender "a@b" (...)." name
  // the command and put the server's reply text in the last parentheses, its code in the first;
  // "SMTP Error (535): Authentication failed." has no reply text of its own.
  private static final String ROUNDCUBE = "smtp error (";
  private static final String[][] ROUNDCUBE_STEPS = {
    {"failed to add recipient ", "RCPT TO"}, {"failed to set sender ", "MAIL FROM"},
    {"authentication failed", "AUTH"}, {"connection to server failed", "CONNECT"},
  };

  private void roundcube() {
    String t = body.stripLeading();
    if (!t.regionMatches(true, 0, ROUNDCUBE, 0, ROUNDCUBE.length())) {
      // A short lead-in an application adds ("Error: SMTP Error (450): ...").
      int k = 2;
      int last = Math.min(t.length() - ROUNDCUBE.length(), 64);
      while (k <= last && !(t.charAt(k - 1) == ' ' && t.charAt(k - 2) == ':'
          && t.regionMatches(true, k, ROUNDCUBE, 0, ROUNDCUBE.length()))) {
        k++;
      }
      if (k > last) {
        return;
      }
      t = t.substring(k);
    }
    int close = t.indexOf("): ", ROUNDCUBE.length());
    if (close < 0 || close > ROUNDCUBE.length() + 4) {
      return;
    }
    String number = t.substring(ROUNDCUBE.length(), close);
    int code = number.length() == 3 ? digits3(number, 0) : -1;
    String rest = t.substring(close + 3).strip();
    String low = lowerSameLength(rest);
    String step = null;
    for (String[] s : ROUNDCUBE_STEPS) {
      if (low.startsWith(s[0])) {
        step = s[1];
        break;
      }
    }
    if (step == null) {
      return;
    }
    String reply = rest;
    int quote = rest.indexOf('"');
    int open = quote < 0 ? -1 : rest.indexOf("\" (", quote + 1);
    int end = rest.lastIndexOf(')');
    if (open > 0 && end > open + 3) {
      reply = rest.substring(open + 3, end).strip();
    }
    SmtpStage.fromCommand(step).ifPresent(x -> stage = x);
    body = code >= 200 && code <= 599 && codeTokenAt(reply, 0) < 0 ? code + " " + reply : reply;
  }

  // Thunderbird's (and the older Mozilla mail's) errors: "An error occurred while sending mail. The
  // mail server responded: 554 5.7.1 <x@example.com>: Relay access denied. Please check the message
  // recipient "x@example.com" and try again." The closing sentence names the command answered; the
  // server's response lies between the marker and it.
  private static final String SERVER_RESPONDED = "server responded:";
  private static final String[][] THUNDERBIRD_ENDS = {
    {"please check the message recipient", "RCPT TO"},
    {"please verify that your email address is correct", "MAIL FROM"},
    {"please check the message and try again", "DATA"},
  };

  private void thunderbird() {
    if (hasOwnCode() || body.indexOf("responded:") < 0) {
      return; // the common case, decided without a lower-case copy
    }
    String low = lower();
    int at = low.indexOf(SERVER_RESPONDED);
    if (at < 0) {
      return;
    }
    int start = at + SERVER_RESPONDED.length();
    int end = body.length();
    String step = low.lastIndexOf("outgoing server (smtp) error occurred", at) >= 0 ? "DATA" : null;
    for (String[] e : THUNDERBIRD_ENDS) {
      int i = low.indexOf(e[0], start);
      if (i >= 0 && i < end) {
        end = i;
        step = e[1];
      }
    }
    String reply = body.substring(start, end).strip();
    if (reply.endsWith(".") && !reply.endsWith("..")) {
      reply = reply.substring(0, reply.length() - 1).strip(); // the message's full stop
    }
    if (reply.isEmpty()) {
      return;
    }
    if (step != null) {
      SmtpStage.fromCommand(step).ifPresent(x -> stage = x);
    }
    body = reply;
  }

  // Rust's lettre: its errors print as "permanent error (535): 5.7.8 Username and Password not
  // accepted" and "transient error (421): ...", or, debug-printed, with the code alone in its three
  // digits' names: "Error { kind: Permanent(Code { severity: PermanentNegativeCompletion, category:
  // Unspecified3, detail: Five }) }" (535). The reply is the code and the words after it.
  private static final String[] LETTRE_ERRORS = {"permanent error (", "transient error ("};
  private static final String[] LETTRE_SEVERITY = {
    "positivecompletion", "positiveintermediate", "transientnegativecompletion",
    "permanentnegativecompletion"
  };
  private static final String[] LETTRE_CATEGORY = {
    "syntax", "information", "connections", "unspecified3", "unspecified4", "mailsystem"
  };
  private static final String[] LETTRE_DETAIL = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"
  };

  private void lettre() {
    if (hasOwnCode()) {
      return;
    }
    String low = lower();
    if (any(M_PAREN)) {
      for (String lead : LETTRE_ERRORS) {
        int at = low.indexOf(lead);
        int digits = at + lead.length();
        int code = at < 0 ? -1 : digits3(low, digits);
        if (code >= 200 && code < 600 && low.startsWith(")", digits + 3)) {
          int words = low.startsWith("):", digits + 3) ? digits + 5 : digits + 4;
          body = body.substring(digits, digits + 3) + " " + body.substring(words).strip();
          return;
        }
      }
    }
    int code = any(M_BRACE) ? lettreCode(low) : -1;
    if (code > 0) {
      body = String.valueOf(code);
    }
  }

  // The code of "code { severity: X, category: Y, detail: Z }" (detail also "Detail(5)"), or -1.
  private static int lettreCode(String low) {
    int at = low.indexOf("code { severity: ");
    if (at < 0) {
      return -1;
    }
    int i = at + "code { severity: ".length();
    int severity = nameAt(low, i, LETTRE_SEVERITY);
    i = severity < 0 ? -1 : i + LETTRE_SEVERITY[severity].length();
    if (i < 0 || !low.startsWith(", category: ", i)) {
      return -1;
    }
    i += ", category: ".length();
    int category = nameAt(low, i, LETTRE_CATEGORY);
    i = category < 0 ? -1 : i + LETTRE_CATEGORY[category].length();
    if (i < 0 || !low.startsWith(", detail: ", i)) {
      return -1;
    }
    i += ", detail: ".length();
    int detail = nameAt(low, i, LETTRE_DETAIL);
    if (detail >= 0) {
      i += LETTRE_DETAIL[detail].length();
    } else if (low.startsWith("detail(", i) && i + 9 <= low.length()
        && Character.isDigit(low.charAt(i + 7)) && low.charAt(i + 8) == ')') {
      detail = low.charAt(i + 7) - '0';
      i += 9;
    } else {
      return -1;
    }
    int code = (severity + 2) * 100 + category * 10 + detail;
    return low.startsWith(" }", i) && code >= 400 ? code : -1;
  }

  // The index of the name that starts at i and ends a word there, or -1.
  private static int nameAt(String low, int i, String[] names) {
    for (int k = 0; k < names.length; k++) {
      int end = i + names[k].length();
      if (low.startsWith(names[k], i)
          && (end == low.length() || !Character.isLetterOrDigit(low.charAt(end)))) {
        return k;
      }
    }
    return -1;
  }

  // Symfony Mailer's and SwiftMailer's errors: 'Expected response code "250/251/252" but got code
  // "550", with message "550 5.1.1 <x@example.com>: Recipient address rejected".' The message is
  // the whole reply, its lines kept (CRLF); the codes expected name the command: 250/251/252 RCPT
  // TO, 354 DATA, 235 AUTH.
  private static final String WITH_MESSAGE = "with message \"";

  private void symfonyMailer() {
    if (hasOwnCode() || body.indexOf("with message") < 0) {
      return; // the common case, decided without a lower-case copy
    }
    String low = lower();
    int expected = low.indexOf("expected response code ");
    int at = expected < 0 ? -1 : low.indexOf(WITH_MESSAGE, expected);
    if (at < 0 || low.lastIndexOf("but got code", at) < expected) {
      return;
    }
    int start = at + WITH_MESSAGE.length();
    // The closing quote and full stop, twice when an authenticator's error quotes the message.
    int end = body.length();
    for (int quotes = 0; quotes < 2; quotes++) {
      while (end > start
          && (Character.isWhitespace(body.charAt(end - 1)) || body.charAt(end - 1) == '.')) {
        end--;
      }
      if (end > start && body.charAt(end - 1) == '"') {
        end--;
      }
    }
    String reply = body.substring(start, end).strip();
    if (codeTokenAt(reply, 0) < 0) {
      return; // no reply in the message: leave the text to the other readers
    }
    String codes = low.substring(expected + "expected response code ".length(), at);
    String step =
        codes.contains("251") ? "RCPT TO" : codes.contains("354") ? "DATA"
            : codes.contains("235") ? "AUTH" : null;
    if (step != null) {
      SmtpStage.fromCommand(step).ifPresent(x -> stage = x);
    }
    body = reply;
  }

  // PHPMailer's error dump: "SMTP server error: MAIL FROM command failed Detail: Invalid
  // Sender[515] SMTP code: 550 Additional SMTP info: 5.1.0". The reply is the code, the enhanced
  // code and the detail; what comes before ("The following From address failed: ...") repeats it.
  private void phpMailerDetail() {
    if (hasOwnCode()) {
      return;
    }
    String low = lower();
    int lead = low.indexOf("smtp server error: ");
    if (lead < 0) {
      return;
    }
    // The command's words, if any, lie between the lead and " detail: "; that search starts at
    // the lead's own last space, so the two may share it ("SMTP server error: Detail: ...").
    int words = lead + "smtp server error: ".length();
    int detail = low.indexOf(" detail: ", words - 1);
    int codeAt = detail < 0 ? -1 : low.indexOf("smtp code: ", detail + " detail: ".length());
    if (codeAt < 0) {
      return;
    }
    int code = digits3(body, codeAt + "smtp code: ".length());
    if (code < 200 || code > 599) {
      return;
    }
    String text = body.substring(detail + " detail: ".length(), codeAt).trim();
    String enhanced = "";
    int info = low.indexOf("additional smtp info: ", codeAt);
    if (info >= 0) {
      int from = info + "additional smtp info: ".length();
      int to = from;
      while (to < body.length() && body.charAt(to) != ' ' && body.charAt(to) != '\n') {
        to++;
      }
      if (EnhancedStatusCode.tryParse(body, from, to).isPresent()) {
        enhanced = body.substring(from, to) + " ";
      }
    }
    // The command's words, read in the lower-case copy already made: "MAIL FROM command failed".
    int failed = low.indexOf(" command failed", words);
    if (failed > words && failed + " command failed".length() <= detail) {
      SmtpStage.fromCommand(body.substring(words, failed)).ifPresent(st -> stage = st);
    }
    body = code + " " + enhanced + text;
  }

  // JavaMail's refused connection: "Could not connect to SMTP host: relay.example.net, port: 25,
  // response: 554": the server's greeting was the refusal (a response of -1 is no greeting at
  // all, a network failure, and is left to the words).
  private static final String JAVAMAIL_CONNECT = "could not connect to smtp host: ";

  private void javaMailConnect() {
    if (hasOwnCode()) {
      return;
    }
    String low = lower();
    int lead = low.indexOf(JAVAMAIL_CONNECT);
    if (lead < 0) {
      return;
    }
    int from = lead + JAVAMAIL_CONNECT.length();
    int response = low.indexOf(", response: ", from);
    if (response < 0) {
      return;
    }
    int at = response + ", response: ".length();
    int code = digits3(body, at);
    if (code < 400 || code > 599
        || at + 3 < body.length() && Character.isDigit(body.charAt(at + 3))) {
      return;
    }
    int comma = body.indexOf(',', from);
    String host = body.substring(from, comma).trim();
    if (!host.isEmpty() && host.indexOf(' ') < 0) {
      remoteHost = host;
    }
    stage = SmtpStage.CONNECT;
    int end = at + 3;
    int eol = body.indexOf('\n', end);
    body = body.substring(at, eol < 0 ? body.length() : eol).trim();
  }

  // "javax.mail.SendFailedException: Invalid Addresses; nested exception is:
  //  com.sun.mail.smtp.SMTPAddressFailedException: 550 5.1.1 <x>... User unknown"
  private void javaException() {
    if (hasOwnCode()) {
      return;
    }
    String low = lower();
    int best = -1;
    int bestName = -1;
    int from = 0;
    int i;
    while ((i = low.indexOf("exception: ", from)) >= 0) {
      int start = skipSpaces(body, i + "exception: ".length());
      if (codeTokenAt(body, start) > 0) {
        best = start;
        bestName = i;
      }
      from = i + 1;
    }
    if (best < 0) {
      return;
    }
    if (stage == null) {
      stage = javaMailStage(low, bestName + "exception".length());
    }
    String rest = body.substring(best);
    String restLow = lowerSameLength(rest);
    int nested = restLow.indexOf("nested exception is");
    if (nested >= 0) {
      rest = rest.substring(0, nested);
    }
    // Stack frames ("\tat com.example.Foo(Foo.java:1)") end the message.
    StringBuilder kept = new StringBuilder();
    for (String line : rest.split("\n", -1)) {
      String t = line.trim();
      if (t.startsWith("at ") && t.endsWith(")") && t.indexOf('(') > 0) {
        break;
      }
      kept.append(line).append('\n');
    }
    body = stripEnd(kept.toString().trim(), ";").trim();
  }

  // JavaMail (Jakarta Mail, Angus Mail) names the command a reply answered by the exception's
  // class: AuthenticationFailedException for a refused login, SMTPSenderFailedException for MAIL
  // FROM, SMTPAddressFailedException for RCPT TO. SMTPSendFailedException answers MAIL FROM or
  // DATA, so it names no one stage. Null when the class is none of these.
  static SmtpStage javaMailStage(String low, int end) {
    int start = end;
    while (start > 0 && Character.isJavaIdentifierPart(low.charAt(start - 1))) {
      start--;
    }
    switch (low.substring(start, end)) {
      case "authenticationfailedexception":
        return SmtpStage.AUTH;
      case "smtpsenderfailedexception":
        return SmtpStage.MAIL_FROM;
      case "smtpaddressfailedexception":
        return SmtpStage.RCPT_TO;
      default:
        return null;
    }
  }

  // "... to=<x@y>, relay=mx.y[192.0.2.1]:25, ..., dsn=5.7.1, status=bounced (host ... said: ...)"
  private void postfixLogLine() {
    if (hasOwnCode()) {
      return; // a reply whose words mention "status=", not a log line
    }
    String low = lower();
    int status = low.indexOf("status=");
    // A whole log line has "dsn=" or "relay=" before the status. A line cut to its status field
    // is read only when it quotes a server ("status=deferred (SASL authentication failed; server
    // ... said: 535 ...)"): without a reply, "status=deferred" is all that says it is temporary.
    if (status < 0
        || low.indexOf("dsn=") < 0 && low.indexOf("relay=") < 0
            && (status != skipWhitespace(low, 0) || low.indexOf(" said: ", status) < 0)) {
      return;
    }
    int dsn = low.indexOf("dsn=");
    if (dsn >= 0) {
      wrapperCode = dsnField(dsn, body.length());
    }
    int relay = low.indexOf("relay=");
    if (relay >= 0) {
      String host = body.substring(relay + 6, fieldEnd(relay + 6, body.length(), ",[: "));
      if (!host.isEmpty() && !host.equalsIgnoreCase("none") && !host.equalsIgnoreCase("local")) {
        remoteHost = host;
      }
    }
    String t = body.trim();
    int open = t.indexOf(" (", lowerSameLength(t).indexOf("status="));
    if (open >= 0 && t.endsWith(")")) {
      body = t.substring(open + 2, t.length() - 1);
    }
  }

  // Sendmail's log lines. A refusal it gave a client: "ruleset=check_rcpt, arg1=<a@example.com>,
  // relay=client.example.net [192.0.2.1], reject=550 5.7.1 <a@example.com>... Relaying denied"
  // (relay= names the client there, not a server that answered). A delivery it tried:
  // "to=<a@example.com>, ..., relay=mx.example.net. [192.0.2.1], dsn=5.1.1, stat=User unknown".
  private static final String[] SENDMAIL_RULESETS = {
    "ruleset=check_rcpt", "ruleset=check_mail", "ruleset=check_relay",
  };
  private static final SmtpStage[] SENDMAIL_STAGES = {
    SmtpStage.RCPT_TO, SmtpStage.MAIL_FROM, SmtpStage.CONNECT,
  };

  private void sendmailLogLine() {
    if (hasOwnCode()) {
      return;
    }
    String low = lower();
    int reject = low.indexOf("reject=");
    if (reject >= 0 && (reject == 0 || low.charAt(reject - 1) == ' ')) {
      int from = reject + "reject=".length();
      if (codeTokenAt(body, from) <= 0) {
        return;
      }
      SmtpStage st = stageNamedBefore(low, reject, SENDMAIL_RULESETS, SENDMAIL_STAGES);
      if (st != null) {
        stage = st;
      }
      body = body.substring(from);
      return;
    }
    int stat = low.indexOf(", stat=");
    int dsn = low.lastIndexOf("dsn=", stat);
    if (stat < 0 || dsn < 0 || low.indexOf('\n', dsn) >= 0) {
      return;
    }
    wrapperCode = dsnField(dsn, stat);
    int relay = low.lastIndexOf("relay=", stat);
    if (relay >= 0) {
      String host = body.substring(relay + 6, fieldEnd(relay + 6, stat, ",[ "));
      if (host.endsWith(".")) {
        host = host.substring(0, host.length() - 1);
      }
      if (host.indexOf('.') > 0) {
        remoteHost = host;
      }
    }
    body = body.substring(stat + ", stat=".length());
  }

  // Where a log field's value that starts at from ends: at the first of the stop characters, or at
  // limit.
  private int fieldEnd(int from, int limit, String stops) {
    int end = from;
    while (end < limit && stops.indexOf(body.charAt(end)) < 0) {
      end++;
    }
    return end;
  }

  // The enhanced code of the "dsn=" field at dsn (Postfix's and Sendmail's logs), or null.
  private EnhancedStatusCode dsnField(int dsn, int limit) {
    return EnhancedStatusCode.tryParse(body, dsn + 4, fieldEnd(dsn + 4, limit, ", ")).orElse(null);
  }

  // "Diagnostic-Code: smtp; 550 ..." (the DSN field, possibly folded)
  private void diagnosticCode() {
    String t = body.stripLeading();
    if (t.regionMatches(true, 0, "diagnostic-code:", 0, 16)) {
      body = t.substring(16);
    }
  }

  // "smtp; 550 ...", "X-Postfix; ...": the DSN diagnostic-type.
  private void diagnosticType() {
    String t = body.stripLeading();
    int semi = t.indexOf(';');
    if (semi <= 0 || semi > 20) {
      return;
    }
    for (int i = 0; i < semi; i++) {
      char c = t.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
        return;
      }
    }
    String type = t.substring(0, semi).toLowerCase(Locale.ROOT);
    if (type.equals("smtp") || type.startsWith("x-") || type.equals("esmtp")) {
      body = t.substring(semi + 1);
    }
  }

  // Exchange: "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'"
  // and Exchange 2003: "#5.1.1 smtp;550 5.1.1 <x>... User unknown" or "< #5.0.0 smtp; 550 ...>".
  private void exchangeRemoteServer() {
    if (hasOwnCode() || startsWithEnhancedCode(body)) {
      return;
    }
    String low = lower();
    // The words may be broken over lines ("Remote\nServer returned '550 ...'"), as a gateway that
    // wraps long lines writes them.
    int i = quoteAfterWords(low, '\'', "remote", "server", "returned");
    int lead = 0;
    if (i < 0) {
      // Exchange Online: "Remote Server at mx.example.net (203.0.113.5) returned '552 ...'"
      int at = low.indexOf("remote server at ");
      int from = at + "remote server at ".length();
      int returned = at < 0 ? -1 : low.indexOf(" returned '", from);
      int eol = at < 0 ? -1 : low.indexOf('\n', at);
      if (returned < from || eol >= 0 && eol < returned) {
        return;
      }
      String host = body.substring(from, returned).trim();
      int sp = host.indexOf(' ');
      host = sp < 0 ? host : host.substring(0, sp);
      if (FactExtractor.isHostName(host)) {
        remoteHost = host;
      }
      i = returned;
      lead = " returned '".length();
    }
    String rest = body.substring(i + lead);
    int close = rest.lastIndexOf('\'');
    // The closing quote, not an apostrophe ("can't") of a reply whose quote was cut off.
    if (close >= 0
        && (close + 1 == rest.length() || !Character.isLetterOrDigit(rest.charAt(close + 1)))) {
      rest = rest.substring(0, close);
    }
    rest = rest.trim();
    if (rest.startsWith("<") && rest.endsWith(">")) {
      rest = rest.substring(1, rest.length() - 1).trim();
    }
    body = joinAfterSmtpType(rest);
  }

  // "554 5.0.0 <mx.example.com #5.0.0 smtp;\n550-5.7.26 ...": the next server's reply, quoted after
  // its type, was wrapped onto the next line; put it back on the line of its type, where it is read
  // as the reply.
  private static String joinAfterSmtpType(String s) {
    int semi = s.indexOf(';');
    while (semi >= 4) {
      int nl = skipSpaces(s, semi + 1);
      if (nl < s.length() && s.charAt(nl) == '\n' && s.regionMatches(true, semi - 4, "smtp", 0, 4)
          && codeTokenAt(s, skipSpaces(s, nl + 1)) > 0) {
        return s.substring(0, semi + 1) + s.substring(skipSpaces(s, nl + 1));
      }
      semi = s.indexOf(';', semi + 1);
    }
    return s;
  }

  // Amazon SES gives up on a message with "554 4.4.7 Message expired: unable to deliver in 840
  // minutes.<421 4.4.2 Connection timed out>": the reply of its last attempt, in angle brackets,
  // tells why it could not deliver (a time-out, a failed DNS look-up, a receiver's rate limit for
  // poor reputation), so it is the reply read; a warning keeps that the message expired.
  private static final String SES_EXPIRED = "message expired: unable to deliver in ";

  private void sesExpired() {
    if (body.indexOf(".<") < 0) {
      return; // no quoted reply: the common case, decided without a lower-case copy
    }
    String low = lower();
    int e = low.indexOf("expired:");
    int at = e - 1;
    while (at >= 0 && Character.isWhitespace(low.charAt(at))) {
      at--;
    }
    at -= "message".length() - 1;
    int end = at < 0 || at == e ? -1 : looseEnd(low, at, SES_EXPIRED);
    if (end < 0) {
      return;
    }
    int open = body.indexOf(".<", end);
    if (open < 0 || open > end + 24 || codeTokenAt(body, open + 2) < 0) {
      return;
    }
    // The quoted reply ends at the last '>' when only white space or other lines follow it (a
    // wrapper's own closing line, qmail's "Giving up on 192.0.2.1."); without such a '>' it runs
    // to the end.
    int close = body.lastIndexOf('>');
    int after = close + 1;
    while (after < body.length() && body.charAt(after) == ' ') {
      after++;
    }
    String inner =
        close > open + 2 && (after == body.length() || body.charAt(after) == '\n')
            ? body.substring(open + 2, close).strip()
            : body.substring(open + 2).strip();
    warn(
        "the sending service gave up on the message (\""
            + body.substring(at, open + 1).replaceAll("\\s+", " ")
            + "\"); the reply of its last attempt is read");
    body = inner;
  }

  // Where {@code phrase} (lower case, words split by one space) ends when it is written at
  // {@code at} of {@code low} with any run of white space between its words, or -1.
  static int looseEnd(String low, int at, String phrase) {
    int i = at;
    for (int k = 0; k < phrase.length(); k++) {
      char p = phrase.charAt(k);
      if (p == ' ') {
        int start = i;
        while (i < low.length() && Character.isWhitespace(low.charAt(i))) {
          i++;
        }
        if (i == start) {
          return -1;
        }
      } else if (i < low.length() && low.charAt(i) == p) {
        i++;
      } else {
        return -1;
      }
    }
    return i;
  }

  // Amazon SES (and BlackBerry relays through it): "5.1.0 - Unknown address error 550-'5.2.2
  // <a@b>... Mailbox Full' (delivery attempts: 0)": the remote server's reply is quoted after its
  // code and a hyphen; the leading code is SES's own guess.
  private void quotedReply() {
    if (hasOwnCode()) {
      return;
    }
    int q = body.indexOf("-'");
    if (q < 4 || body.charAt(q - 4) != ' ' || codeTokenAt(body, q - 3) < 0) {
      return;
    }
    int close = body.lastIndexOf('\'');
    if (close <= q + 2) {
      return;
    }
    String lead = body.substring(0, q - 3).trim();
    int sp = lead.indexOf(' ');
    EnhancedStatusCode.tryParse(sp < 0 ? lead : lead.substring(0, sp)).ifPresent(c -> wrapperCode = c);
    body = body.substring(q - 3, q) + " " + body.substring(q + 2, close).trim();
  }

  private void exchangeHashCode() {
    String t = body.stripLeading();
    if (!t.startsWith("#")) {
      return;
    }
    int end = 1;
    while (end < t.length() && !Character.isWhitespace(t.charAt(end)) && t.charAt(end) != ';') {
      end++;
    }
    Optional<EnhancedStatusCode> c = EnhancedStatusCode.tryParse(t, 1, end);
    if (c.isEmpty()) {
      return;
    }
    String rest = t.substring(end).stripLeading();
    int semi = rest.indexOf(';');
    if (semi > 0 && semi <= 10 && rest.substring(0, semi).trim().equalsIgnoreCase("smtp")) {
      rest = rest.substring(semi + 1);
    } else if (codeTokenAt(rest, 0) < 0) {
      return; // a hash code followed by free text: leave the text as it is
    }
    wrapperCode = c.get();
    body = rest;
  }

  private static final String SASL_FAILED = "sasl authentication failed; server";

  // Postfix: "host mx.example.com[192.0.2.1] said: 550 ..." and
  // "host mx.example.com[192.0.2.1] refused to talk to me: 554 ..."
  private void postfixSaid() {
    if (hasOwnCode()) {
      return;
    }
    String low = lower();
    String[] markers = {" said:", " refused to talk to me:"};
    for (String marker : markers) {
      int said = low.indexOf(marker);
      if (said < 0) {
        continue;
      }
      int host = said < 5 ? -1 : low.lastIndexOf("host ", said - 5);
      // Postfix's refused login at a relay: "SASL authentication failed; server H said: 535 ..."
      int server = low.lastIndexOf(SASL_FAILED, said);
      boolean login = server >= 0 && server > host && server + SASL_FAILED.length() <= said;
      int word = "host ".length();
      if (login) {
        host = server + SASL_FAILED.length() - "server".length();
        word = "server".length();
      }
      if (host < 0) {
        continue;
      }
      if (replyLineBefore(host)) {
        return; // the words are inside a reply that an outer wrapper quotes (Exim's, below)
      }
      String name = body.substring(host + word, said).trim();
      int bracket = name.indexOf('[');
      String h = bracket > 0 ? name.substring(0, bracket) : name;
      if (!h.isEmpty() && h.indexOf(' ') < 0) {
        remoteHost = h;
      }
      if (marker.startsWith(" refused")) {
        stage = SmtpStage.CONNECT;
      } else if (login) {
        stage = SmtpStage.AUTH;
      }
      body = body.substring(said + marker.length());
      return;
    }
  }

  // True when a line before the offset starts with a reply code.
  private boolean replyLineBefore(int end) {
    int i = 0;
    while (i < end) {
      if (codeTokenAt(body, i) > 0) {
        return true;
      }
      int nl = body.indexOf('\n', i);
      if (nl < 0) {
        return false;
      }
      i = nl + 1;
    }
    return false;
  }

  // Postfix: "... (in reply to RCPT TO command)", "(in reply to end of DATA command)"
  private void inReplyTo() {
    if (body.indexOf("(i") < 0 && body.indexOf("(I") < 0) {
      return; // no "(in" in any case: the common case, decided without a lower-case copy
    }
    String low = lower();
    int start = -1;
    int end = -1;
    int from = 0;
    int i;
    // "(in reply to" with any run of white space (a folded line) between the words.
    while ((i = low.indexOf("(in", from)) >= 0) {
      int j = skipWhitespace(low, i + 3);
      j = j == i + 3 ? -1 : afterWord(low, j, "reply");
      j = j < 0 ? -1 : afterWord(low, j, "to");
      if (j >= 0) {
        start = i;
        end = j;
      }
      from = i + 3;
    }
    if (start < 0) {
      return;
    }
    int close = body.indexOf(')', end);
    if (close < 0) {
      return;
    }
    String command = collapse(body.substring(end, close));
    if (command.toLowerCase(Locale.ROOT).endsWith(" command")) {
      command = command.substring(0, command.length() - " command".length());
    }
    SmtpStage.fromCommand(command).ifPresent(st -> stage = st);
    body = body.substring(0, start) + body.substring(close + 1);
  }

  // The word at i followed by white space: the index after that white space, or -1.
  private static int afterWord(String low, int i, String word) {
    if (!low.startsWith(word, i)) {
      return -1;
    }
    int j = i + word.length();
    int k = skipWhitespace(low, j);
    return k == j ? -1 : k;
  }

  // The offset after the quote that follows the words, when they follow one another separated by
  // spaces and line breaks (at least one between two words), anywhere in the text; -1 when
  // nowhere. Linear: the white space after one occurrence of
  // the first word is read once.
  private static int quoteAfterWords(String low, char quote, String first, String... more) {
    for (int at = low.indexOf(first); at >= 0; at = low.indexOf(first, at + 1)) {
      int k = at + first.length();
      boolean ok = true;
      for (String w : more) {
        int j = skipWhitespace(low, k);
        if (j == k || !low.startsWith(w, j)) {
          ok = false;
          break;
        }
        k = j + w.length();
      }
      k = skipSpaces(low, k);
      if (ok && k < low.length() && low.charAt(k) == quote) {
        return k + 1;
      }
    }
    return -1;
  }

  private static int skipWhitespace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  // Exim's main log names the router and transport before the reason: "2026-08-03 10:30:32
  // 1wqmhq-000abc-xy == a@example.net R=dnslookup T=remote_smtp defer (101): Network is
  // unreachable", "... ** a@example.net R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.1]:
  // SMTP error from remote mail server after ...". Those names are configuration
  // ("R=dkim_lookuphost"), not words of the failure: only the reason after them is read.
  private void eximLogLine() {
    if (hasOwnCode()) {
      return;
    }
    String low = lower();
    int mark = low.indexOf(" == ");
    if (mark < 0) {
      mark = low.indexOf(" ** ");
    }
    if (mark < 0) {
      return;
    }
    int eol = low.indexOf('\n', mark);
    int lineEnd = eol < 0 ? low.length() : eol;
    int router = low.indexOf(" r=", mark);
    if (router < 0 || router > lineEnd) {
      return;
    }
    int transport = low.indexOf(" t=", router);
    int from = transport >= 0 && transport < lineEnd ? transport : router;
    int defer = low.indexOf(" defer (", from);
    int reason;
    if (defer >= 0 && defer < lineEnd) {
      int close = low.indexOf("): ", defer);
      if (close < 0 || close > lineEnd || !isErrno(low, defer + 8, close)) {
        return;
      }
      reason = close + 3;
    } else {
      int colon = low.indexOf(": ", from);
      if (colon < 0 || colon > lineEnd) {
        return;
      }
      reason = colon + 2;
    }
    int host = low.indexOf(" h=", from);
    if (host >= 0 && host < reason && remoteHost == null) {
      int end = host + 3;
      while (end < reason && " [:".indexOf(body.charAt(end)) < 0) {
        end++;
      }
      if (end > host + 3) {
        remoteHost = body.substring(host + 3, end);
      }
    }
    String rest = body.substring(reason).trim();
    if (!rest.isEmpty()) {
      body = rest;
    }
  }

  // "101", "-54": Exim's errno in "defer (errno)".
  private static boolean isErrno(String s, int start, int end) {
    int i = start < end && s.charAt(start) == '-' ? start + 1 : start;
    if (i >= end || end - i > 6) {
      return false;
    }
    for (; i < end; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  // Exim: "SMTP error from remote mail server after RCPT TO:<x@example.com>:\n
  //        host mx.example.com [192.0.2.1]: 550 ..."
  // and "SMTP error from remote server for RCPT TO command, host: mx (192.0.2.1) reason: 550 ..."
  private void exim() {
    if (hasOwnCode()) {
      return;
    }
    String low = lower();
    int i = low.indexOf("smtp error from remote ");
    if (i < 0) {
      return;
    }
    // Exim 4.9x names the host on the line before: "host mx.example.net [192.0.2.10]".
    int lineStart = body.lastIndexOf('\n', Math.max(0, i - 1));
    if (lineStart > 0) {
      int prev = body.lastIndexOf('\n', lineStart - 1) + 1;
      String before = body.substring(prev, lineStart).trim();
      if (before.regionMatches(true, 0, "host ", 0, 5)) {
        int sp = before.indexOf(' ', 5);
        remoteHost = sp > 5 ? before.substring(5, sp) : before.substring(5);
      }
    }
    int reason = low.indexOf(" reason: ", i);
    int forCmd = low.indexOf(" for ", i);
    int hostColon = low.indexOf("host: ", i);
    if (reason >= 0 && forCmd >= 0 && forCmd < reason) {
      int cmdEnd = low.indexOf(" command", forCmd);
      if (cmdEnd >= forCmd + 5 && cmdEnd < reason) {
        SmtpStage.fromCommand(body.substring(forCmd + 5, cmdEnd)).ifPresent(st -> stage = st);
      }
      if (hostColon >= 0 && hostColon + 6 <= reason) {
        String h = body.substring(hostColon + 6, reason).trim();
        int sp = h.indexOf(' ');
        remoteHost = sp > 0 ? h.substring(0, sp) : h;
      }
      body = body.substring(reason + " reason: ".length());
      return;
    }
    int after = low.indexOf(" after ", i);
    int eol = body.indexOf('\n', i);
    int lineEnd = eol < 0 ? body.length() : eol;
    String rest;
    if (after >= 0 && after < lineEnd) {
      String command = body.substring(after + 7, lineEnd).trim();
      // One-line form: "...after RCPT TO:<x@y>: host mx [192.0.2.1]: 550 ..."
      // A reply before any ": host " owns the rest: in "...: 450 4.7.1 <x>: Helo command
      // rejected: Host not found" the host part is the reply's own words.
      int host = lowerSameLength(command).indexOf(": host ");
      if (host >= 0 && !namesHost(command, host + 7)) {
        host = -1; // "...: Host or domain name not found" is the reply's own words
      }
      int reply = replyAfterColon(command);
      if (host >= 0 && (reply < 0 || host < reply)) {
        rest = command.substring(host + 2) + body.substring(lineEnd);
        command = command.substring(0, host);
      } else if (reply >= 0) {
        // "...after RCPT TO:<x@y>: 550 5.1.1 ..." (no host part): the reply on the same line.
        rest = command.substring(reply) + body.substring(lineEnd);
        command = command.substring(0, reply);
      } else if (command.indexOf(": ") > 0 && command.indexOf(": ") + 2 < command.length()) {
        // "...after pipelined sending data block: Server busy. Please try again later": a reply
        // without a code, on the same line.
        int c = command.indexOf(": ");
        rest = command.substring(c + 2) + body.substring(lineEnd);
        command = command.substring(0, c);
      } else {
        rest = body.substring(lineEnd);
      }
      SmtpStage.fromCommand(stripEnd(command, ":")).ifPresent(st -> stage = st);
    } else {
      rest = body.substring(lineEnd);
    }
    rest = rest.stripLeading();
    // GMX: "host: mx.example.net" on a line of its own, the reply on the next.
    if (rest.regionMatches(true, 0, "host: ", 0, 6)) {
      int nl = rest.indexOf('\n');
      String h = (nl < 0 ? rest.substring(6) : rest.substring(6, nl)).trim();
      if (!h.isEmpty() && h.indexOf(' ') < 0 && nl > 0) {
        remoteHost = h;
        rest = rest.substring(nl + 1).stripLeading();
      }
    }
    if (rest.regionMatches(true, 0, "host ", 0, 5) && namesHost(rest, 5)) {
      int colon = rest.indexOf("]: ");
      int sp = rest.indexOf(' ', 5);
      if (sp > 5) {
        remoteHost = rest.substring(5, sp);
      }
      int nl = rest.indexOf('\n');
      if (nl > 0 && (colon < 0 || colon > nl) && rest.substring(0, nl).stripTrailing().endsWith(":")) {
        rest = rest.substring(nl + 1); // "host mx [192.0.2.1]:" on a line of its own
      } else if (colon > 0) {
        rest = rest.substring(colon + 3);
      } else {
        int c = rest.indexOf(": ");
        if (c > 0) {
          rest = rest.substring(c + 2);
        }
      }
    }
    body = rest;
  }

  // Whether a host's name starts at i, as Exim writes it after "host ": a name with a dot, an
  // address in brackets, or a name followed by its address ("mx [192.0.2.1]").
  private static boolean namesHost(String s, int i) {
    int end = i;
    boolean dot = false;
    while (end < s.length() && s.charAt(end) != ' ' && s.charAt(end) != ':'
        && s.charAt(end) != '\n') {
      dot |= s.charAt(end) == '.';
      end++;
    }
    return end > i && (dot || s.charAt(i) == '[' || s.startsWith(" [", end));
  }

  // Where a reply starts after ": " in an Exim command ("RCPT TO:<a@b>: 550 ..."), or -1.
  private static int replyAfterColon(String command) {
    for (int k = command.indexOf(": "); k >= 0; k = command.indexOf(": ", k + 1)) {
      int start = skipSpaces(command, k + 2);
      if (codeTokenAt(command, start) > 0) {
        return start;
      }
    }
    return -1;
  }

  // msmtp's error output: "msmtp: server message: 550 ..." lines hold the server's reply; the
  // line before them says at which step it came ("authentication failed (method LOGIN)",
  // "envelope from address ... not accepted by the server", "recipient address ... not accepted
  // by the server", "the server did not accept the mail").
  private static final String MSMTP_REPLY = "msmtp: server message: ";

  private void msmtp() {
    if (body.indexOf(MSMTP_REPLY) < 0) {
      return;
    }
    StringBuilder b = new StringBuilder();
    SmtpStage step = null;
    for (String line : body.split("\n", -1)) {
      String t = line.trim();
      if (t.startsWith(MSMTP_REPLY)) {
        b.append(t.substring(MSMTP_REPLY.length())).append('\n');
      } else if (b.length() == 0 && t.startsWith("msmtp: ")) {
        String m = t.toLowerCase(Locale.ROOT);
        if (m.startsWith("msmtp: authentication failed")) {
          step = SmtpStage.AUTH;
        } else if (m.startsWith("msmtp: envelope from address")) {
          step = SmtpStage.MAIL_FROM;
        } else if (m.startsWith("msmtp: recipient address")) {
          step = SmtpStage.RCPT_TO;
        } else if (m.startsWith("msmtp: the server did not accept the mail")) {
          step = SmtpStage.DATA;
        }
      }
    }
    if (b.length() == 0) {
      return; // the words stand inside a line: no msmtp reply line to read
    }
    if (step != null) {
      stage = step;
    }
    body = b.toString();
  }

  // swaks's transcript: " -> RCPT TO:<a@b>" (" ~> " under TLS) for a command it sent, "<-  250 ..."
  // for a reply, "<** 550 ..." ("<~* " under TLS) for an error reply. The last error reply (with
  // the lines of the same multi-line reply before it) is the reply, and the last command sent
  // before it names the stage.
  private void swaksTranscript() {
    if (body.indexOf("<** ") < 0 && body.indexOf("<~* ") < 0) {
      return;
    }
    String[] lines = body.split("\n", -1);
    int last = -1;
    for (int i = 0; i < lines.length; i++) {
      if (swaksError(lines[i]) != null) {
        last = i;
      }
    }
    if (last < 0) {
      return;
    }
    int first = last;
    while (first > 0 && swaksError(lines[first - 1]) != null) {
      first--;
    }
    for (int i = first - 1; i >= 0; i--) {
      String t = lines[i].trim();
      if (t.startsWith("-> ") || t.startsWith("~> ")) {
        SmtpStage.fromCommand(t.substring(3).trim()).ifPresent(st -> stage = st);
        break;
      }
    }
    StringBuilder b = new StringBuilder();
    for (int i = first; i <= last; i++) {
      b.append(swaksError(lines[i])).append('\n');
    }
    body = b.toString();
  }

  // The reply of a swaks error line ("<** 550 ...", "<~* 554 ..."), or null (also when no reply
  // code follows the marker).
  private static String swaksError(String line) {
    String t = line.trim();
    if (!t.startsWith("<** ") && !t.startsWith("<~* ")) {
      return null;
    }
    String reply = t.substring(4).trim();
    return codeTokenAt(reply, 0) > 0 ? reply : null;
  }

  // MDaemon's session transcript: "Wed 2013-09-11 12:22:05: --> RCPT To:<a@b>" for a command it
  // sent, "Wed 2013-09-11 12:22:05: <-- 550 5.1.1 ..." for a reply it received. The last received
  // reply with a 4xx or 5xx code (with the lines of the same multi-line reply before it) is the
  // reply, and the last command sent before it names the stage. A transcript without such a reply
  // (a failed DNS look-up, a refused connection) stays as it is: its words are the reason.
  private static final String RECEIVED = ": <-- ";
  private static final String SENT = ": --> ";

  private void mdaemonTranscript() {
    if (body.indexOf(RECEIVED) < 0) {
      return;
    }
    String[] lines = body.split("\n", -1);
    int last = -1;
    int code = -1;
    for (int i = 0; i < lines.length; i++) {
      String r = transcriptLine(lines[i], RECEIVED);
      int c = r == null ? -1 : codeTokenAt(r, 0);
      if (c >= 400) {
        last = i;
        code = c;
      }
    }
    if (last < 0) {
      return;
    }
    int first = last;
    while (first > 0) {
      String r = transcriptLine(lines[first - 1], RECEIVED);
      if (r == null || codeTokenAt(r, 0) != code || r.length() < 4 || r.charAt(3) != '-') {
        break;
      }
      first--;
    }
    for (int i = first - 1; i >= 0; i--) {
      String command = transcriptLine(lines[i], SENT);
      if (command != null) {
        SmtpStage.fromCommand(command).ifPresent(st -> stage = st);
        break;
      }
    }
    StringBuilder b = new StringBuilder();
    for (int i = first; i <= last; i++) {
      b.append(transcriptLine(lines[i], RECEIVED)).append('\n');
    }
    body = b.toString();
  }

  // The text after the marker of a transcript line that starts with a date and a time ending in
  // "hh:mm:ss" right before the marker; null for any other line.
  private static String transcriptLine(String line, String marker) {
    int k = line.indexOf(marker);
    if (k < 8 || k > 40) {
      return null;
    }
    for (int j = k - 8; j < k; j++) {
      char c = line.charAt(j);
      boolean colon = j == k - 6 || j == k - 3;
      if (colon ? c != ':' : c < '0' || c > '9') {
        return null;
      }
    }
    return line.substring(k + marker.length()).trim();
  }

  // Sendmail: "... while talking to mx.example.com.:\n>>> RCPT To:<x>\n<<< 550 5.1.1 ..."
  private void sendmailTranscript() {
    if (hasOwnCode() || body.indexOf(">>> ") < 0 && body.indexOf("<<< ") < 0
        && body.indexOf("while talking") < 0) {
      return; // a reply that starts with its code quotes the markers as words of its text
    }
    StringBuilder b = new StringBuilder();
    // The stage is the command before the first refusal: a later command ("DATA" after a refused
    // "RCPT TO", answered "503 Bad sequence of commands") only follows from it.
    boolean refused = false;
    for (String line : transcriptLines(body)) {
      String t = line.trim();
      if (t.startsWith(">>> ") && codeTokenAt(t, 4) < 0 && isCommand(t, 4)) {
        if (!refused) {
          SmtpStage.fromCommand(t.substring(4)).ifPresent(st -> stage = st);
        }
        continue;
      }
      if (t.startsWith(">>> ")) {
        t = t.substring(4); // a reply quoted with the wrong marker: no command starts with digits
      }
      if (t.startsWith("<<< ") && codeTokenAt(t, 4) >= 400) {
        refused = true;
      } else if (t.startsWith("<<< ") && codeTokenAt(t, 4) >= 200) {
        continue; // an accepted command ("<<< 250 2.1.0 Sender OK") is not the refusal
      }
      if (t.startsWith("... while talking to ")) {
        // The host is one word; a log that joined the transcript's lines has the rest after it.
        String rest = t.substring(21).trim();
        int sp = rest.indexOf(' ');
        String h = stripEnd(stripEnd(sp < 0 ? rest : rest.substring(0, sp), ":"), ".");
        if (!h.isEmpty()) {
          remoteHost = h;
        }
        if (sp < 0) {
          continue;
        }
        t = rest.substring(sp + 1).trim();
      }
      if (t.startsWith("-----") && t.endsWith("-----")) {
        continue;
      }
      if (t.startsWith("<<< ")) {
        t = t.substring(4);
      }
      b.append(t).append('\n');
    }
    body = b.toString();
  }

  // The transcript's lines, with a line that a log or a one-line field joined split again before
  // each marker that starts a line of its own: " >>> " before a command, " <<< " before a code
  // ("... while talking to mx.example.com.: >>> RCPT To:<x> <<< 550 5.1.1 User unknown").
  private static List<String> transcriptLines(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      int from = 0;
      int at = line.indexOf(" >>> ");
      int back = line.indexOf(" <<< ");
      while (at >= 0 || back >= 0) {
        int k = at < 0 ? back : back < 0 ? at : Math.min(at, back);
        boolean command = k == at;
        boolean starts =
            command
                ? codeTokenAt(line, k + 5) < 0 && isCommand(line, k + 5)
                : codeTokenAt(line, k + 5) >= 200;
        if (starts) {
          out.add(line.substring(from, k));
          from = k + 1;
        }
        if (command) {
          at = line.indexOf(" >>> ", k + 1);
        } else {
          back = line.indexOf(" <<< ", k + 1);
        }
      }
      out.add(line.substring(from));
    }
    return out;
  }

  // Whether a transcript line after its ">>> " marker is a command sent: a word of letters alone
  // ("RCPT To:<x>", "DATA", "QUIT"), not an address or text quoted with the same marker
  // (">>> someone@example.org (Undelivered): 550 ...").
  private static boolean isCommand(String t) {
    return isCommand(t, 0);
  }

  private static boolean isCommand(String t, int from) {
    int i = from;
    while (i < t.length() && (t.charAt(i) >= 'A' && t.charAt(i) <= 'Z'
        || t.charAt(i) >= 'a' && t.charAt(i) <= 'z')) {
      i++;
    }
    return i - from >= 4 && (i == t.length() || t.charAt(i) == ' ' || t.charAt(i) == ':');
  }

  // ---------------------------------------------------------------- the reply

  private SmtpReply build(boolean truncated) {
    boolean normal = body == normalOf;
    // The lines, cut at each line break, read only from here on. A text on one line, the common
    // case, is neither copied nor put in a list that could grow.
    List<String> raw;
    if (body.indexOf('\n') < 0) {
      String t = normal ? trimSpace(body) : collapse(body);
      raw = t.isEmpty() ? List.of() : List.of(t);
    } else {
      raw = new ArrayList<>(4); // most replies have one to three lines
      for (int from = 0; ; ) {
        int nl = body.indexOf('\n', from);
        String line = nl >= 0 ? body.substring(from, nl) : body.substring(from);
        String t = normal ? trimSpace(line) : collapse(line);
        if (!t.isEmpty()) {
          raw.add(t);
        }
        if (nl < 0) {
          break;
        }
        from = nl + 1;
      }
    }
    raw = afterAccepted(embeddedReply(mergeWrapped(raw)));

    int code = -1;
    EnhancedStatusCode enhanced = null;
    String enhancedAsWritten = null;
    List<String> lines = new ArrayList<>(4);
    boolean inReply = false;
    boolean finished = false; // a final "550 " line was seen: what follows repeats or adds
    int dropped = 0;
    for (int r = 0; r < raw.size(); r++) {
      String line = raw.get(r);
      int c = codeTokenAt(line, 0);
      if (c < 0) {
        if (code < 0 && lines.isEmpty() && line.endsWith(":") && r + 1 < raw.size()
            && !wrappedMidSentence(raw.get(r + 1))) {
          // A lead-in such as "The server said:". When sentences come before it on the line
          // ("... may not exist, or you may not have permission to post. A few more details:"),
          // they are words of the reply and stay.
          int lastSentence = line.lastIndexOf(". ");
          if (lastSentence > 0) {
            addLine(lines, line.substring(0, lastSentence + 1), finished);
          }
          continue;
        }
        if (dropped == 0) {
          addLine(lines, line, finished);
        }
        continue;
      }
      if (code < 0) {
        code = c;
        inReply = true;
      } else if (c != code) {
        dropped++;
        continue;
      }
      if (dropped > 0) {
        continue;
      }
      List<String> segments = splitJoined(line, c); // null: the line is one segment
      for (int q = 0, count = segments == null ? 1 : segments.size(); q < count; q++) {
        String segment = segments == null ? line : segments.get(q);
        // The words after the code ("550 " or "550-"), trimmed, read in place: only what is kept
        // is copied.
        int from = Math.min(4, segment.length());
        int end = segment.length();
        while (from < end && segment.charAt(from) <= ' ') {
          from++;
        }
        while (end > from && segment.charAt(end - 1) <= ' ') {
          end--;
        }
        int sp = segment.indexOf(' ', from);
        int firstEnd = sp < 0 || sp >= end ? end : sp;
        Optional<EnhancedStatusCode> e = EnhancedStatusCode.tryParse(segment, from, firstEnd);
        int codeEnd = firstEnd;
        if (e.isEmpty() && firstEnd - from > 5
            && ".,:;".indexOf(segment.charAt(firstEnd - 1)) >= 0) {
          // "550 5.1.1." or "550 5.2.1, mailbox disabled": the code ends a sentence or a clause.
          codeEnd = firstEnd - 1;
          e = EnhancedStatusCode.tryParse(segment, from, codeEnd);
        }
        if (e.isPresent()) {
          if (enhanced == null) {
            enhanced = e.get();
            enhancedAsWritten = segment.substring(from, codeEnd);
          } else if (!enhanced.equals(e.get())) {
            warn(
                "lines carry different enhanced codes: "
                    + enhanced
                    + " and "
                    + e.get()
                    + "; kept the first, "
                    + enhanced);
          }
          from = firstEnd;
          while (from < end && segment.charAt(from) <= ' ') {
            from++;
          }
        }
        if (from < end) {
          addLine(lines, segment.substring(from, end), finished);
        }
      }
      if (line.length() == 3 || line.charAt(3) == ' ') {
        finished = true;
      }
    }
    if (enhancedAsWritten != null) {
      for (int k = 0; k < lines.size(); k++) {
        lines.set(k, dropInlineCode(lines.get(k), enhancedAsWritten));
      }
    }
    if (dropped > 0) {
      warn(
          dropped
              + " line(s) with another reply code after the "
              + code
              + " reply were ignored (a second reply)");
    }
    if (!inReply && !lines.isEmpty()) {
      // No basic code: a text that starts with an enhanced code ("5.7.12 Sender was ...").
      String first = lines.get(0);
      int sp = first.indexOf(' ');
      String token = sp < 0 ? first : first.substring(0, sp);
      Optional<EnhancedStatusCode> e = EnhancedStatusCode.tryParse(token);
      int dash = token.lastIndexOf('-');
      if (e.isEmpty() && dash > 0 && isDigits(token, dash + 1)) {
        // Documentation writes ranges such as "4.7.500-699": the range's first code.
        e = EnhancedStatusCode.tryParse(token, 0, dash);
      }
      if (e.isPresent()) {
        enhanced = e.get();
        String rest = sp < 0 ? "" : first.substring(sp + 1).trim();
        if (rest.isEmpty()) {
          lines.remove(0);
        } else {
          lines.set(0, rest);
        }
      }
    }
    String trailer = trailer(lines);
    if (enhanced == null) {
      enhanced = embeddedEnhancedCode(lines).orElse(wrapperCode);
    }
    if (code > 0 && enhanced != null && code / 100 != enhanced.statusClass().code()) {
      warn(
          "basic code "
              + code
              + " and enhanced code "
              + enhanced
              + " disagree on the class; both are kept as written, and the basic code's class ("
              + code / 100
              + ") is the reply's class");
    }
    // Lists SmtpReply keeps as they are (List.copyOf does not copy an unmodifiable list): one
    // line, and no warnings, are the common case.
    return new SmtpReply(
        code > 0 ? BASIC_CODES[code] : OptionalInt.empty(),
        Optional.ofNullable(enhanced),
        lines.size() == 1 ? List.of(lines.get(0)) : lines,
        Optional.ofNullable(remoteHost),
        Optional.ofNullable(stage),
        Optional.ofNullable(trailer),
        warnings == null ? List.of() : warnings,
        truncated);
  }

  // The basic codes (200-599, from codeTokenAt) as the reply holds them, and as splitJoined()
  // looks for them after a space (" 550"), made once.
  private static final OptionalInt[] BASIC_CODES = new OptionalInt[600];
  private static final String[] CODE_MARKERS = new String[600];

  static {
    for (int c = 200; c < BASIC_CODES.length; c++) {
      BASIC_CODES[c] = OptionalInt.of(c);
      CODE_MARKERS[c] = " " + c;
    }
  }

  // After a complete reply, a line that repeats one already kept is dropped (Sendmail prints the
  // reply twice: "<<< 550 ... User Unknown" then "550 ... User unknown").
  private static void addLine(List<String> lines, String line, boolean finished) {
    if (finished) {
      String low = line.toLowerCase(Locale.ROOT);
      for (String kept : lines) {
        if (kept.toLowerCase(Locale.ROOT).equals(low)) {
          return;
        }
      }
    }
    lines.add(line);
  }

  // A session pasted without transcript marks ("250 Hello", "MAIL FROM: <a@b>", "555 5.5.2 Syntax
  // error."): when the first reply accepted (2xx, 3xx) and a later one refused (4xx, 5xx), the
  // refusal is the reply, and a command right before it names the stage.
  private List<String> afterAccepted(List<String> raw) {
    int first = -1;
    for (int i = 0; i < raw.size() && first < 0; i++) {
      if (codeTokenAt(raw.get(i), 0) >= 0) {
        first = i;
      }
    }
    if (first < 0 || codeTokenAt(raw.get(first), 0) >= 400) {
      return raw;
    }
    for (int i = first + 1; i < raw.size(); i++) {
      if (codeTokenAt(raw.get(i), 0) >= 400) {
        if (stage == null && i > first + 1 && isCommand(raw.get(i - 1))) {
          SmtpStage.fromCommand(raw.get(i - 1)).ifPresent(st -> stage = st);
        }
        return raw.subList(i, raw.size());
      }
    }
    return raw;
  }

  // A line that starts with a lower-case letter or a bracket continues the sentence of the line
  // before, which a copy broke after a colon ("... required to deliver to this account of
  // TLS1_3:" / "found TLS1_2"): the line before is no lead-in to drop.
  private static boolean wrappedMidSentence(String next) {
    if (next.isEmpty()) {
      return false;
    }
    char c = next.charAt(0);
    return Character.isLowerCase(c) || c == '(' || c == '[';
  }

  // When no line starts with a reply code, a reply may follow a lead-in on the same line:
  // "The error that the other server returned was: 550 5.1.1 ...".
  private static List<String> embeddedReply(List<String> raw) {
    for (int f = 0; f < raw.size(); f++) {
      if (codeTokenAt(raw.get(f), 0) > 0) {
        return f == 0 ? raw : leadInBefore(raw, f);
      }
    }
    for (int n = 0; n < raw.size(); n++) {
      String line = raw.get(n);
      int arrows = arrowPrefix(line);
      int[] continuations = null; // firstContinuations(line), made when first needed
      int token = 0; // where the token holding the character before i starts
      for (int i = 1; i + 3 <= line.length(); i++) {
        char before = line.charAt(i - 1);
        if (before == ' ') {
          token = i;
        }
        boolean boundary =
            before == ':' || before == ';' || before == '(' || before == '\'' || before == '"'
                || before == '\uFF1A'
                || before == '#' && !line.regionMatches(true, token, "http", 0, 4) // not a URL's
                || i == arrows // a session log's "<-- 451 ..."
                || before == '[' // X6: "... error message: [554 5.4.6 Hop count exceeded]"
                || (before == ' ' && i >= 2 && ":;('\"".indexOf(line.charAt(i - 2)) >= 0)
                // "Error - 550 ...": a dash between spaces
                || (before == ' ' && i >= 3 && dashChar(line.charAt(i - 2))
                    && line.charAt(i - 3) == ' ');
        // "Could not deliver message to a@example.com. 550 ...": a sentence before a failure's
        // code (4xx or 5xx: a number after a sentence may count something). When the same code
        // was already written as a continuation ("421-") earlier on the line, the line joins a
        // reply's lines and the code here continues it, the sentence before being its own.
        if (!boundary && before == ' ' && i >= 2 && line.charAt(i - 2) == '.'
            && (line.charAt(i) == '4' || line.charAt(i) == '5') && codeTokenAt(line, i) > 0) {
          if (continuations == null) {
            continuations = firstContinuations(line);
          }
          int k = continuations[codeTokenAt(line, i) - 400];
          boundary = k < 0 || k >= i;
        }
        // The code ends the line and the reply's words are on the next one ("...was: 550",
        // "User unknown"), or words follow on the same line.
        boolean atEnd = i + 3 == line.length() && n + 1 < raw.size();
        if (boundary && codeTokenAt(line, i) > 0 && (followedByReplyText(line, i + 3) || atEnd)) {
          List<String> out = new ArrayList<>();
          String reply = line.substring(i);
          if (before == '[' && reply.endsWith("]") && reply.indexOf('[') < 0) {
            reply = reply.substring(0, reply.length() - 1); // X6: the reply in brackets
          }
          out.add(reply);
          out.addAll(raw.subList(n + 1, raw.size()));
          return out;
        }
      }
    }
    return raw;
  }

  // The reply's lines when the first line that starts with a code follows a line whose reply
  // starts after a lead-in ("Error: 553-Recipients must be on these domains:\n553 localhost",
  // "Error: 503 5.5.0 ...\n554 5.5.1 ..."): that line from its code on, when the code follows a
  // colon and is written as a reply's is, its continuation mark with the next line's code or an
  // enhanced code of its class. Otherwise the lines as they are.
  private static List<String> leadInBefore(List<String> raw, int first) {
    String line = raw.get(first - 1);
    int next = codeTokenAt(raw.get(first), 0);
    for (int i = line.indexOf(": "); i >= 0; i = line.indexOf(": ", i + 1)) {
      int at = i + 2;
      int code = codeTokenAt(line, at);
      if (code < 0 || at + 4 >= line.length()) {
        continue;
      }
      boolean continued = code == next && line.charAt(at + 3) == '-';
      boolean enhanced =
          line.charAt(at + 3) == ' ' && line.charAt(at + 4) == line.charAt(at)
              && at + 5 < line.length() && line.charAt(at + 5) == '.';
      if (continued || enhanced) {
        List<String> out = new ArrayList<>(raw.size() - first + 1);
        out.add(line.substring(at));
        out.addAll(raw.subList(first, raw.size()));
        return out;
      }
    }
    return raw;
  }

  // Where each failure code (400-599) is first written as a continuation line's ("550-") in the
  // line, -1 where it is not: a code found after a sentence at a later place is then a joined
  // reply's last line ("550-... 550 ..."), not the start of a reply. One pass over the line.
  private static int[] firstContinuations(String line) {
    int[] first = new int[200];
    java.util.Arrays.fill(first, -1);
    for (int k = 0; k + 3 < line.length(); k++) {
      char a = line.charAt(k);
      if ((a == '4' || a == '5') && line.charAt(k + 3) == '-'
          && (k == 0 || line.charAt(k - 1) == ' ')) {
        int code = codeTokenAt(line, k);
        if (code >= 400 && first[code - 400] < 0) {
          first[code - 400] = k;
        }
      }
    }
    return first;
  }

  private static boolean dashChar(char c) {
    return c == '-' || c == '\u2013' || c == '\u2014';
  }

  // Where the text starts after a session log's arrows and spaces at the start of a line ("<--
  // ", "<< ", "<- "), or -1 when the line does not start so.
  private static int arrowPrefix(String line) {
    int k = 0;
    boolean arrow = false;
    while (k < line.length() && (line.charAt(k) == '<' || line.charAt(k) == '-')) {
      arrow |= line.charAt(k) == '<';
      k++;
    }
    int text = skipSpaces(line, k);
    return arrow && text > k ? text : -1;
  }

  private static boolean followedByReplyText(String s, int i) {
    if (i >= s.length()) {
      return false;
    }
    int j = i + 1;
    if (j >= s.length()) {
      return false;
    }
    char c = s.charAt(j);
    return Character.isLetterOrDigit(c) || c == '<' || c == '[' || c == '#' || c == '"';
  }

  // A reply that Postfix logged on one line ("550-5.7.1 aaa 550-5.7.1 bbb 550 5.7.1 ccc") and a
  // bounce then wrapped at its own width ("...does not have\na PTR 550-5.7.1 record setup"): a
  // piece without a code of its own that carries the reply's code further on goes back onto the
  // line before, which splitJoined then cuts at its codes.
  private static List<String> mergeWrapped(List<String> raw) {
    List<String> out = null;
    StringBuilder joined = null; // the line being put back together, while pieces join it
    int code = -1;
    for (int k = 0; k < raw.size(); k++) {
      String line = raw.get(k);
      if (k > 0 && codeTokenAt(line, 0) < 0) {
        String prev = raw.get(k - 1);
        int c = joined != null ? code : codeTokenAt(prev, 0);
        if (c > 0 && (joined != null || prev.length() > 4 && prev.charAt(3) == '-')) {
          String m = " " + c;
          boolean prevEnds = joined != null ? endsWith(joined, m) : prev.endsWith(m);
          if (line.contains(m + "-") || line.contains(m + " ") || line.endsWith(m) || prevEnds) {
            if (joined == null) {
              if (out == null) {
                out = new ArrayList<>(raw.subList(0, k - 1));
              } else {
                out.remove(out.size() - 1); // prev, which joined takes over
              }
              joined = new StringBuilder(prev);
              code = c;
            }
            joined.append(' ').append(line);
            continue;
          }
        }
      }
      if (joined != null) {
        out.add(joined.toString());
        joined = null;
      }
      if (out != null) {
        out.add(line);
      }
    }
    if (joined != null) {
      out.add(joined.toString());
    }
    return out == null ? raw : out;
  }

  private static boolean endsWith(StringBuilder b, String suffix) {
    int n = b.length() - suffix.length();
    if (n < 0) {
      return false;
    }
    for (int i = 0; i < suffix.length(); i++) {
      if (b.charAt(n + i) != suffix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  // Lines a log joined keeping only the enhanced code as their mark ("... is not accepted due
  // 4.7.26 to domain's DMARC policy, but temporary DNS failures prevent 4.7.26 authentication"):
  // the reply's own code standing alone inside the text is a line mark, not words, and goes.
  static String dropInlineCode(String line, String code) {
    if (line.startsWith(code)
        && (line.length() == code.length() || line.charAt(code.length()) == ' ')) {
      // A continuation line that kept only the enhanced code as its mark ("4.7.0 text").
      line = line.substring(code.length()).trim();
    }
    int i = line.indexOf(code, 1);
    if (i < 0) {
      return line;
    }
    StringBuilder b = null;
    int from = 0;
    while (i >= 0) {
      int end = i + code.length();
      if (line.charAt(i - 1) == ' ' && (end == line.length() || line.charAt(end) == ' ')) {
        if (b == null) {
          b = new StringBuilder(line.length());
        }
        b.append(line, from, i - 1);
        from = end;
      }
      i = line.indexOf(code, end);
    }
    if (b == null) {
      return line;
    }
    return b.append(line, from, line.length()).toString().trim();
  }

  // "550-5.7.1 aaa 550-5.7.1 bbb 550 5.7.1 ccc" -> three segments (Postfix joins lines so); null
  // when the line is one segment, the common case (no list is made for it).
  private static List<String> splitJoined(String line, int code) {
    if (line.length() < 4 || line.charAt(3) != '-') {
      return null;
    }
    String marker = CODE_MARKERS[code];
    if (line.indexOf(marker, 4) < 0) {
      return null; // a continuation line of its own ("550-5.7.1 ..."), no second code in it
    }
    List<String> out = new ArrayList<>();
    String enhancedAfter = null;
    int sp = line.indexOf(' ', 4);
    String first = sp < 0 ? line.substring(4) : line.substring(4, sp);
    if (EnhancedStatusCode.tryParse(first).isPresent()) {
      enhancedAfter = first;
    }
    int lastDash = lastIndexOf(line, marker + "-", line.length());
    int start = 0;
    int i = 4;
    while (true) {
      int next = line.indexOf(marker, i);
      if (next < 0) {
        break;
      }
      int after = next + 1 + 3;
      boolean split = false;
      if (after < line.length()) {
        char sep = line.charAt(after);
        if (sep == '-') {
          split = true;
        } else if (sep == ' ') {
          split =
              enhancedAfter != null
                  ? line.startsWith(enhancedAfter, after + 1)
                      && (after + 1 + enhancedAfter.length() == line.length()
                          || line.charAt(after + 1 + enhancedAfter.length()) == ' ')
                  : lastDash < after;
        }
      } else {
        split = true;
      }
      if (split) {
        out.add(line.substring(start, next));
        start = next + 1;
      }
      i = next + 1;
    }
    out.add(line.substring(start));
    return out;
  }

  // Takes Gmail's "<id> - gsmtp" or Microsoft's "[host ...]" off the last line.
  private static String trailer(List<String> lines) {
    if (lines.isEmpty()) {
      return null;
    }
    int last = lines.size() - 1;
    String line = lines.get(last);
    int len = line.length();
    boolean dashed = endsWithIgnoreCase(line, "- gsmtp");
    String trailer = null;
    String rest = null;
    if (dashed || endsWithIgnoreCase(line, "gsmtp") && (len == 5 || line.charAt(len - 6) == ' ')) {
      int cut = dashed ? len - 7 : len - 5;
      // The words before the mark, trimmed, as [from, to) of the line; their last one, the
      // session id if it looks like one, starts at token. Read in place: only what is kept is
      // copied.
      int from = 0;
      int to = cut;
      while (from < to && line.charAt(from) <= ' ') {
        from++;
      }
      while (to > from && line.charAt(to - 1) <= ' ') {
        to--;
      }
      int sp = to - 1;
      while (sp >= from && line.charAt(sp) != ' ') {
        sp--;
      }
      int token = sp < from ? from : sp + 1;
      String mark = line.substring(cut).trim();
      if (looksLikeSessionId(line, token, to)) {
        // The id and the mark as the line writes them when one space parts them (the common
        // case), else joined by one.
        trailer = to == cut - 1 && line.charAt(to) == ' ' && mark.length() == len - cut
            ? line.substring(token)
            : line.substring(token, to) + " " + mark;
        rest = sp < from ? "" : line.substring(from, sp).trim();
      } else {
        trailer = mark;
        rest = line.substring(from, to);
      }
    } else if (line.endsWith("]")) {
      int open = line.lastIndexOf('[');
      if (open >= 0 && (open == 0 || line.charAt(open - 1) == ' ')) {
        String inner = line.substring(open + 1, line.length() - 1);
        String host = inner;
        if (host.regionMatches(true, 0, "hostname=", 0, 9)) {
          host = host.substring(9);
        }
        int sp = host.indexOf(' ');
        if (sp > 0) {
          host = host.substring(0, sp);
        }
        if (FactExtractor.isHostName(host)) {
          trailer = line.substring(open);
          rest = line.substring(0, open).trim();
        }
      }
    }
    if (trailer == null) {
      return null;
    }
    if (rest.isEmpty()) {
      lines.remove(last);
    } else {
      lines.set(last, rest);
    }
    return trailer;
  }

  private static boolean endsWithIgnoreCase(String s, String suffix) {
    int from = s.length() - suffix.length();
    return from >= 0 && s.regionMatches(true, from, suffix, 0, suffix.length());
  }

  // Whether s[from, to) looks like a session id ("a1si123.45"): six characters or more, letters,
  // digits, dots and dashes, a dot and a digit among them.
  private static boolean looksLikeSessionId(String s, int from, int to) {
    if (to - from < 6) {
      return false;
    }
    boolean digit = false;
    boolean dot = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c == '.') {
        dot = true;
      } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-')) {
        return false;
      }
    }
    return digit && dot;
  }

  // "(#5.1.1)", "#5.7.1", "[5.7.1]", "(5.7.1)" anywhere in the text.
  private static Optional<EnhancedStatusCode> embeddedEnhancedCode(List<String> lines) {
    Optional<EnhancedStatusCode> loose = Optional.empty();
    for (String line : lines) {
      // A code starts with its class (2, 4 or 5) and a dot, so only the places before such a dot
      // can open one: d - 2 ("#5.1.1", "(5.1.1)", " 5.1.1") and, after "(#", d - 3. They are
      // read in text order. i = -1 stands for the line start (a later line "5.4.1 Recipient
      // address rejected").
      for (int d = line.indexOf('.', 1); d >= 0; d = line.indexOf('.', d + 1)) {
        char cls = line.charAt(d - 1);
        if (cls != '2' && cls != '4' && cls != '5') {
          continue;
        }
        boolean hashInParens = d >= 3 && line.charAt(d - 3) == '(' && line.charAt(d - 2) == '#';
        for (int i = hashInParens ? d - 3 : d - 2; i <= d - 2; i++) {
          char c = i < 0 ? ' ' : line.charAt(i);
          boolean marked = c == '#' || c == '(' || c == '[';
          // Also a failure code standing as a word after a space, a colon or an opening quote
          // ("... not accepted: 5.7.1 This system", "ERROR_CODE :5.1.1", "replied: \"5.7.1 ..."):
          // only 4.x.x and 5.x.x, only as a fallback.
          boolean word = (c == ' ' || c == ':' || c == '"' || c == '\'') && i + 1 < line.length()
              && (line.charAt(i + 1) == '4' || line.charAt(i + 1) == '5');
          if (!marked && !word || word && citesSection(line, i)) {
            continue;
          }
          int start = i + 1;
          if (c == '(' && start < line.length() && line.charAt(start) == '#') {
            start++;
          }
          int end = start;
          while (end < line.length() && end - start < 12
              && (Character.isDigit(line.charAt(end)) || line.charAt(end) == '.')) {
            end++;
          }
          boolean closed =
              end == line.length()
                  || " )];,>\"'".indexOf(line.charAt(end)) >= 0
                      && (c == '#' || word || line.charAt(end) != ' ');
          if (!closed
              || (c == '"' || c == '\'') && (end == line.length() || line.charAt(end) != ' ')) {
            continue; // a quoted code opens the quoted reply's words: "4.2.1" alone is a number
          }
          Optional<EnhancedStatusCode> e = EnhancedStatusCode.tryParse(line, start, end);
          if (e.isPresent() && marked) {
            return e;
          }
          if (e.isPresent() && loose.isEmpty() && !e.get().isSuccess()) {
            loose = e;
          }
        }
      }
    }
    return loose;
  }

  // Whether the word before {@code i} cites a document's section, so the number after it is one
  // ("See RFC2821 4.1.3", "RFC 5321 4.5.3.1", "section 4.1.1"), not a status code.
  private static boolean citesSection(String line, int i) {
    if (i <= 0) {
      return false;
    }
    int end = i;
    int start = end;
    while (start > 0 && Character.isLetterOrDigit(line.charAt(start - 1))) {
      start--;
    }
    String word = line.substring(start, end).toLowerCase(Locale.ROOT);
    if (word.equals("section") || word.equals("sec") || word.startsWith("rfc")) {
      return true;
    }
    if (!word.isEmpty() && isDigits(word, 0) && start >= 4) {
      return line.regionMatches(true, start - 4, "rfc ", 0, 4);
    }
    return false;
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The basic reply code starting at {@code i} ({@code [2-5][0-9][0-9]} followed by a space, a
   * hyphen or the end), or -1.
   */
  static int codeTokenAt(String s, int i) {
    if (i < 0 || i + 3 > s.length()) {
      return -1;
    }
    char a = s.charAt(i);
    char b = s.charAt(i + 1);
    char c = s.charAt(i + 2);
    if (a < '2' || a > '5' || b < '0' || b > '9' || c < '0' || c > '9') {
      return -1;
    }
    if (i + 3 < s.length()) {
      char d = s.charAt(i + 3);
      boolean colon = d == ':' && i == 0 && (i + 4 == s.length() || s.charAt(i + 4) == ' ');
      if (d != ' ' && d != '-' && !colon) {
        return -1;
      }
    }
    return (a - '0') * 100 + (b - '0') * 10 + (c - '0');
  }

  // True when the body is already a reply with its basic code first: a wrapper's words found
  // further on ("550 ... Remote Server returned '...'") are part of its text, not a wrapper.
  private boolean hasOwnCode() {
    return codeTokenAt(body, 0) > 0;
  }

  // True when the text starts with an enhanced status code and a space ("5.0.0 ...").
  private static boolean startsWithEnhancedCode(String s) {
    return startsWithEnhancedCode(s, 0);
  }

  // True when an enhanced status code and a space start at i.
  private static boolean startsWithEnhancedCode(String s, int i) {
    int sp = s.indexOf(' ', i);
    return sp > i + 4 && sp <= i + 12 && EnhancedStatusCode.tryParse(s, i, sp).isPresent();
  }

  // The number written by the three digits at i, or -1.
  static int digits3(String s, int i) {
    if (i + 3 > s.length()) {
      return -1;
    }
    int n = 0;
    for (int k = i; k < i + 3; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static boolean isDigits(String s, int from) {
    if (from >= s.length()) {
      return false;
    }
    for (int i = from; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static String stripEnd(String s, String suffix) {
    return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
  }

  // collapse(line) for a line of a text that needed no normalising: it has no white space but
  // single spaces, so at most one space at each end to take off.
  private static String trimSpace(String line) {
    int n = line.length();
    int a = n > 0 && line.charAt(0) == ' ' ? 1 : 0;
    int z = n > a && line.charAt(n - 1) == ' ' ? n - 1 : n;
    return a == 0 && z == n ? line : line.substring(a, z);
  }

  private static String collapse(String line) {
    int n = line.length();
    if (n == 0 || isCollapsed(line)) {
      return line;
    }
    char[] out = new char[n];
    int o = 0;
    boolean space = false;
    for (int i = 0; i < n; i++) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t' || c >= 0x80 && (Character.isWhitespace(c) || Character.isSpaceChar(c))
          || c < 0x20) {
        space = o > 0;
      } else {
        if (space) {
          out[o++] = ' ';
          space = false;
        }
        out[o++] = c;
      }
    }
    return o == n ? line : new String(out, 0, o);
  }

  // True when collapse(line) is line: no control or odd white space, no space at either end and
  // no two spaces in a row.
  private static boolean isCollapsed(String line) {
    int n = line.length();
    if (line.charAt(0) == ' ' || line.charAt(n - 1) == ' ') {
      return false;
    }
    boolean space = false;
    for (int i = 0; i < n; i++) {
      char c = line.charAt(i);
      if (c == ' ') {
        if (space) {
          return false;
        }
        space = true;
      } else if (c < 0x20 || c >= 0x80 && (Character.isWhitespace(c) || Character.isSpaceChar(c))) {
        return false;
      } else {
        space = false;
      }
    }
    return true;
  }

}
