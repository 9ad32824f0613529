package io.github.bouncekit.examples.cli;

import io.github.bouncekit.dns.dnsbl.DnsblCheck;
import io.github.bouncekit.dns.dnsbl.DnsblReport;
import io.github.bouncekit.dns.dnsbl.DnsblTarget;
import io.github.bouncekit.dns.dnsbl.DnsblZone;
import io.github.bouncekit.dns.dnsbl.DnsblZones;
import io.github.bouncekit.dns.dnsbl.ZoneResult;
import io.github.bouncekit.dns.dnsjava.DnsjavaClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bouncekit dnsbl IP|DOMAIN [--zones ID,...] [--dqs-key KEY] [--probe] [--deadline MILLIS]
 * [--resolver HOST:PORT]}.
 */
@Command(
    name = "dnsbl",
    mixinStandardHelpOptions = true,
    description = {
      "Looks an IP address or a domain up in DNS blocklists, all at once, and tells listings from"
          + " errors (a refused query, an error code or a time-out is never read as a listing or"
          + " as 'not listed').",
      "Exit status: 0 not listed anywhere, 1 listed somewhere, 3 not listed where answered but"
          + " some lists gave no usable answer, 2 bad arguments."
    })
final class DnsblCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IP|DOMAIN", description = "The IP address (IPv4 or IPv6) or domain to look up.")
  String target;

  @Mixin ZoneOptions zoneOptions;

  @Option(names = "--probe",
      description = "Also ask each zone for its RFC 5782 test points, to tell 'not listed' from a dead list or a blocked resolver.")
  boolean probe;

  @Option(names = "--deadline", paramLabel = "MILLIS", defaultValue = "5000",
      description = "The deadline for the whole check, all zones together, in milliseconds (default ${DEFAULT-VALUE}).")
  long deadlineMillis;

  @Mixin DnsOptions dns;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    DnsblTarget t;
    DnsblZones chosen;
    try {
      t = DnsblTarget.parse(target);
      chosen = zoneOptions.chosen();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (deadlineMillis <= 0) {
      throw new ParameterException(spec.commandLine(), "--deadline must be positive");
    }
    try (DnsjavaClient client = dns.client()) {
      DnsblCheck check =
          DnsblCheck.builder(client)
              .zones(chosen)
              .timeout(Duration.ofMillis(deadlineMillis))
              .healthProbe(probe)
              .build();
      DnsblReport r = check.checkSync(t);
      out.printf("Target:   %s (%s)%n", r.target().value(), r.target().kind().token());
      out.printf("Resolver: %s%n", client.resolvers().stream()
          .map(a -> a.getHostString() + ":" + a.getPort()).collect(Collectors.joining(", ")));
      for (ZoneResult z : r.results()) {
        print(out, z);
      }
      if (!r.skipped().isEmpty()) {
        out.printf("Not asked (they do not list %s): %s%n", r.target().kind().token(),
            r.skipped().stream().map(DnsblZone::id).collect(Collectors.joining(", ")));
      }
      int listed = r.listed().size();
      int errors = r.errors().size();
      out.printf("Summary:  %d listed, %d not listed, %d errors of %d zones (%d ms)%n",
          listed, r.results().size() - listed - errors, errors, r.results().size(),
          r.elapsed().toMillis());
      if (errors > 0) {
        out.println("An error means the list gave no usable answer: the address may or may not be listed there.");
      }
      out.flush();
      return listed > 0 ? 1 : errors > 0 ? 3 : 0;
    }
  }

  private static void print(PrintWriter out, ZoneResult z) {
    String status = z.status().name().replace('_', ' ');
    out.printf("%-11s %-13s %s%n", status, z.zone().id(), summary(z));
    for (String m : z.meanings()) {
      out.printf("%-11s %-13s   %s%n", "", "", m);
    }
    z.txt().ifPresent(txt -> out.printf("%-11s %-13s   reason: %s%n", "", "", txt));
    if (z.isListed()) {
      out.printf("%-11s %-13s   removal: %s%n", "", "", z.zone().lookupUrl());
    }
  }

  private static String summary(ZoneResult z) {
    switch (z.status()) {
      case LISTED:
        return String.join(", ", z.answers());
      case NOT_LISTED:
        return z.detail();
      default:
        return z.detail();
    }
  }
}
