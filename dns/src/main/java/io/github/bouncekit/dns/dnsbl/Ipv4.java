package io.github.bouncekit.dns.dnsbl;

import java.util.OptionalInt;

/** Dotted-quad IPv4 addresses as unsigned 32-bit numbers (in an {@code int}). No DNS. */
final class Ipv4 {
  private Ipv4() {}

  /**
   * A strict dotted quad: four decimal numbers 0-255, without leading zeros or signs.
   *
   * @param s the text
   * @return the address, or empty when {@code s} is not a dotted quad
   */
  static OptionalInt parse(CharSequence s) {
    int n = s.length();
    if (n < 7 || n > 15) {
      return OptionalInt.empty();
    }
    int value = 0;
    int parts = 0;
    int i = 0;
    while (true) {
      int start = i;
      int octet = 0;
      while (i < n && i - start < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        octet = octet * 10 + (s.charAt(i) - '0');
        i++;
      }
      int len = i - start;
      if (len == 0 || octet > 255 || (len > 1 && s.charAt(start) == '0')) {
        return OptionalInt.empty();
      }
      value = (value << 8) | octet;
      parts++;
      if (parts == 4) {
        return i == n ? OptionalInt.of(value) : OptionalInt.empty();
      }
      if (i >= n || s.charAt(i) != '.') {
        return OptionalInt.empty();
      }
      i++;
    }
  }

  /** An address from its 4 bytes. */
  static int of(byte[] b) {
    return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
  }

  /** {@code 127.0.0.2}. */
  static String format(int a) {
    return (a >>> 24) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
  }
}
