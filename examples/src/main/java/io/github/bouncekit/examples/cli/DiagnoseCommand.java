package io.github.bouncekit.examples.cli;

import io.github.bouncekit.BounceClassifier;
import io.github.bouncekit.Context;
import io.github.bouncekit.Diagnosis;
import io.github.bouncekit.Evidence;
import io.github.bouncekit.remedy.Remedy;
import io.github.bouncekit.status.EnhancedStatusCode;
import io.github.bouncekit.status.RegisteredStatusCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bouncekit diagnose "<reply>"} and {@code bouncekit diagnose --jsonl < replies.txt}. */
@Command(
    name = "diagnose",
    mixinStandardHelpOptions = true,
    description = {
      "Explains an SMTP reply: provider, cause, action, permanence, remedies and evidence.",
      "With --jsonl, reads one reply per line from standard input (\\n, \\t and \\\\ escapes"
          + " inside a line) and prints one JSON object per line, in order."
    })
final class DiagnoseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "REPLY",
      description = "The SMTP reply, e.g. \"550 5.7.1 Service unavailable, client host blocked\".")
  String reply;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(names = "--jsonl", description = "Read replies from standard input, one per line; print JSON lines.")
  boolean jsonl;

  @Option(names = "--remote-mta", paramLabel = "HOST", description = "Host name of the server that replied (or the MX).")
  String remoteMta;

  @Option(names = "--recipient", paramLabel = "ADDRESS", description = "Recipient address or domain.")
  String recipient;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    BounceClassifier classifier = BounceClassifier.defaults();
    Context ctx = Context.none().withRemoteMta(remoteMta).withRecipient(recipient);
    if (jsonl) {
      if (reply != null) {
        throw new ParameterException(spec.commandLine(), "--jsonl reads standard input; give no REPLY");
      }
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        out.println(DiagnosisJson.MAPPER.writeValueAsString(
            DiagnosisJson.toJson(classifier.diagnose(unescape(line), ctx))));
      }
      out.flush();
      return 0;
    }
    if (reply == null) {
      throw new ParameterException(spec.commandLine(), "give a REPLY, or --jsonl to read standard input");
    }
    Diagnosis d = classifier.diagnose(reply, ctx);
    if (json) {
      out.println(
          DiagnosisJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(DiagnosisJson.toJson(d)));
    } else {
      printText(out, d);
    }
    out.flush();
    return 0;
  }

  /** Undoes {@code \n}, {@code \t} and {@code \\} inside one input line. */
  static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(i + 1);
        if (n == 'n' || n == 't' || n == '\\') {
          b.append(n == 'n' ? '\n' : n == 't' ? '\t' : '\\');
          i++;
          continue;
        }
      }
      b.append(c);
    }
    return b.toString();
  }

  private static void printText(PrintWriter out, Diagnosis d) {
    out.printf("Cause:          %s%n", d.cause().id());
    out.printf("Action:         %s%n", d.action().id());
    out.printf("Permanence:     %s%n", d.permanence().id());
    out.printf("Provider:       %s%n", d.provider().map(p -> p.name()).orElse("(not recognised)"));
    out.printf("Reply code:     %s%n", d.replyCode().isPresent() ? d.replyCode().getAsInt() : "(none)");
    out.printf("Enhanced code:  %s%n", d.status().map(EnhancedStatusCode::toString).orElse("(none)"));
    d.status().ifPresent(c -> describe(out, c));
    out.printf("Text:           %s%n", d.reply().text().isEmpty() ? "(none)" : d.reply().text());
    d.reply().remoteHost().ifPresent(h -> out.printf("Remote host:    %s%n", h));
    d.reply().stage().ifPresent(st -> out.printf("SMTP stage:     %s%n", st));
    out.printf("Confidence:     %s%n", d.confidence().name().toLowerCase(java.util.Locale.ROOT));
    d.evidence().ifPresent(e -> evidence(out, e));
    if (!d.remedies().isEmpty()) {
      out.println("Remedies:");
      int i = 1;
      for (Remedy r : d.remedies()) {
        out.printf("  %d. %s [%s]%n     %s%n", i++, r.title(), r.id(), r.text());
        r.link().ifPresent(l -> out.printf("     %s%n", l));
      }
    }
    var f = d.facts();
    if (!f.isEmpty()) {
      out.println("Facts:");
      if (!f.ipAddresses().isEmpty()) out.printf("  IP addresses:   %s%n", String.join(", ", f.ipAddresses()));
      if (!f.hostNames().isEmpty()) out.printf("  host names:     %s%n", String.join(", ", f.hostNames()));
      if (!f.blocklists().isEmpty()) out.printf("  blocklists:     %s%n", String.join(", ", f.blocklists()));
      if (!f.providerCodes().isEmpty()) out.printf("  provider codes: %s%n", String.join(", ", f.providerCodes()));
      if (!f.urls().isEmpty()) out.printf("  URLs:           %s%n", String.join(", ", f.urls()));
    }
    for (String n : d.notes()) {
      out.printf("Note:           %s%n", n);
    }
  }

  private static void evidence(PrintWriter out, Evidence e) {
    out.printf("Rule:           %s (%s table, %s)%n", e.ruleId(), e.table(),
        e.basis().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    for (Evidence.Match m : e.matches()) {
      out.printf("  matched:      \"%s\" at %d-%d%n", e.text().substring(m.start(), m.end()), m.start(), m.end());
    }
    e.source().ifPresent(s -> out.printf("  source:       %s%n", s));
  }

  private static void describe(PrintWriter out, EnhancedStatusCode c) {
    RegisteredStatusCode e = c.registration().orElse(null);
    if (e == null) {
      out.printf("  registered:   no (not in the IANA registry; a vendor-specific code)%n");
    } else {
      out.printf("  registered:   %s \"%s\" (%s)%n", e.code(), e.title(), String.join(", ", e.references()));
    }
  }

}
