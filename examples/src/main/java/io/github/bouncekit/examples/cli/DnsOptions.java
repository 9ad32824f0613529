package io.github.bouncekit.examples.cli;

import io.github.bouncekit.dns.dnsjava.DnsjavaClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The DNS options shared by the commands that look things up. */
final class DnsOptions {
  @Option(
      names = "--resolver",
      paramLabel = "HOST:PORT",
      description = "The DNS resolver to ask (default: the system's), e.g. 127.0.0.1:5353.")
  String resolver;

  @Option(
      names = "--timeout",
      paramLabel = "MILLIS",
      defaultValue = "2000",
      description = "Time to wait for one DNS answer, in milliseconds (default ${DEFAULT-VALUE}).")
  long timeoutMillis;

  DnsjavaClient client() {
    DnsjavaClient.Builder b = DnsjavaClient.builder().timeout(Duration.ofMillis(timeoutMillis));
    if (resolver != null) {
      b.resolver(parse(resolver));
    }
    return b.build();
  }

  static InetSocketAddress parse(String hostPort) {
    String host = hostPort;
    int port = 53;
    int colon = hostPort.lastIndexOf(':');
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      host = hostPort.substring(1, close);
      if (close + 1 < hostPort.length() && hostPort.charAt(close + 1) == ':') {
        port = Integer.parseInt(hostPort.substring(close + 2));
      }
    } else if (colon > 0 && hostPort.indexOf(':') == colon) {
      host = hostPort.substring(0, colon);
      port = Integer.parseInt(hostPort.substring(colon + 1));
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535: " + hostPort);
    }
    // A literal address: no look-up happens for it.
    return new InetSocketAddress(host, port);
  }
}
