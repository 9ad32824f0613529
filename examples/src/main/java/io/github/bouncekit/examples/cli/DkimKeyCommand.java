package io.github.bouncekit.examples.cli;

import io.github.bouncekit.dns.dkim.DkimKeyCheck;
import io.github.bouncekit.dns.dkim.DkimKeyReport;
import io.github.bouncekit.dns.dnsjava.DnsjavaClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bouncekit dkim-key SELECTOR DOMAIN [--resolver HOST:PORT]}, or {@code --message FILE}. */
@Command(
    name = "dkim-key",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a published DKIM key record (selector._domainkey.domain): key type and size,"
          + " revoked, testing mode, syntax faults, several records, CNAME'd selectors.",
      "Exit status: 0 when every key is valid, 1 otherwise."
    })
final class DkimKeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..2", paramLabel = "SELECTOR DOMAIN",
      description = "The selector (s=) and the signing domain (d=).")
  List<String> selectorAndDomain = new ArrayList<>();

  @Option(names = "--message", paramLabel = "FILE",
      description = "Take the selectors from the DKIM-Signature fields of this message instead.")
  Path message;

  @Mixin DnsOptions dns;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<DkimKeyCheck.Selector> selectors = selectors();
    try (DnsjavaClient client = dns.client()) {
      DkimKeyCheck check = DkimKeyCheck.builder(client).build();
      boolean allValid = true;
      for (DkimKeyCheck.Selector s : selectors) {
        DkimKeyReport r;
        try {
          r = check.checkSync(s.selector(), s.domain());
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        print(out, r);
        allValid &= r.status() == DkimKeyReport.Status.VALID;
      }
      out.flush();
      return allValid ? 0 : 1;
    }
  }

  static void print(PrintWriter out, DkimKeyReport r) {
    out.printf("Key record:   %s%n", r.name());
    for (String c : r.cnames()) {
      out.printf("  CNAME to    %s%n", c);
    }
    out.printf("Status:       %s%n", r.status().name().toLowerCase(java.util.Locale.ROOT));
    out.printf("Summary:      %s%n", r.summary());
    r.keyType().ifPresent(t -> out.printf("Key:          %s, %d bits%n", t, r.keyBits()));
    for (String record : r.records()) {
      out.printf("Record:       %s%n", record.length() > 100 ? record.substring(0, 97) + "..." : record);
    }
    for (DkimKeyReport.Finding f : r.findings()) {
      out.printf("  %-8s %s%s%n", f.severity().name().toLowerCase(java.util.Locale.ROOT),
          f.message(), f.position().isPresent() ? " (at " + f.position().getAsInt() + ")" : "");
    }
    out.println();
  }

  private List<DkimKeyCheck.Selector> selectors() {
    if (message != null) {
      if (!selectorAndDomain.isEmpty()) {
        throw new ParameterException(spec.commandLine(),
            "give either SELECTOR DOMAIN or --message, not both");
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(message);
      } catch (IOException e) {
        throw new ParameterException(spec.commandLine(), "cannot read " + message + ": " + e.getMessage());
      }
      List<DkimKeyCheck.Selector> s = DkimKeyCheck.selectorsOf(bytes);
      if (s.isEmpty()) {
        throw new ParameterException(spec.commandLine(),
            message + " has no DKIM-Signature naming a selector and a domain");
      }
      return s;
    }
    if (selectorAndDomain.size() != 2) {
      throw new ParameterException(spec.commandLine(), "give SELECTOR DOMAIN, or --message FILE");
    }
    return List.of(new DkimKeyCheck.Selector(selectorAndDomain.get(0), selectorAndDomain.get(1)));
  }
}
