package io.github.bouncekit.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bouncekit.Diagnosis;
import io.github.bouncekit.bounce.BounceParser;
import io.github.bouncekit.bounce.BounceReport;
import io.github.bouncekit.bounce.OriginalMessage;
import io.github.bouncekit.bounce.RecipientRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bouncekit parse FILE|DIR...}: bounce e-mails to per-recipient diagnoses. */
@Command(
    name = "parse",
    mixinStandardHelpOptions = true,
    description = {
      "Reads bounce e-mails (files, mbox files, or folders of them, recursively) and reports each"
          + " recipient's status and diagnosis.",
      "With --jsonl, prints one JSON object per recipient record (a message without one still"
          + " gets one object with its kind)."
    })
final class ParseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Message files, mbox files or folders.")
  List<Path> inputs;

  @Option(names = "--jsonl", description = "One JSON object per recipient record.")
  boolean jsonl;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BounceParser parser = BounceParser.defaults();
    int failures = 0;
    for (Path input : inputs) {
      List<Path> files = new ArrayList<>();
      if (Files.isDirectory(input)) {
        try (Stream<Path> s = Files.walk(input)) {
          s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
      } else if (Files.isRegularFile(input)) {
        files.add(input);
      } else {
        err.println("bouncekit parse: no such file or folder: " + input);
        failures++;
        continue;
      }
      for (Path f : files) {
        List<BounceReport> reports;
        try {
          if (isMbox(f)) {
            try (InputStream in = Files.newInputStream(f)) {
              reports = parser.parseMbox(in);
            }
          } else {
            reports = List.of(parser.parse(f));
          }
        } catch (IOException e) {
          err.println("bouncekit parse: cannot read " + f + ": " + e.getMessage());
          failures++;
          continue;
        }
        for (BounceReport r : reports) {
          if (jsonl) {
            printJson(out, f, r);
          } else {
            printText(out, f, r);
          }
        }
      }
    }
    out.flush();
    return failures == 0 ? 0 : 1;
  }

  private static boolean isMbox(Path f) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      byte[] head = in.readNBytes(5);
      return head.length == 5 && new String(head, java.nio.charset.StandardCharsets.US_ASCII).equals("From ");
    }
  }

  private static void printJson(PrintWriter out, Path file, BounceReport r) throws IOException {
    if (r.recipients().isEmpty()) {
      ObjectNode o = DiagnosisJson.MAPPER.createObjectNode();
      o.put("file", file.toString());
      o.put("kind", r.kind().id());
      o.putNull("recipient");
      putMessageFields(o, r);
      out.println(DiagnosisJson.MAPPER.writeValueAsString(o));
      return;
    }
    for (RecipientRecord rec : r.recipients()) {
      ObjectNode o = DiagnosisJson.MAPPER.createObjectNode();
      Diagnosis d = rec.diagnosis();
      o.put("file", file.toString());
      o.put("kind", r.kind().id());
      o.put("recipient", rec.recipient());
      o.put("originalRecipient", rec.originalRecipient().orElse(null));
      o.put("dsnAction", rec.dsnAction().orElse(null));
      o.put("status", rec.status().map(Object::toString).orElse(null));
      if (d.replyCode().isPresent()) {
        o.put("replyCode", d.replyCode().getAsInt());
      } else {
        o.putNull("replyCode");
      }
      o.put("diagnosticCode", rec.diagnosticCode().orElse(null));
      o.put("remoteMta", rec.remoteMta().orElse(null));
      o.put("smtpCommand", rec.smtpCommand().map(Enum::name).orElse(null));
      o.put("provider", d.provider().map(p -> p.id()).orElse(null));
      o.put("cause", d.cause().id());
      o.put("action", d.action().id());
      o.put("permanence", d.permanence().id());
      o.put("ruleId", d.ruleId().orElse(null));
      putMessageFields(o, r);
      out.println(DiagnosisJson.MAPPER.writeValueAsString(o));
    }
  }

  // What the whole message says: a feedback report's type, and the returned message's
  // Message-ID (to match the bounce to what was sent).
  private static void putMessageFields(ObjectNode o, BounceReport r) {
    o.put("feedbackType", r.feedbackType().orElse(null));
    o.put("originalMessageId", r.original().flatMap(OriginalMessage::messageId).orElse(null));
  }

  private static void printText(PrintWriter out, Path file, BounceReport r) {
    out.printf("%s: %s%s%n", file, r.kind().id(), r.truncated() ? " (truncated)" : "");
    r.subject().ifPresent(s -> out.printf("  subject: %s%n", s));
    r.feedbackType().ifPresent(s -> out.printf("  feedback type: %s%n", s));
    for (RecipientRecord rec : r.recipients()) {
      Diagnosis d = rec.diagnosis();
      out.printf("  %s%n", rec.recipient());
      rec.originalRecipient()
          .filter(o -> !o.equalsIgnoreCase(rec.recipient()))
          .ifPresent(o -> out.printf("    original:   %s (the address the message was sent to)%n", o));
      rec.dsnAction().ifPresent(a -> out.printf("    action:     %s%n", a));
      rec.status().ifPresent(s -> out.printf("    status:     %s%n", s));
      rec.diagnosticCode().ifPresent(s -> out.printf("    diagnostic: %s%n", s));
      rec.remoteMta().ifPresent(s -> out.printf("    remote MTA: %s%n", s));
      rec.smtpCommand().ifPresent(s -> out.printf("    command:    %s%n", s));
      out.printf(
          "    diagnosis:  %s, %s, %s%s%n",
          d.cause().id(),
          d.action().id(),
          d.permanence().id(),
          d.provider().map(p -> " (" + p.id() + ")").orElse(""));
    }
    r.original()
        .ifPresent(
            o -> {
              o.messageId().ifPresent(s -> out.printf("  original Message-ID: %s%n", s));
              o.subject().ifPresent(s -> out.printf("  original Subject:    %s%n", s));
            });
    for (String n : r.notes()) {
      out.printf("  note: %s%n", n);
    }
  }
}
