package io.github.bouncekit.examples.cli;

import io.github.bouncekit.dns.dnsjava.DnsjavaClient;
import io.github.bouncekit.dns.spf.SpfEvaluator;
import io.github.bouncekit.dns.spf.SpfResult;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bouncekit spf --ip IP --mail-from ADDRESS [--helo NAME] [--resolver HOST:PORT]}. */
@Command(
    name = "spf",
    mixinStandardHelpOptions = true,
    description = "Evaluates SPF (RFC 7208 check_host) for a sending IP and MAIL FROM address.")
final class SpfCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--ip", required = true, paramLabel = "IP", description = "The sending IP address.")
  String ip;

  @Option(names = "--mail-from", required = true, paramLabel = "ADDRESS",
      description = "The MAIL FROM address (empty \"\" for a bounce: then the HELO name is checked).")
  String mailFrom;

  @Option(names = "--helo", paramLabel = "NAME", defaultValue = "", description = "The HELO/EHLO name.")
  String helo;

  @Mixin DnsOptions dns;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    InetAddress client = address(ip);
    try (DnsjavaClient client0 = dns.client()) {
      SpfResult r = SpfEvaluator.builder(client0).build().checkSync(client, mailFrom, helo);
      out.printf("Result:       %s%n", r.code().token());
      out.printf("Domain:       %s%n", r.domain());
      r.mechanism().ifPresent(m -> out.printf("Decided by:   %s%n", m));
      r.explanation().ifPresent(e -> out.printf("Explanation:  %s%n", e));
      out.printf("Reason:       %s%n", r.reason());
      out.printf("DNS look-ups: %d (void: %d)%n", r.dnsLookups(), r.voidLookups());
      out.flush();
      return 0;
    }
  }

  private InetAddress address(String text) {
    if (!text.matches("[0-9a-fA-F:.]+")) {
      throw new ParameterException(spec.commandLine(), "--ip must be an IPv4 or IPv6 address: " + text);
    }
    try {
      return InetAddress.getByName(text); // a literal: no look-up
    } catch (java.net.UnknownHostException e) {
      throw new ParameterException(spec.commandLine(), "--ip is not an IP address: " + text);
    }
  }
}
