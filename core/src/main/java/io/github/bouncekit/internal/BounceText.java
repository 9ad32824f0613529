package io.github.bouncekit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small text helpers shared by the bounce readers: a text's lines (split without a regular
 * expression), addresses (the first of a header value, the one inside angle brackets, whether a
 * token is one), a delivery-status field's value without its type ("rfc822; a@b"), and where a
 * paragraph ends.
 */
final class BounceText {
  private BounceText() {}

  /** The lines of a text, split at CRLF, LF or CR, without a regular expression. */
  static String[] lines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        out.add(text.substring(start, i));
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    out.add(text.substring(start));
    return out.toArray(new String[0]);
  }

  // The first address in a header value.
  static String firstAddress(String v) {
    if (v == null) {
      return null;
    }
    int lt = v.indexOf('<');
    int gt = lt < 0 ? -1 : v.indexOf('>', lt);
    if (lt >= 0 && gt > lt) {
      return v.substring(lt + 1, gt);
    }
    for (String token : v.split("[\\s,;]+")) {
      if (isAddress(token)) {
        return token;
      }
    }
    return v.trim();
  }

  static boolean isAddress(String a) {
    int at = a.lastIndexOf('@');
    if (at <= 0 || at == a.length() - 1 || a.indexOf('@') != at) {
      return false;
    }
    String domain = a.substring(at + 1);
    if (domain.indexOf('.') <= 0 && !domain.startsWith("[")) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      char c = a.charAt(i);
      if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == '(' || c == ')') {
        return false;
      }
      if (c == ':' && i < at) {
        return false; // "mailto:a@b" (a List-Unsubscribe header quoted in the bounce), not an address
      }
      // CJK punctuation and full-width forms ("a@b.jp您好，" - an address run into a greeting,
      // "收件人：a@b" - a label run into it)
      if (c >= '\u3000' && c <= '\u303f' || c >= '\uff00' && c <= '\uffef') {
        return false;
      }
    }
    return true;
  }

  static String address(String v) {
    if (v == null) {
      return null;
    }
    String a = v.trim();
    int lt = a.indexOf('<');
    int gt = a.lastIndexOf('>');
    if (lt >= 0 && gt > lt) {
      a = a.substring(lt + 1, gt);
    } else if (lt < 0 && gt == a.length() - 1 && gt > 0) {
      a = a.substring(0, gt); // a lone closing bracket left by a broken field: "a@b>"
    } else if (gt < 0 && lt == 0) {
      a = a.substring(1); // a lone opening bracket: "<a@b"
    }
    a = a.trim();
    if (a.startsWith("\"") && a.endsWith("\"") && a.length() > 1) {
      a = a.substring(1, a.length() - 1);
    }
    return a.toLowerCase(Locale.ROOT);
  }

  static String typeless(String v) {
    if (v == null) {
      return null;
    }
    int semi = v.indexOf(';');
    if (semi > 0 && semi < 20 && v.substring(0, semi).trim().indexOf(' ') < 0) {
      return v.substring(semi + 1).trim();
    }
    return v.trim();
  }

  static String stripAngles(String v) {
    if (v == null) {
      return null;
    }
    String t = v.trim();
    if (t.startsWith("<") && t.indexOf('>') > 0) {
      return t.substring(1, t.indexOf('>'));
    }
    return t;
  }

  // The start of the first blank line after the text at start (blank lines right at start are
  // skipped: the reply often follows its lead-in after one), or -1. LF, CRLF and CR line ends.
  static int blankLineAfter(String text, int start) {
    int n = Math.min(text.length(), start + 2000);
    int i = start;
    while (i < n && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    int lineStart = -1;
    boolean blank = false;
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        if (blank && lineStart >= 0) {
          return lineStart;
        }
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        lineStart = i + 1;
        blank = true;
      } else if (c != ' ' && c != '\t') {
        blank = false;
      }
    }
    return -1;
  }
}
