package io.github.bouncekit.internal;

import io.github.bouncekit.Facts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds facts in a reply text in one left-to-right pass over its tokens: IPv4 and IPv6 addresses,
 * host names in brackets, blocklist names, provider codes and URLs. No regular expressions; no
 * look-ups (an address is recognised by its syntax only).
 */
public final class FactExtractor {
  private FactExtractor() {}

  // Needle (lower case) and the name reported. Longer, more specific needles first.
  private static final String[][] BLOCKLISTS = {
    {"zen.spamhaus.org", "zen.spamhaus.org"},
    {"sbl-xbl.spamhaus.org", "sbl-xbl.spamhaus.org"},
    {"dbl.spamhaus.org", "dbl.spamhaus.org"},
    {"spamhaus", "Spamhaus"},
    {"b.barracudacentral.org", "b.barracudacentral.org"},
    {"barracudacentral", "Barracuda"},
    {"barracuda reputation", "Barracuda"},
    {"bl.spamcop.net", "bl.spamcop.net"},
    {"spamcop", "SpamCop"},
    {"uceprotect", "UCEPROTECT"},
    {"psbl.surriel.com", "psbl.surriel.com"},
    {"psbl", "PSBL"},
    {"mailspike", "Mailspike"},
    {"sorbs", "SORBS"},
    {"cbl.abuseat.org", "CBL"},
    {"abusix", "Abusix"},
    {"cloudmark", "Cloudmark"},
    {"senderscore", "Sender Score"},
    {"senderbase", "SenderBase"},
    {"surbl", "SURBL"},
    {"uribl", "URIBL"},
    {"invaluement", "Invaluement"},
    {"truncate.gbudb", "GBUdb Truncate"},
    {"backscatterer", "Backscatterer"},
    {"dnsbl.dronebl.org", "DroneBL"},
    {"s5h.net", "S5H"},
    {"spameatingmonkey", "SEM"},
  };

  /** The blocklist names looked for, lower case: the caller finds them (one scan for all). */
  public static List<String> blocklistNeedles() {
    return java.util.Arrays.stream(BLOCKLISTS).map(b -> b[0]).toList();
  }

