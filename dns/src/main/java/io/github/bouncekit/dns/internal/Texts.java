package io.github.bouncekit.dns.internal;

import java.util.Locale;

/** Text for error messages. */
public final class Texts {
  private Texts() {}

  /** {@code 'text'}, shortened, with invisible characters as U+XXXX. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder("'");
    int limit = Math.min(s.length(), 80);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7F) {
        out.append(c);
      } else {
        out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      }
    }
    if (s.length() > limit) {
      out.append("...");
    }
    return out.append('\'').toString();
  }
}
