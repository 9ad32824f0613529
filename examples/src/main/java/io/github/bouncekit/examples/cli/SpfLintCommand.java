package io.github.bouncekit.examples.cli;

import io.github.bouncekit.dns.dnsjava.DnsjavaClient;
import io.github.bouncekit.dns.spf.SpfLintReport;
import io.github.bouncekit.dns.spf.SpfLinter;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bouncekit spf-lint DOMAIN [--resolver HOST:PORT]}. */
@Command(
    name = "spf-lint",
    mixinStandardHelpOptions = true,
    description = "Prints a domain's published SPF record tree with look-up counts and problems.")
final class SpfLintCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DOMAIN", description = "The domain whose SPF record to check.")
  String domain;

  @Mixin DnsOptions dns;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (DnsjavaClient client = dns.client()) {
      SpfLintReport report = SpfLinter.builder(client).build().lintSync(domain);
      out.print(report.root().toTree());
      out.printf("DNS look-ups: %d in total (limit 10), void look-ups: %d (limit 2), records: %d%n",
          report.totalLookups(), report.totalVoidLookups(), report.records());
      for (SpfLintReport.Finding f : report.findings()) {
        out.println(f);
      }
      out.flush();
      return report.hasErrors() ? 1 : 0;
    }
  }
}
