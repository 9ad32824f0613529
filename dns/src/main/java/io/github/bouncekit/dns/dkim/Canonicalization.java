package io.github.bouncekit.dns.dkim;

import java.util.Locale;

/**
 * The DKIM canonicalisation algorithms (RFC 6376 §3.4), for the header and the body of a message.
 * Header fields are handled as ISO-8859-1 strings, so every octet maps to one character and back.
 */
public enum Canonicalization {
  /** {@code simple}: header fields unchanged; trailing empty lines of the body removed. */
  SIMPLE,
  /**
   * {@code relaxed}: names lower-cased, folding removed and white space runs made one space;
   * in the body, white space at line ends removed, inner runs made one space, trailing empty lines
   * removed.
   */
  RELAXED;

  /** The name as written in {@code c=}: {@code simple} or {@code relaxed}. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Canonicalises one header field.
   *
   * @param field the whole field as in the message: name, colon, value, folding, and its final CR
   *     LF (if any)
   * @param withCrlf whether to end the result with CR LF ({@code false} for the DKIM-Signature
   *     field itself, RFC 6376 §3.7)
   * @return the canonical form
   */
  String header(String field, boolean withCrlf) {
    if (this == SIMPLE) {
      if (withCrlf) {
        return field.endsWith("\r\n") ? field : field + "\r\n";
      }
      return field.endsWith("\r\n") ? field.substring(0, field.length() - 2) : field;
    }
    int colon = field.indexOf(':');
    StringBuilder sb = new StringBuilder(field.length() + 2);
    String name = colon < 0 ? field : field.substring(0, colon);
    int nameEnd = name.length();
    while (nameEnd > 0
        && (isWsp(name.charAt(nameEnd - 1))
            || name.charAt(nameEnd - 1) == '\r'
            || name.charAt(nameEnd - 1) == '\n')) {
      nameEnd--;
    }
    for (int i = 0; i < nameEnd; i++) {
      char c = name.charAt(i);
      if (c != '\r' && c != '\n') { // unfolding; only a malformed line has them in its name
        sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
      }
    }
    sb.append(':');
    if (colon >= 0) {
      boolean pendingSpace = false;
      boolean started = false;
      for (int i = colon + 1; i < field.length(); i++) {
        char c = field.charAt(i);
        if (c == '\r' || c == '\n') {
          continue; // unfolding
        }
        if (isWsp(c)) {
          pendingSpace = started;
          continue;
        }
        if (pendingSpace) {
          sb.append(' ');
          pendingSpace = false;
        }
        sb.append(c);
        started = true;
      }
    }
    if (withCrlf) {
      sb.append("\r\n");
    }
    return sb.toString();
  }

  /**
   * Canonicalises a body.
   *
   * @param b the message's bytes
   * @param from where the body starts
   * @param to where the body ends (exclusive)
   * @return the canonical body
   */
  byte[] body(byte[] b, int from, int to) {
    if (this == SIMPLE) {
      int end = to;
      while (end - 2 >= from && b[end - 2] == '\r' && b[end - 1] == '\n') {
        end -= 2;
      }
      byte[] out = new byte[end - from + 2];
      System.arraycopy(b, from, out, 0, end - from);
      out[out.length - 2] = '\r';
      out[out.length - 1] = '\n';
      return out;
    }
    byte[] out = new byte[to - from + 2];
    int n = 0;
    int keep = 0; // length up to the end of the last non-empty line
    int i = from;
    while (i < to) {
      int lineEnd = i;
      while (lineEnd < to && !(b[lineEnd] == '\r' && lineEnd + 1 < to && b[lineEnd + 1] == '\n')) {
        lineEnd++;
      }
      boolean pendingSpace = false;
      boolean nonEmpty = false;
      for (int j = i; j < lineEnd; j++) {
        byte c = b[j];
        if (c == ' ' || c == '\t') {
          pendingSpace = true;
          continue;
        }
        if (pendingSpace) {
          out[n++] = ' ';
          pendingSpace = false;
        }
        out[n++] = c;
        nonEmpty = true;
      }
      if (n + 2 > out.length) {
        out = java.util.Arrays.copyOf(out, out.length + 2);
      }
      out[n++] = '\r';
      out[n++] = '\n';
      if (nonEmpty) {
        keep = n;
      }
      i = lineEnd < to ? lineEnd + 2 : to;
    }
    return java.util.Arrays.copyOf(out, keep);
  }

  /**
   * The canonicalisation named by a {@code c=} part.
   *
   * @param token {@code simple} or {@code relaxed}, any case
   * @return the algorithm, or {@code null} when unknown
   */
  static Canonicalization of(String token) {
    switch (token.toLowerCase(Locale.ROOT)) {
      case "simple":
        return SIMPLE;
      case "relaxed":
        return RELAXED;
      default:
        return null;
    }
  }

  private static boolean isWsp(char c) {
    return c == ' ' || c == '\t';
  }
}
