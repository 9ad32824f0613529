package io.github.bouncekit.dns;

import io.github.bouncekit.dns.internal.IpAddresses;
import java.net.InetAddress;
import java.util.Objects;

/** Reverse-lookup names: {@code in-addr.arpa} and {@code ip6.arpa} (RFC 1035, RFC 3596). */
public final class ReverseNames {
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
    return IpAddresses.reversedLabels(b) + (b.length == 4 ? ".in-addr.arpa" : ".ip6.arpa");
  }
}
