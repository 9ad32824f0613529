package io.github.bouncekit.dns;

import java.net.InetAddress;
import java.util.concurrent.CompletionStage;

/**
 * Asynchronous DNS look-ups whose answers are values: records, NXDOMAIN, NODATA, or a failure
 * (time-out, SERVFAIL, REFUSED, network error) — see {@link DnsAnswer}. A returned stage never
 * completes exceptionally for a DNS outcome; it completes with a {@link DnsAnswer.Failure} instead.
 *
 * <p>Names are absolute domain names with or without the trailing dot. Implementations follow
 * CNAME chains for the other types; {@link #cname(String)} returns the alias target itself.
 * Implementations are thread-safe.
 */
public interface DnsClient {
  /** TXT records of a name; each record keeps its character-strings. */
  CompletionStage<DnsAnswer<TxtRecord>> txt(String name);

  /** IPv4 addresses of a name. */
  CompletionStage<DnsAnswer<InetAddress>> a(String name);

  /** IPv6 addresses of a name. */
  CompletionStage<DnsAnswer<InetAddress>> aaaa(String name);

  /** MX records of a name, in answer order. */
  CompletionStage<DnsAnswer<MxRecord>> mx(String name);

  /**
   * PTR records of a reverse name ({@code 1.2.0.192.in-addr.arpa}): host names without the
   * trailing dot.
   */
  CompletionStage<DnsAnswer<String>> ptr(String reverseName);

  /** PTR records of an address (its reverse name is built for you). */
  default CompletionStage<DnsAnswer<String>> ptr(InetAddress address) {
    return ptr(ReverseNames.of(address));
  }

  /** The CNAME target of a name, without the trailing dot. */
  CompletionStage<DnsAnswer<String>> cname(String name);
}
