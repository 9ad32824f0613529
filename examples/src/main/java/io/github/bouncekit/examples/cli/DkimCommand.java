package io.github.bouncekit.examples.cli;

import io.github.bouncekit.dns.dkim.DkimResult;
import io.github.bouncekit.dns.dkim.DkimVerification;
import io.github.bouncekit.dns.dkim.DkimVerifier;
import io.github.bouncekit.dns.dnsjava.DnsjavaClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bouncekit dkim FILE.eml [--resolver HOST:PORT]}. */
@Command(
    name = "dkim",
    mixinStandardHelpOptions = true,
    description = {
      "Verifies every DKIM-Signature of a message (RFC 6376, RFC 8463 Ed25519, RFC 8301).",
      "Exit status: 0 when the message passes, 1 otherwise."
    })
final class DkimCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE.eml", description = "The message, as received.")
  Path file;

  @Mixin DnsOptions dns;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    byte[] message;
    try {
      message = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
    }
    try (DnsjavaClient client = dns.client()) {
      DkimVerification v = DkimVerifier.builder(client).build().verifySync(message);
      out.printf("Result:       %s%n", v.outcome().token());
      out.printf("Reason:       %s%n", v.reason());
      for (DkimResult r : v.signatures()) {
        out.println();
        out.printf("Signature %d:  %s%n", r.index() + 1, r.code().token());
        if (!r.domain().isEmpty()) {
          out.printf("  Domain:     %s (selector %s)%n", r.domain(), r.selector());
        }
        r.signature().ifPresent(s -> out.printf("  Algorithm:  %s, c=%s/%s%n", s.algorithm(),
            s.headerCanonicalization().token(), s.bodyCanonicalization().token()));
        r.problem().ifPresent(p -> out.printf("  Problem:    %s%n", p.name().toLowerCase(Locale.ROOT)));
        out.printf("  Reason:     %s%n", r.reason());
        for (String w : r.warnings()) {
          out.printf("  Warning:    %s%n", w);
        }
      }
      out.flush();
      return v.outcome() == DkimResult.Code.PASS ? 0 : 1;
    }
  }
}
