package io.github.bouncekit.examples.cli;

import io.github.bouncekit.reply.SmtpReply;
import io.github.bouncekit.status.EnhancedStatusCode;
import io.github.bouncekit.status.RegisteredStatusCode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bouncekit diagnose "<reply>"}. */
@Command(
    name = "diagnose",
    mixinStandardHelpOptions = true,
    description = "Explains one SMTP reply: its codes, its text and what the status code means.")
final class DiagnoseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "REPLY",
      description = "The SMTP reply, e.g. \"550 5.7.1 Service unavailable, client host blocked\".")
  String reply;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SmtpReply r = SmtpReply.parse(reply);
    out.printf("Reply code:     %s%n", r.code().isPresent() ? r.code().getAsInt() : "(none)");
    out.printf(
        "Enhanced code:  %s%n", r.enhancedCode().map(EnhancedStatusCode::toString).orElse("(none)"));
    r.enhancedCode().ifPresent(c -> describe(out, c));
    out.printf("Text:           %s%n", r.text().isEmpty() ? "(none)" : r.text());
    r.remoteHost().ifPresent(h -> out.printf("Remote host:    %s%n", h));
    r.stage().ifPresent(s -> out.printf("SMTP stage:     %s%n", s));
    r.trailer().ifPresent(t -> out.printf("Trailer:        %s%n", t));
    for (String w : r.warnings()) {
      out.printf("Note:           %s%n", w);
    }
    out.flush();
    return 0;
  }

  private static void describe(PrintWriter out, EnhancedStatusCode c) {
    out.printf("  class:        %s%n", c.statusClass().title());
    out.printf(
        "  subject:      %s%n",
        c.subjectMeaning().map(s -> s.title()).orElse("undefined subject " + c.subject()));
    RegisteredStatusCode e = c.registration().orElse(null);
    if (e == null) {
      out.printf("  registered:   no (not in the IANA registry; a vendor-specific code)%n");
    } else {
      out.printf("  registered:   %s \"%s\" (%s)%n", e.code(), e.title(), String.join(", ", e.references()));
      if (!e.description().isEmpty()) {
        out.printf("  meaning:      %s%n", e.description());
      }
    }
  }
}