  /**
   * The facts of a text.
   *
   * @param text the reply text (any case)
   * @param found which of {@link #blocklistNeedles()} occur in the text (null: none)
   * @param extraHosts host names known from elsewhere (the replying host), listed first
   * @return the facts
   */
  public static Facts extract(String text, boolean[] found, List<String> extraHosts) {
    Found f = null;
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (isSpace(c)) {
        i++;
        continue;
      }
      // The token's end, and whether it can hold a fact, in one pass: only tokens that start
      // with a bracket or hold a digit, a colon or a '#' ("AUP#...") can.
      boolean worth = c == '[' || c == '(';
      int end = i;
      while (end < n) {
        char d = text.charAt(end);
        int kind = d < 0x80 ? KIND[d] : isSpace(d) ? SPACE : 0;
        if (kind == SPACE) {
          break;
        }
        worth |= kind == WORTH;
        end++;
      }
      if (worth) {
        if (f == null) {
          f = new Found();
        }
        token(text, i, end, f);
      }
      i = end;
    }
    List<String> lists = List.of();
    if (found != null) {
      // Each list once, by its first name found; a name found inside one already named
      // ("spamhaus" in "zen.spamhaus.org") adds nothing.
      String[] named = new String[BLOCKLISTS.length];
      int count = 0;
      blocklists:
      for (int b = 0; b < BLOCKLISTS.length; b++) {
        if (!found[b]) {
          continue;
        }
        for (int k = 0; k < count; k++) {
          if (named[k].equals(BLOCKLISTS[b][1])
              || named[k].toLowerCase(Locale.ROOT).contains(BLOCKLISTS[b][0])) {
            continue blocklists;
          }
        }
        named[count++] = BLOCKLISTS[b][1];
      }
      lists = List.of(java.util.Arrays.copyOf(named, count));
    }
    if (f == null || f.isEmpty()) {
      return extraHosts.isEmpty() && lists.isEmpty()
          ? Facts.none()
          : new Facts(List.of(), extraHosts, lists, List.of(), List.of());
    }
    List<String> hosts = extraHosts;
    if (f.hosts != null) {
      List<String> all = new ArrayList<>(extraHosts);
      for (String h : f.hosts) {
        if (all.size() < Facts.MAX_PER_KIND && !all.contains(h)) {
          all.add(h); // the caller's host first, the whole list bounded like the others
        }
      }
      hosts = all;
    }
    return new Facts(list(f.ips), hosts, lists, list(f.codes), list(f.urls));
  }

  private static List<String> list(List<String> l) {
    return l == null ? List.of() : l;
  }

  // Character.isWhitespace, with the ASCII cases answered without a table look-up.
  private static boolean isSpace(char c) {
    if (c <= ' ') {
      return c == ' ' || c >= '\t' && c <= '\r' || c >= '\u001C';
    }
    return c >= 0x80 && Character.isWhitespace(c);
  }

  // The facts of one text, each list made when its first entry comes (most texts have few).
  private static final class Found {
    List<String> ips;
    List<String> hosts;
    List<String> codes;
    List<String> urls;

    boolean isEmpty() {
      return ips == null && hosts == null && codes == null && urls == null;
    }

    static List<String> add(List<String> l, String v) {
      List<String> out = l == null ? new ArrayList<>(2) : l;
      if (out.size() < Facts.MAX_PER_KIND && !out.contains(v)) {
        out.add(v); // bounded, so the look-up stays cheap on any input
      }
      return out;
    }
  }

  // The ASCII characters' kinds for the token pass: white space (as isSpace), the characters that
  // make a token worth reading, and the rest (0).
  private static final int SPACE = 1;
  private static final int WORTH = 2;
  private static final byte[] KIND = new byte[0x80];

  static {
    for (char c = 0; c < 0x80; c++) {
      boolean worth = c >= '0' && c <= '9' || c == ':' || c == '#';
      KIND[c] = (byte) (isSpace(c) ? SPACE : worth ? WORTH : 0);
    }
  }

  // One token, text[from, to): read in place, copied only for a fact it holds.
  private static void token(String text, int from, int to, Found f) {
    int u = urlStart(text, from, to);
    if (u >= 0) {
      String url = trimUrl(text.substring(u, to));
      if (url.length() > 8) {
        f.urls = Found.add(f.urls, url);
      }
      return;
    }
    char first = text.charAt(from);
    boolean bracketed = first == '[' || first == '(';
    int a = from;
    int b = to;
    while (a < b && opens(text.charAt(a))) {
      a++;
    }
    while (b > a && closes(text.charAt(b - 1))) {
      b--;
    }
    if (a == b) {
      return;
    }
    if (b - a >= 5 && text.regionMatches(true, a, "ipv6:", 0, 5)) {
      a += 5;
    }
    if (isIpv4(text, a, b) || isIpv6(text, a, b)) {
      f.ips = Found.add(f.ips, text.substring(a, b));
      return;
    }
    // "192.0.2.1:25", "[192.0.2.1]:25", "(192.0.2.1):" and the like: an address and its port
    int colon = lastIndexOf(text, ':', a, b);
    if (colon > a && isPort(text, colon + 1, b)) {
      int end = colon;
      while (end > a && closes(text.charAt(end - 1))) {
        end--;
      }
      if (isIpv4(text, a, end)) {
        f.ips = Found.add(f.ips, text.substring(a, end));
        return;
      }
    }
    if (bracketed && isHostName(text, a, b)) {
      f.hosts = Found.add(f.hosts, text.substring(a, b).toLowerCase(Locale.ROOT));
      return;
    }
    if (first == '[' && b - a >= 9 && text.regionMatches(true, a, "hostname=", 0, 9)
        && isHostName(text, a + 9, b)) {
      f.hosts = Found.add(f.hosts, text.substring(a + 9, b).toLowerCase(Locale.ROOT));
      return;
    }
    if (isProviderCode(text, a, b)) {
      f.codes = Found.add(f.codes, text.substring(a, b));
    }
  }

  // A port after an address's colon: up to five digits, or none ("1.2.3.4:").
  private static boolean isPort(String s, int from, int to) {
    if (to - from > 5) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  // The characters taken off a token's start: [ ( < " ' {
  private static boolean opens(char c) {
    return c == '[' || c == '(' || c == '<' || c == '"' || c == '\'' || c == '{';
  }

  // The characters taken off a token's end: ] ) > " ' } , ; . : ! ?
  private static boolean closes(char c) {
    switch (c) {
      case ']', ')', '>', '"', '\'', '}', ',', ';', '.', ':', '!', '?':
        return true;
      default:
        return false;
    }
  }

  private static String trimUrl(String s) {
    int b = s.length();
    while (b > 0 && ")]>\"',;.:!?".indexOf(s.charAt(b - 1)) >= 0) {
      b--;
    }
    return s.substring(0, b);
  }

  static boolean isIpv4(String s) {
    return isIpv4(s, 0, s.length());
  }

  // A dotted-quad IPv4 address in s[from, to): four decimal numbers up to 255, no leading zero.
  static boolean isIpv4(String s, int from, int to) {
    int parts = 0;
    int i = from;
    while (i < to) {
      int start = i;
      int v = 0;
      while (i < to && Character.isDigit(s.charAt(i)) && i - start < 3) {
        v = v * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (i == start || v > 255 || (i - start > 1 && s.charAt(start) == '0')) {
        return false;
      }
      parts++;
      if (i < to) {
        if (s.charAt(i) != '.' || parts == 4) {
          return false;
        }
        i++;
        if (i == to) {
          return false;
        }
      }
    }
    return parts == 4;
  }

  static boolean isIpv6(String s) {
    return isIpv6(s, 0, s.length());
  }

  // An IPv6 address in s[from, to): groups of one to four hex digits split by ':', at most one
  // "::", a dotted-quad IPv4 address as the last group (two groups' worth).
  static boolean isIpv6(String s, int from, int to) {
    int len = to - from;
    if (len < 2 || len > 45) {
      return false;
    }
    int doubleColon = -1;
    boolean colon = false;
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != ':') {
        continue;
      }
      colon = true;
      if (i + 1 < to && s.charAt(i + 1) == ':') {
        if (doubleColon >= 0) {
          return false; // a second "::"
        }
        doubleColon = i;
      }
    }
    if (!colon) {
      return false;
    }
    int count = 0;
    int g = from;
    while (true) {
      int end = g;
      boolean dot = false;
      while (end < to && s.charAt(end) != ':') {
        dot |= s.charAt(end) == '.';
        end++;
      }
      if (end > g) {
        if (end == to && dot) {
          if (!isIpv4(s, g, end)) {
            return false;
          }
          count += 2;
        } else {
          if (end - g > 4) {
            return false;
          }
          for (int k = g; k < end; k++) {
            if (Character.digit(s.charAt(k), 16) < 0) {
              return false;
            }
          }
          count++;
        }
      }
      if (end == to) {
        break;
      }
      g = end + 1;
    }
    if (doubleColon < 0) {
      return count == 8 && s.charAt(from) != ':' && s.charAt(to - 1) != ':';
    }
    return count < 8 && count >= 1;
  }

  /**
   * True for a host name: letters, digits, '.' and '-', at least two labels, an alphabetic last
   * label (so an IP literal is not one), at most 253 characters.
   */
  static boolean isHostName(String h) {
    return isHostName(h, 0, h.length());
  }

  // isHostName(String) for h[from, to).
  static boolean isHostName(String h, int from, int to) {
    int dot = lastIndexOf(h, '.', from, to);
    if (dot <= from || dot == to - 1 || to - from > 253) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = h.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-')) {
        return false;
      }
    }
    for (int i = dot + 1; i < to; i++) {
      if (!Character.isLetter(h.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static final String[] NOT_CODES = {"RFC", "UTF", "ISO", "IPV", "SHA", "MD5", "HTTP"};

  // A provider's code in t[from, to): S3150, TSS04, BL21, RP-001, AUP#CDRBL, OFR_416, IB506,
  // MXIN506, RL000001.
  private static boolean isProviderCode(String t, int from, int to) {
    int len = to - from;
    if (len < 4 || len > 16) {
      return false;
    }
    if (t.startsWith("AUP#", from)) {
      for (int i = from + 4; i < to; i++) {
        char c = t.charAt(i);
        if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
          return false;
        }
      }
      return len > 4;
    }
    int letters = 0;
    int i = from;
    while (i < to && t.charAt(i) >= 'A' && t.charAt(i) <= 'Z') {
      letters++;
      i++;
    }
    if (letters < 1 || letters > 6) {
      return false;
    }
    for (String no : NOT_CODES) {
      if (no.length() <= len && t.startsWith(no, from)) {
        return false;
      }
    }
    if (i < to && (t.charAt(i) == '-' || t.charAt(i) == '_')) {
      i++;
    }
    int digits = 0;
    for (; i < to; i++) {
      char c = t.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else {
        return false;
      }
    }
    return digits >= 2 && digits <= 9;
  }

  // Start of "http://" or "https://" (any case) in s[from, to), or -1. Every search here stays
  // inside the token: one that ran on to the text's end would make a text of many tokens cost
  // the square of its length.
  private static int urlStart(String s, int from, int to) {
    for (int colon = from + 4; colon + 3 <= to; colon++) {
      if (s.charAt(colon) != ':' || s.charAt(colon + 1) != '/' || s.charAt(colon + 2) != '/') {
        continue;
      }
      if (colon - 5 >= from && s.regionMatches(true, colon - 5, "https", 0, 5)) {
        return colon - 5;
      }
      if (s.regionMatches(true, colon - 4, "http", 0, 4)) {
        return colon - 4;
      }
      colon += 2;
    }
    return -1;
  }

  // The last c in s[from, to), or -1.
  private static int lastIndexOf(String s, char c, int from, int to) {
    for (int i = to - 1; i >= from; i--) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }
}
