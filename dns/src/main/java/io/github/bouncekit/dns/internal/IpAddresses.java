package io.github.bouncekit.dns.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.OptionalInt;

/**
 * Strict address parsing (RFC 7208 ABNF), formatting and prefix matching, for SPF and DNSBL. IPv4
 * addresses come as 4 bytes or, where bit masks are applied to them, as unsigned 32-bit numbers
 * in an {@code int}. No DNS.
 */
public final class IpAddresses {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private IpAddresses() {}

  /** The address bytes, with an IPv4-mapped IPv6 address as its 4 IPv4 bytes. */
  public static byte[] bytes(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length == 16 && isMapped(b)) {
      byte[] v4 = new byte[4];
      System.arraycopy(b, 12, v4, 0, 4);
      return v4;
    }
    return b;
  }

  /** The address, with an IPv4-mapped IPv6 address turned into the IPv4 address. */
  public static InetAddress normalize(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length == 16 && isMapped(b)) {
      return toInet(bytes(address));
    }
    return address;
  }

  private static boolean isMapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
  }

  /** An address from 4 or 16 bytes; 16 bytes always give an {@link Inet6Address}. */
  public static InetAddress toInet(byte[] b) {
    try {
      return b.length == 16 ? Inet6Address.getByAddress(null, b, -1) : InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad address length " + b.length, e);
    }
  }

  /**
   * A dotted quad as RFC 7208 {@code ip4-network}: four decimal numbers 0-255 without leading
   * zeros.
   *
   * @return the 4 bytes, or null when {@code s} is not a dotted quad
   */
  public static byte[] parseIpv4(CharSequence s, int from, int to) {
    if (to - from < 7 || to - from > 15) {
      return null;
    }
    byte[] out = new byte[4];
    int part = 0;
    int i = from;
    while (true) {
      int start = i;
      int value = 0;
      while (i < to && i - start < 3 && isDigit(s.charAt(i))) {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      int len = i - start;
      if (len == 0 || value > 255 || (len > 1 && s.charAt(start) == '0')) {
        return null;
      }
      out[part++] = (byte) value;
      if (part == 4) {
        return i == to ? out : null;
      }
      if (i >= to || s.charAt(i) != '.') {
        return null;
      }
      i++;
    }
  }

  /** {@link #parseIpv4(CharSequence, int, int)} of the whole text. */
  public static byte[] parseIpv4(String s) {
    return parseIpv4(s, 0, s.length());
  }

  /**
   * An IPv6 address in the text forms of RFC 4291 §2.2 (eight groups, {@code ::} once, an optional
   * trailing dotted quad).
   *
   * @return the 16 bytes, or null when {@code s} is not an IPv6 address
   */
  public static byte[] parseIpv6(String s) {
    int n = s.length();
    if (n < 2 || n > 45) {
      return null;
    }
    int[] groups = new int[8];
    int count = 0;
    int compressAt = -1;
    int i = 0;
    if (s.startsWith("::")) {
      compressAt = 0;
      i = 2;
      if (i == n) {
        return new byte[16];
      }
    } else if (s.charAt(0) == ':') {
      return null;
    }
    while (i < n) {
      if (count >= 8) {
        return null;
      }
      int start = i;
      int value = 0;
      while (i < n && i - start < 4 && hexValue(s.charAt(i)) >= 0) {
        value = value * 16 + hexValue(s.charAt(i));
        i++;
      }
      if (i < n && s.charAt(i) == '.') {
        // A trailing dotted quad: two groups.
        if (count > 6) {
          return null;
        }
        byte[] v4 = parseIpv4(s, start, n);
        if (v4 == null) {
          return null;
        }
        groups[count++] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
        groups[count++] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
        i = n;
        break;
      }
      if (i == start) {
        return null;
      }
      groups[count++] = value;
      if (i == n) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < n && s.charAt(i) == ':') {
        if (compressAt >= 0) {
          return null;
        }
        compressAt = count;
        i++;
        if (i == n) {
          break;
        }
      } else if (i == n) {
        return null; // a trailing single ':'
      }
    }
    if (compressAt < 0 ? count != 8 : count > 7) {
      return null;
    }
    byte[] out = new byte[16];
    int[] full = new int[8];
    if (compressAt < 0) {
      System.arraycopy(groups, 0, full, 0, 8);
    } else {
      System.arraycopy(groups, 0, full, 0, compressAt);
      int tail = count - compressAt;
      System.arraycopy(groups, compressAt, full, 8 - tail, tail);
    }
    for (int g = 0; g < 8; g++) {
      out[2 * g] = (byte) (full[g] >> 8);
      out[2 * g + 1] = (byte) full[g];
    }
    return out;
  }

  /** True when the first {@code prefix} bits of both addresses (of the same length) agree. */
  public static boolean matches(byte[] client, byte[] network, int prefix) {
    if (client.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (client[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (client[full] & mask) == (network[full] & mask);
  }

  /** The readable form: dotted quad, or RFC 5952 IPv6 ({@code 2001:db8::1}). */
  public static String format(byte[] b) {
    if (b.length == 4) {
      return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
    }
    // Longest run (at least 2) of zero groups, the first one on ties.
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen && j - i >= 2) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder s = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        s.append("::");
        i += bestLen - 1;
        continue;
      }
      if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
        s.append(':');
      }
      s.append(Integer.toHexString(g[i]));
    }
    return s.toString();
  }

  /**
   * A strict dotted quad as a number: four decimal numbers 0-255, without leading zeros or signs.
   *
   * @param s the text
   * @return the address, or empty when {@code s} is not a dotted quad
   */
  public static OptionalInt parseIpv4Number(CharSequence s) {
    byte[] b = parseIpv4(s, 0, s.length());
    return b == null ? OptionalInt.empty() : OptionalInt.of(ipv4Number(b));
  }

  /** An IPv4 address from its 4 bytes, as a number. */
  public static int ipv4Number(byte[] b) {
    return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
  }

  /** An IPv4 address given as a number, as a dotted quad ({@code 127.0.0.2}). */
  public static String formatIpv4(int a) {
    return (a >>> 24) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
  }

  /** The {@code i} macro value: dotted quad, or 32 dot-separated lower-case IPv6 nibbles. */
  public static String dotted(byte[] b) {
    if (b.length == 4) {
      return format(b);
    }
    StringBuilder s = new StringBuilder(63);
    for (byte x : b) {
      if (s.length() > 0) {
        s.append('.');
      }
      s.append(HEX[(x >> 4) & 0x0F]).append('.').append(HEX[x & 0x0F]);
    }
    return s.toString();
  }

  /**
   * The labels of a reverse name without its suffix: the octets of an IPv4 address in reverse
   * order ({@code 1.2.0.192}), or the 32 nibbles of an IPv6 address in reverse order, in lower case
   * (RFC 1035 {@code in-addr.arpa}, RFC 3596 {@code ip6.arpa}, RFC 5782 DNSBL queries).
   */
  public static String reversedLabels(byte[] b) {
    StringBuilder s = new StringBuilder(b.length == 4 ? 15 : 63);
    for (int i = b.length - 1; i >= 0; i--) {
      if (s.length() > 0) {
        s.append('.');
      }
      if (b.length == 4) {
        s.append(b[i] & 0xFF);
      } else {
        s.append(HEX[b[i] & 0x0F]).append('.').append(HEX[(b[i] >> 4) & 0x0F]);
      }
    }
    return s.toString();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
