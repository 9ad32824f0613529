package io.github.bouncekit.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bouncekit.BounceClassifier;
import io.github.bouncekit.Diagnosis;
import io.github.bouncekit.dns.dnsbl.DnsblCheck;
import io.github.bouncekit.dns.dnsbl.DnsblZones;
import io.github.bouncekit.dns.dnsjava.DnsjavaClient;
import io.github.bouncekit.dns.investigate.Check;
import io.github.bouncekit.dns.investigate.Finding;
import io.github.bouncekit.dns.investigate.Investigation;
import io.github.bouncekit.dns.investigate.Investigator;
import io.github.bouncekit.dns.investigate.SenderFacts;
import io.github.bouncekit.dns.investigate.Verdict;
import io.github.bouncekit.remedy.Remedy;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bouncekit check [DOMAIN] [--ip IP] [--mail-from ADDR] [--helo NAME] [--selector S]...
 * [--reply TEXT | --checks LIST] [--zones ID,...] [--dqs-key KEY] [--json] [--resolver HOST:PORT]}.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a sender's setup with live DNS: DNS blocklists, SPF, DKIM keys, DMARC and reverse"
          + " DNS. With --reply, the reply is diagnosed first and only the checks its cause calls"
          + " for are run, with its remedies re-ordered by what they find.",
      "Exit status: 0 no problem found, 1 a problem found, 3 no problem found but some checks"
          + " could not answer, 2 bad arguments."
    })
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DOMAIN",
      description = "The sender's From domain (checked for DMARC and on the domain blocklists).")
  String domain;

  @Option(names = "--ip", paramLabel = "IP", description = "The sending server's IP address.")
  String ip;

  @Option(names = "--mail-from", paramLabel = "ADDRESS",
      description = "The envelope sender (MAIL FROM), for SPF; its domain stands for DOMAIN when none is given.")
  String mailFrom;

  @Option(names = "--helo", paramLabel = "NAME", description = "The HELO/EHLO name the server used.")
  String helo;

  @Option(names = "--selector", paramLabel = "SELECTOR[@DOMAIN]",
      description = "A DKIM selector the mail is signed with (s=), at DOMAIN unless @d= is given; repeatable.")
  List<String> selectors = new ArrayList<>();

  @Option(names = "--reply", paramLabel = "TEXT",
      description = "The SMTP reply that refused the mail: only the checks its cause calls for are run.")
  String reply;

  @Option(names = "--checks", split = ",", paramLabel = "CHECK",
      description = "The checks to run without --reply (default: all): dnsbl, spf, dkim-key, dmarc, ptr.")
  List<String> checks;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Mixin ZoneOptions zoneOptions;

  @Option(names = "--deadline", paramLabel = "MILLIS", defaultValue = "5000",
      description = "The deadline for the blocklist look-ups, all lists together (default ${DEFAULT-VALUE}).")
  long deadlineMillis;

  @Mixin DnsOptions dns;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SenderFacts facts = facts();
    if (reply != null && checks != null) {
      throw new ParameterException(spec.commandLine(), "give --reply or --checks, not both");
    }
    if (deadlineMillis <= 0) {
      throw new ParameterException(spec.commandLine(), "--deadline must be positive");
    }
    DnsblZones chosen;
    try {
      chosen = zoneOptions.chosen();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    try (DnsjavaClient client = dns.client()) {
      Investigator investigator =
          Investigator.builder(client)
              .dnsbl(
                  DnsblCheck.builder(client)
                      .zones(chosen)
                      .timeout(Duration.ofMillis(deadlineMillis))
                      .build())
              .build();
      List<Finding> findings;
      Investigation investigation = null;
      if (reply != null) {
        Diagnosis d = BounceClassifier.defaults().diagnose(reply);
        investigation = investigator.investigateSync(d, facts);
        findings = investigation.findings();
      } else {
        findings =
            investigator.checkSync(
                checks == null || checks.isEmpty() ? EnumSet.allOf(Check.class) : parseChecks(),
                facts);
      }
      if (json) {
        printJson(out, investigation, findings);
      } else {
        print(out, investigation, findings);
      }
      out.flush();
      boolean problem = findings.stream().anyMatch(f -> f.verdict() == Verdict.PROBLEM);
      boolean unknown = findings.stream().anyMatch(f -> f.verdict() == Verdict.UNKNOWN);
      return problem ? 1 : unknown ? 3 : 0;
    }
  }

  private List<Check> parseChecks() {
    List<Check> out = new ArrayList<>();
    for (String c : checks) {
      String name = c.strip().toUpperCase(Locale.ROOT).replace('-', '_');
      try {
        out.add(Check.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(),
            "no check '" + c + "': the checks are dnsbl, spf, dkim-key, dmarc and ptr");
      }
    }
    return out;
  }

  private SenderFacts facts() {
    SenderFacts f = SenderFacts.none();
    try {
      if (ip != null) {
        f = f.withIp(ip);
      }
      if (mailFrom != null) {
        f = f.withMailFrom(mailFrom);
      }
      if (helo != null) {
        f = f.withHelo(helo);
      }
      if (domain != null) {
        f = f.withFromDomain(domain);
      }
      for (String s : selectors) {
        int at = s.indexOf('@');
        String d = at >= 0 ? s.substring(at + 1) : f.dmarcDomain().orElse(null);
        if (d == null) {
          throw new IllegalArgumentException(
              "--selector " + s + " needs a domain: write it as " + s + "@example.com or give DOMAIN");
        }
        f = f.withDkimSelector(at >= 0 ? s.substring(0, at) : s, d);
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return f;
  }

  private static void print(PrintWriter out, Investigation inv, List<Finding> findings) {
    if (inv != null) {
      Diagnosis d = inv.diagnosis();
      out.printf("Diagnosis: %s (%s)%s%n", d.cause().id(), d.action().name().toLowerCase(Locale.ROOT),
          d.provider().map(p -> ", " + p.id()).orElse(""));
      out.printf("Checks:    %s%n", inv.checks().isEmpty() ? "none"
          : String.join(", ", inv.checks().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList()));
    }
    for (Finding f : findings) {
      out.printf("%-10s %-8s %s: %s%n", f.verdict().name().replace('_', ' '),
          f.check().name().toLowerCase(Locale.ROOT).replace('_', '-'), f.subject(), f.summary());
      f.link().ifPresent(l -> out.printf("%-10s %-8s   see %s%n", "", "", l));
    }
    if (inv != null) {
      for (String n : inv.notes()) {
        out.printf("Note:      %s%n", n);
      }
      out.println("Remedies:");
      int k = 1;
      for (Remedy r : inv.remedies()) {
        out.printf("  %d. %s%s%n", k++, r.title(), r.link().map(l -> " <" + l + ">").orElse(""));
      }
    }
  }

  private static void printJson(PrintWriter out, Investigation inv, List<Finding> findings) {
    ObjectNode o = DiagnosisJson.MAPPER.createObjectNode();
    if (inv != null) {
      o.set("diagnosis", DiagnosisJson.toJson(inv.diagnosis()));
      ArrayNode c = o.putArray("checks");
      inv.checks().forEach(x -> c.add(x.name().toLowerCase(Locale.ROOT)));
    }
    ArrayNode fs = o.putArray("findings");
    for (Finding f : findings) {
      ObjectNode fo = fs.addObject();
      fo.put("check", f.check().name().toLowerCase(Locale.ROOT));
      fo.put("verdict", f.verdict().name().toLowerCase(Locale.ROOT));
      fo.put("subject", f.subject());
      fo.put("summary", f.summary());
      f.link().ifPresent(l -> fo.put("link", l));
    }
    if (inv != null) {
      ArrayNode r = o.putArray("remedies");
      inv.remedies().forEach(x -> r.add(x.id()));
      ArrayNode n = o.putArray("notes");
      inv.notes().forEach(n::add);
    }
    out.println(o.toString());
  }
}
