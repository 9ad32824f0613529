package io.github.bouncekit.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/** Reverse-lookup names: {@code in-addr.arpa} and {@code ip6.arpa} (RFC 1035, RFC 3596). */
public final class ReverseNames {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ReverseNames() {}

  /**
   * The reverse name of an address: {@code 1.2.0.192.in-addr.arpa} for 192.0.2.1, 32 nibbles
   * under {@code ip6.arpa} for IPv6.
   *
   * @param address the address
   * @return the name, without the trailing dot
   */
  public static String of(InetAddress address) {
    Objects.requireNonNull(address, "address must not be null");
    byte[] b = address.getAddress();
    StringBuilder s = new StringBuilder(address instanceof Inet4Address ? 29 : 73);
    if (b.length == 4) {
      for (int i = 3; i >= 0; i--) {
        s.append(b[i] & 0xFF).append('.');
      }
      return s.append("in-addr.arpa").toString();
    }
    for (int i = b.length - 1; i >= 0; i--) {
      s.append(HEX[b[i] & 0x0F]).append('.').append(HEX[(b[i] >> 4) & 0x0F]).append('.');
    }
    return s.append("ip6.arpa").toString();
  }
}
