package io.github.bouncekit.examples.cli;

import io.github.bouncekit.dns.dmarc.DmarcCheck;
import io.github.bouncekit.dns.dmarc.DmarcMode;
import io.github.bouncekit.dns.dmarc.DmarcPolicyResult;
import io.github.bouncekit.dns.dmarc.DmarcResult;
import io.github.bouncekit.dns.dmarc.PublicSuffixList;
import io.github.bouncekit.dns.dmarc.ReportAuthorization;
import io.github.bouncekit.dns.dnsjava.DnsjavaClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bouncekit dmarc DOMAIN [--rfc7489 [--psl FILE]] [--spf-domain D]... [--dkim-domain D]...
 * [--resolver HOST:PORT]}. Exit status: 0 when a policy applies, 1 when none does (or the record is
 * unusable), 3 when a DNS look-up failed.
 */
@Command(
    name = "dmarc",
    mixinStandardHelpOptions = true,
    description = {
      "Finds the DMARC policy of a From domain (RFC 9989 tree walk, or RFC 7489 with --rfc7489),",
      "checks its report destinations and, given authenticated domains, the DMARC result.",
      "Exit status: 0 policy found, 1 no policy or unusable record, 3 DNS failure."
    })
final class DmarcCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DOMAIN", description = "The RFC 5322.From domain.")
  String domain;

  @Option(names = "--rfc7489", description = "Follow RFC 7489 (Public Suffix List) instead of RFC 9989.")
  boolean rfc7489;

  @Option(names = "--psl", paramLabel = "FILE",
      description = "A public_suffix_list.dat to use with --rfc7489 instead of the bundled copy.")
  Path psl;

  @Option(names = "--spf-domain", paramLabel = "DOMAIN",
      description = "A domain SPF authenticated (MAIL FROM with an SPF pass); repeatable.")
  List<String> spfDomains = new ArrayList<>();

  @Option(names = "--dkim-domain", paramLabel = "DOMAIN",
      description = "The d= domain of a DKIM signature that verified; repeatable.")
  List<String> dkimDomains = new ArrayList<>();

  @Mixin DnsOptions dns;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (DnsjavaClient client = dns.client()) {
      DmarcCheck.Builder b =
          DmarcCheck.builder(client).mode(rfc7489 ? DmarcMode.RFC7489 : DmarcMode.RFC9989);
      if (psl != null) {
        if (!rfc7489) {
          throw new ParameterException(spec.commandLine(), "--psl needs --rfc7489");
        }
        try {
          b.publicSuffixList(PublicSuffixList.load(psl));
        } catch (IOException | IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), "cannot read --psl " + psl + ": " + e.getMessage());
        }
      }
      DmarcCheck check = b.build();
      DmarcPolicyResult p = check.policySync(domain);
      out.printf("Domain:          %s%n", p.domain());
      out.printf("Mode:            %s%n",
          p.mode() == DmarcMode.RFC9989 ? "RFC 9989 (DNS tree walk)" : "RFC 7489 (Public Suffix List)");
      out.printf("Status:          %s%n", p.status().name().toLowerCase(Locale.ROOT));
      p.policyDomain().ifPresent(d -> out.printf("Policy domain:   %s%n", d));
      p.record().ifPresent(r -> out.printf("Record:          %s%n", r.text()));
      p.organizationalDomain().ifPresent(d -> out.printf("Org. domain:     %s%n", d));
      if (p.appliedPolicy().isPresent()) {
        out.printf("Policy applied:  %s (by %s)%n", p.appliedPolicy().get().token(),
            p.source().orElseThrow().name().toLowerCase(Locale.ROOT));
      }
      p.record().ifPresent(r -> out.printf("Alignment:       adkim=%s aspf=%s%n",
          r.dkimAlignment().token(), r.spfAlignment().token()));
      out.printf("Reason:          %s%n", p.reason());
      out.printf("Queried:         %s%n", String.join(", ", p.queried()));
      for (String note : p.notes()) {
        out.printf("Note:            %s%n", note);
      }
      if (p.record().isPresent()) {
        for (ReportAuthorization a : check.authorizeReports(p).toCompletableFuture().join()) {
          out.printf("Report (%s):    %s: %s (%s)%n", a.tag(), a.destination().uri(),
              a.status().name().toLowerCase(Locale.ROOT).replace('_', ' '), a.reason());
        }
      }
      if (!spfDomains.isEmpty() || !dkimDomains.isEmpty()) {
        DmarcResult r = check.evaluateSync(domain, spfDomains, dkimDomains);
        out.printf("DMARC result:    %s%n", r.verdict().token());
        r.disposition().ifPresent(d -> out.printf("Disposition:     %s%n", d.token()));
        out.printf("Because:         %s%n", r.reason());
      }
      out.flush();
      switch (p.status()) {
        case FOUND:
          return 0;
        case TEMPERROR:
          return 3;
        default:
          return 1;
      }
    }
  }
}
