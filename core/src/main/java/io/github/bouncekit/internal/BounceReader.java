package io.github.bouncekit.internal;

import io.github.bouncekit.BounceClassifier;
import io.github.bouncekit.Context;
import io.github.bouncekit.Diagnosis;
import io.github.bouncekit.bounce.BounceKind;
import io.github.bouncekit.bounce.BounceReport;
import io.github.bouncekit.bounce.OriginalMessage;
import io.github.bouncekit.bounce.RecipientRecord;
import io.github.bouncekit.reply.SmtpReply;
import io.github.bouncekit.reply.SmtpStage;
import io.github.bouncekit.status.EnhancedStatusCode;
import io.github.bouncekit.status.StatusClass;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Turns a {@link MimeReader.Message} into a {@link BounceReport}. */
public final class BounceReader {
  private final BounceClassifier classifier;

  /**
   * A reader that diagnoses with a classifier.
   *
   * @param classifier the classifier
   */
  public BounceReader(BounceClassifier classifier) {
    this.classifier = classifier;
  }

  /** One recipient's fields before diagnosis. */
  private static final class Fields {
    String recipient;
    String original;
    String action;
    String status;
    String diagnostic;
    String remoteMta;
    String reportingMta;
    String lastAttempt;
    SmtpStage stage;
    boolean diagnosticFromTranscript; // the diagnostic is Sendmail's verdict, not the DSN's
    String feedbackType; // a feedback report's Feedback-Type (a complaint: "abuse")
    String authFailure; // an authentication failure report's Auth-Failure (RFC 6591: "dmarc" ...)
    String statusComment; // "Status: 4.0.0 (example.net: host name lookup failure)"
  }

  /**
   * Reads a message.
   *
   * @param m the message
   * @return its report
   */
  public BounceReport read(MimeReader.Message m) {
    try {
      return read(m, 0);
    } finally {
      java.util.Arrays.fill(TEXT_CACHE.get(), null); // hold no message beyond the call
    }
  }

  // text(m) is asked for several times per message; it is computed once (per thread, for the
  // message being read).
  private static final ThreadLocal<Object[]> TEXT_CACHE = ThreadLocal.withInitial(() -> new Object[4]);

  // The lower case of the last text asked for (the same message text is lowered several times).
  static String lower(String text) {
    Object[] cache = TEXT_CACHE.get();
    if (cache[2] != text) {
      cache[2] = text;
      cache[3] = text.toLowerCase(Locale.ROOT);
    }
    return (String) cache[3];
  }

  private BounceReport read(MimeReader.Message m, int depth) {
    List<String> notes = new ArrayList<>(m.notes());
    String subject = m.header("subject");
    String from = m.header("from");
    String ct = m.header("content-type").toLowerCase(Locale.ROOT);
    MimeReader.Part status = statusPart(m);
    MimeReader.Part feedback = part(m, "message/feedback-report");
    Optional<OriginalMessage> original = original(m);
    List<Fields> fields = new ArrayList<>();
    BounceKind kind;
    Optional<String> feedbackType = Optional.empty();
    Optional<String> authFailure = Optional.empty();
    String hotmail = hotmailComplaint(m);
    if (feedback != null || ct.contains("report-type=feedback-report") || hotmail != null) {
      kind = BounceKind.FEEDBACK_REPORT;
      if (feedback != null) {
        Map<String, String> f = fieldsOf(feedback.text()).get(0);
        feedbackType = opt(f.get("feedback-type"));
        authFailure = opt(f.get("auth-failure"));
      }
    } else if (status != null && !status.text().isBlank()) {
      fields = deliveryStatus(status.text());
      kind = dsnKind(fields);
      repairRecipients(fields, text(m));
      fillFromText(fields, text(m));
      if (fields.isEmpty()) {
        fields = freeText(m, notes);
        if (fields.isEmpty()) {
          notes.add("a delivery-status part without recipients");
        }
      }
    } else if (!(fields = inlineDeliveryStatus(text(m))).isEmpty()) {
      // RFC 3464 fields inside the text: a report whose MIME boundary is missing or never used
      // (a DSN), or a text bounce that writes the fields out (Amazon WorkMail).
      kind = dsnKind(fields);
      if (kind == BounceKind.DSN && !ct.contains("multipart/report")
          && !lower(text(m)).contains("delivery-status")) {
        kind = BounceKind.FREE_TEXT; // no report structure anywhere, only the fields
      }
      fillFromText(fields, text(m));
      notes.add("delivery-status fields found in the text, not in a message/delivery-status part");
    } else if (sesBody(text(m)).contains("\"complainedRecipients\"")
        && sesBody(text(m)).contains("\"notificationType\":\"Complaint\"")) {
      // Amazon SES complaint notification (JSON, via SNS): a feedback report in SES's own form.
      kind = BounceKind.FEEDBACK_REPORT;
      fields = sesNotification(sesBody(text(m)));
    } else if (looksLikeBounce(m, subject, from)) {
      fields = freeText(m, notes);
      // A delivery report whose delivery-status part is empty (a stripped copy) is still a DSN.
      kind = isDelay(subject, text(m)) ? BounceKind.DELAYED
          : status != null && !fields.isEmpty() ? BounceKind.DSN : BounceKind.FREE_TEXT;
    } else if (isAutoReply(m, subject)) {
      kind = BounceKind.AUTO_REPLY;
    } else {
      kind = BounceKind.NOT_BOUNCE;
    }
    BounceReport nested = fields.isEmpty() && depth == 0
        && (kind == BounceKind.DSN || kind == BounceKind.FREE_TEXT || kind == BounceKind.DELAYED)
        ? nestedBounce(m) : null;
    if (kind == BounceKind.FREE_TEXT && fields.isEmpty() && nested == null
        && original.flatMap(OriginalMessage::to).isEmpty()
        && vacationMarks(m, subject.toLowerCase(Locale.ROOT))) {
      // A vacation reply sent from a MAILER-DAEMON address (Amazon SES forwards them so): no
      // recipient, no returned message, and the marks of an automatic answer.
      kind = BounceKind.AUTO_REPLY;
    }
    if (fields.isEmpty() && kind == BounceKind.FEEDBACK_REPORT) {
      Fields f = new Fields();
      Map<String, String> fb = feedback == null ? Map.of() : fieldsOf(feedback.text()).get(0);
      f.recipient = address(firstAddress(fb.getOrDefault("original-rcpt-to", "")));
      if ((f.recipient == null || f.recipient.isEmpty()) && hotmail != null) {
        f.recipient = hotmail;
      }
      if (f.recipient == null || f.recipient.isEmpty()) {
        f.recipient = original.flatMap(OriginalMessage::to).map(BounceReader::firstAddress).map(BounceReader::address).orElse(null);
      }
      if (f.recipient != null && !f.recipient.isEmpty()) {
        f.reportingMta = fb.get("reporting-mta") == null ? null : typeless(fb.get("reporting-mta"));
        fields.add(f);
        // RFC 5965 allows Original-Rcpt-To more than once: one record per address.
        for (String more : feedback == null ? List.<String>of() : moreRcptTo(feedback.text())) {
          boolean have = false;
          for (Fields g : fields) {
            have |= g.recipient.equals(more);
          }
          if (!have && fields.size() < 1000) {
            Fields g = new Fields();
            g.recipient = more;
            g.reportingMta = f.reportingMta;
            fields.add(g);
          }
        }
      }
    } else if (fields.isEmpty() && kind == BounceKind.AUTO_REPLY) {
      Fields f = new Fields();
      f.recipient = address(firstAddress(from));
      if (f.recipient != null && isAddress(f.recipient)) {
        fields.add(f);
      }
    } else if (nested != null) {
      // X5 and relays that bounce a bounce: the outer text names nobody, the returned message is
      // itself a delivery report that names the recipient. Its records, read one level down.
      BounceReport inner = nested;
      notes.add("the returned message is itself a bounce: its recipients were used");
      return new BounceReport(
          inner.kind(), inner.recipients(), original, opt(subject), opt(from), feedbackType, m.truncated(), notes);
    } else if (fields.isEmpty() && (kind == BounceKind.DSN || kind == BounceKind.FREE_TEXT || kind == BounceKind.DELAYED)) {
      // No recipient named in the text: the returned message's To is the recipient.
      String to = original.flatMap(OriginalMessage::to).map(BounceReader::firstAddress).orElse(null);
      if (to != null && isAddress(address(to))) {
        Fields f = new Fields();
        f.recipient = address(to);
        f.diagnostic = firstReply(text(m));
        if (f.diagnostic == null) {
          f.diagnostic = firstParagraph(text(m)); // Verizon MMSC: "Error: No valid recipients ..."
        }
        if (weak(f.diagnostic)) {
          String e = explanation(text(m)); // Gmail's "Send mail as" notice, under a heading
          if (e != null) {
            f.diagnostic = e;
          }
        }
        fields.add(f);
        notes.add("no recipient named in the bounce's text: the returned message's To was used");
      }
    }
    String bodyText = text(m);
    for (Fields f : fields) {
      if (f.stage == null && f.diagnostic != null) {
        f.stage = SmtpReply.parse(f.diagnostic).stage().orElseGet(() -> transcriptStage(bodyText, f.recipient));
      }
    }
    if (kind == BounceKind.FEEDBACK_REPORT) {
      // Outlook.com's JMRP and Amazon SES send complaints without an RFC 5965 part: "abuse".
      String type = feedbackType.orElse("abuse").trim().toLowerCase(Locale.ROOT);
      for (Fields f : fields) {
        f.feedbackType = type;
        f.authFailure = authFailure.map(a -> a.trim().toLowerCase(Locale.ROOT)).orElse(null);
      }
    }
    List<RecipientRecord> records = new ArrayList<>();
    // A free-text bounce, a delay warning, or a report whose delivery-status part is empty: the
    // text's outcome is the records' action.
    boolean fromText = kind == BounceKind.FREE_TEXT || kind == BounceKind.DELAYED
        || kind == BounceKind.DSN && status != null && status.text().isBlank();
    for (Fields f : fields) {
      if (kind == BounceKind.FEEDBACK_REPORT && !isAddress(f.recipient)) {
        // "To: undisclosed recipients:;" names no one.
        notes.add("the feedback report names no recipient address (" + f.recipient + ")");
        continue;
      }
      if (f.action == null && fromText) {
        f.action = kind == BounceKind.DELAYED ? "delayed" : "failed"; // what the text says
      }
      records.add(record(f));
    }
    return new BounceReport(
        kind, records, original, opt(subject), opt(from), feedbackType, m.truncated(), notes);
  }

  private RecipientRecord record(Fields f) {
    String diagnostic = f.diagnostic == null ? "" : f.diagnostic.trim();
    if (diagnostic.isEmpty() && f.statusComment != null) {
      diagnostic = f.statusComment; // the only reason the report gives
    }
    SmtpReply reply = SmtpReply.parse(diagnostic);
    Optional<EnhancedStatusCode> status = EnhancedStatusCode.tryParse(f.status == null ? null : f.status.trim());
    // The remote server's own code replaces a DSN's generic one (5.0.0) and another code of the
    // same class that is no more specific (5.2.1 for 5.2.2), but not a more specific one (5.1.1
    // stays against 5.1.0, 5.3.0 against 5.0.0). A reply read from Sendmail's transcript, not from
    // the DSN, explains the status but does not replace it.
    if (status.isEmpty()
        || !f.diagnosticFromTranscript
            && reply.enhancedCode().isPresent()
            && reply.enhancedCode().get().statusClass() == status.get().statusClass()
            && (status.get().subject() == 0
                || !reply.enhancedCode().get().equals(status.get())
                    && specificity(reply.enhancedCode().get()) >= specificity(status.get()))) {
      status = reply.enhancedCode().or(() -> EnhancedStatusCode.tryParse(f.status == null ? null : f.status.trim()));
    }
    String forDiagnosis = diagnostic;
    boolean success = succeeded(f);
    if (f.feedbackType != null) {
      // A feedback report carries no reply: its type is what the rules read ("abuse": the
      // recipient reported the message as spam).
      forDiagnosis =
          "Feedback-Type: " + f.feedbackType
              + (f.authFailure == null ? "" : "; Auth-Failure: " + f.authFailure);
    } else if (success && !reply.replyClass().filter(c -> c == StatusClass.SUCCESS).isPresent()) {
      // A success: no failure words may be read into it; its status alone is classified.
      forDiagnosis = status.map(EnhancedStatusCode::toString).orElse("");
    } else if (reply.enhancedCode().isEmpty() && status.isPresent()) {
      forDiagnosis = diagnostic.isEmpty() ? status.get().toString() : diagnostic + " (#" + status.get() + ")";
    }
    Optional<String> remote = opt(f.remoteMta).or(reply::remoteHost);
    Context ctx = Context.none().withRecipient(f.recipient);
    if (remote.isPresent()) {
      ctx = ctx.withRemoteMta(remote.get());
    }
    SmtpStage stage = f.stage != null ? f.stage : reply.stage().orElse(null);
    if (stage != null) {
      ctx = ctx.withStage(stage);
    }
    Diagnosis d = classifier.diagnose(forDiagnosis, ctx);
    return new RecipientRecord(
        f.recipient,
        opt(f.original),
        opt(f.action == null ? null : f.action.toLowerCase(Locale.ROOT)),
        status,
        diagnostic.isEmpty() ? Optional.empty() : Optional.of(reply.toString()),
        remote,
        opt(f.reportingMta),
        opt(f.lastAttempt),
        Optional.ofNullable(stage),
        d);
  }

  // A DSN record for a recipient the message reached or was passed on for: "Action: delivered",
  // "relayed" or "expanded", or a 2.x.x status.
  private static boolean succeeded(Fields f) {
    String a = f.action == null ? "" : f.action.trim().toLowerCase(Locale.ROOT);
    return a.equals("delivered") || a.equals("relayed") || a.equals("expanded")
        || f.status != null && f.status.trim().startsWith("2.");
  }

  // 0 for X.0.0, 1 for X.Y.0 or X.0.Z, 2 for X.Y.Z.
  private static int specificity(EnhancedStatusCode c) {
    return (c.subject() != 0 ? 1 : 0) + (c.detail() != 0 ? 1 : 0);
  }

  // Hotmail/Outlook.com complaints (JMRP) send only the reported message, which carries
  // "X-HmXmrOriginalRecipient: a@b": that address, or null when the message is no such complaint.
  private static String hotmailComplaint(MimeReader.Message m) {
    MimeReader.Part p = part(m, "message/rfc822");
    if (p == null || !m.header("from").toLowerCase(Locale.ROOT).contains("@hotmail.com")
        && !m.header("from").toLowerCase(Locale.ROOT).contains("@outlook.com")) {
      return null;
    }
    String v = headersOf(p.text()).get("x-hmxmroriginalrecipient");
    String a = v == null ? null : address(firstAddress(v));
    return a != null && isAddress(a) ? a : null;
  }

  // The report of a returned message that is itself a delivery-status report with recipients, or
  // null. Read one level deep only.
  private BounceReport nestedBounce(MimeReader.Message m) {
    MimeReader.Part p = part(m, "message/rfc822");
    if (p == null) {
      return null;
    }
    String head = p.text().substring(0, Math.min(p.text().length(), 8000)).toLowerCase(Locale.ROOT);
    if (!head.contains("report-type=delivery-status") && !head.contains("report-type=\"delivery-status\"")) {
      return null;
    }
    BounceReport inner = read(MimeReader.read(p.text().getBytes(java.nio.charset.StandardCharsets.UTF_8), false), 1);
    boolean bounce = inner.kind() == BounceKind.DSN || inner.kind() == BounceKind.FREE_TEXT
        || inner.kind() == BounceKind.DELAYED;
    return bounce && !inner.recipients().isEmpty() ? inner : null;
  }

  // Every Original-Rcpt-To address of a feedback report, in order (at most 100).
  private static List<String> moreRcptTo(String text) {
    List<String> out = new ArrayList<>();
    for (String line : lines(text)) {
      if (line.regionMatches(true, 0, "original-rcpt-to:", 0, 17) && out.size() < 100) {
        String a = address(firstAddress(line.substring(17)));
        if (a != null && isAddress(a)) {
          out.add(a);
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ RFC 3464

  private static List<Fields> deliveryStatus(String text) {
    List<Map<String, String>> groups = fieldsOf(text);
    List<Fields> out = new ArrayList<>();
    String reporting = null;
    for (Map<String, String> g : groups) {
      if (g.containsKey("reporting-mta") && reporting == null) {
        reporting = typeless(g.get("reporting-mta"));
      }
      String rcpt = g.get("final-recipient");
      String finalAddress = rcpt == null ? null : address(typeless(rcpt));
      if (rcpt == null || (finalAddress == null || finalAddress.isEmpty())
          && g.containsKey("original-recipient")) {
        rcpt = g.get("original-recipient"); // none, or an empty one ("system;<>" - CommuniGate)
      }
      if (rcpt == null) {
        continue;
      }
      Fields f = new Fields();
      f.recipient = address(typeless(rcpt));
      f.original = g.containsKey("original-recipient") ? address(typeless(g.get("original-recipient"))) : null;
      f.action = g.get("action");
      f.status = firstToken(g.get("status"));
      f.statusComment = statusComment(g.get("status"));
      f.diagnostic = g.containsKey("diagnostic-code") ? typeless(g.get("diagnostic-code")) : null;
      f.remoteMta = g.containsKey("remote-mta") ? host(typeless(g.get("remote-mta"))) : null;
      f.reportingMta = reporting;
      f.lastAttempt = g.get("last-attempt-date");
      if (f.recipient != null && !f.recipient.isEmpty()) {
        out.add(f);
      }
    }
    for (Fields f : out) {
      if (f.reportingMta == null) {
        f.reportingMta = reporting;
      }
    }
    return out;
  }

  // The comment of a Status field when it says more than the status class: "4.0.0
  // (example.net: host name lookup failure)" gives a reason, "5.0.0 (permanent failure)" none.
  private static String statusComment(String status) {
    if (status == null) {
      return null;
    }
    int open = status.indexOf('(');
    int close = status.lastIndexOf(')');
    if (open < 0 || close < open) {
      return null;
    }
    String c = status.substring(open + 1, close).trim();
    String low = c.toLowerCase(Locale.ROOT);
    if (weak(c) || low.equals("permanent failure") || low.equals("temporary failure")
        || low.equals("persistent transient failure") || low.equals("transient failure")
        || low.contains("undefined status") || low.equals("success")) {
      return null;
    }
    return c;
  }

  // Delivery-status field groups written into a text part (a broken multipart/report read as one
  // text): only groups that name a recipient and carry an Action or a Status count.
  private static List<Fields> inlineDeliveryStatus(String text) {
    String low = lower(text);
    if (!low.startsWith("final-recipient:") && low.indexOf("\nfinal-recipient:") < 0) {
      return new ArrayList<>();
    }
    List<Fields> out = new ArrayList<>();
    for (Fields f : deliveryStatus(text)) {
      if ((f.status != null || f.action != null) && isAddress(f.recipient)) {
        out.add(f);
      }
    }
    return out;
  }

  // A Final-Recipient that is no address: Exim's pipe or file ("|/usr/bin/x a@b", "/var/mail/x"),
  // a source route ("@mx.example.net:a@b", Messaging Server), a bare "@host" (Sendmail). The
  // Original-Recipient when valid, else the route's address, else the one address the text gives
  // (Exim's "generated by a@b", a recipient block) when a single recipient needs it.
  private static void repairRecipients(List<Fields> fields, String text) {
    int bad = 0;
    for (Fields f : fields) {
      if (notAnAddress(f.recipient)) {
        bad++;
      }
    }
    if (bad == 0) {
      return;
    }
    String fromText = null;
    if (bad == 1) {
      fromText = eximGeneratedBy(text);
      if (fromText == null) {
        List<Fields> blocks = blocks(text);
        if (blocks.size() == 1) {
          fromText = blocks.get(0).recipient;
        }
      }
      for (Fields f : fields) {
        if (fromText != null && fromText.equalsIgnoreCase(f.recipient)) {
          fromText = null; // already a recipient of its own
        }
      }
    }
    for (Fields f : fields) {
      if (!notAnAddress(f.recipient)) {
        continue;
      }
      int colon = f.recipient.lastIndexOf(':');
      String route = f.recipient.startsWith("@") && colon > 0 ? f.recipient.substring(colon + 1) : null;
      if (f.original != null && isAddress(f.original)) {
        f.recipient = f.original;
      } else if (route != null && isAddress(route)) {
        f.recipient = route;
      } else if (fromText != null) {
        f.recipient = fromText;
      }
    }
  }

  // "RECIPIENT=a@b", "SENDER=a@b": a line of an environment dump (the output of a failed pipe
  // delivery that Exim returns), not an address, though '=' may appear in a local part. An
  // upper-case name without digits before the first '=' (SRS's "SRS0=" has a digit; VERP and
  // BATV's "prvs=" are lower case).
  static boolean isEnvironmentAssignment(String addr) {
    int eq = addr.indexOf('=');
    if (eq <= 0) {
      return false;
    }
    for (int i = 0; i < eq; i++) {
      char c = addr.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  // A pipe, a file, a source route or a bare "@host": a Final-Recipient that names no mailbox.
  // (A quoted local part or a dotless host is still a mailbox.)
  private static boolean notAnAddress(String a) {
    if (a == null || a.startsWith("|") || a.startsWith("/") || a.startsWith("@")) {
      return true;
    }
    return a.indexOf('@') <= 0 || a.indexOf(' ') >= 0 && !a.startsWith("\"");
  }

  // Exim: "  pipe to |/usr/bin/x\n    generated by a@b" - the address the pipe or file came from.
  private static String eximGeneratedBy(String text) {
    int i = text.indexOf("generated by ");
    if (i < 0) {
      return null;
    }
    int end = i + 13;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    String a = stripAngles(text.substring(i + 13, end));
    return isAddress(a) ? a.toLowerCase(Locale.ROOT) : null;
  }

  /**
   * Header-style field groups separated by blank lines; folded lines unfolded; a new
   * Final-Recipient also starts a new group (for reports that forget the blank line).
   */
  static List<Map<String, String>> fieldsOf(String text) {
    List<Map<String, String>> groups = new ArrayList<>();
    Map<String, String> current = new LinkedHashMap<>();
    String last = null;
    for (String line : lines(text)) {
      if (line.isBlank()) {
        if (!current.isEmpty()) {
          groups.add(current);
          current = new LinkedHashMap<>();
        }
        last = null;
        continue;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
        current.put(last, current.get(last) + " " + line.trim());
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (name.equals("final-recipient") && current.containsKey("final-recipient")
          || name.equals("original-recipient") && current.containsKey("original-recipient")) {
        groups.add(current);
        current = new LinkedHashMap<>();
      }
      current.putIfAbsent(name, value);
      last = name;
    }
    if (!current.isEmpty()) {
      groups.add(current);
    }
    if (groups.isEmpty()) {
      groups.add(new LinkedHashMap<>());
    }
    return groups;
  }

  // A DSN that reports only success (delivered, relayed, expanded: RFC 3464 2.3.3) is no bounce;
  // one that reports only delays is a warning.
  private static BounceKind dsnKind(List<Fields> fields) {
    boolean success = !fields.isEmpty();
    for (Fields f : fields) {
      String a = f.action == null ? "" : f.action.trim().toLowerCase(Locale.ROOT);
      success &= a.equals("delivered") || a.equals("relayed") || a.equals("expanded");
    }
    return success ? BounceKind.NOT_BOUNCE : allDelayed(fields) ? BounceKind.DELAYED : BounceKind.DSN;
  }

  private static boolean allDelayed(List<Fields> fields) {
    if (fields.isEmpty()) {
      return false;
    }
    for (Fields f : fields) {
      if (f.action == null || !f.action.trim().equalsIgnoreCase("delayed")) {
        return false;
      }
    }
    return true;
  }

  // What the human-readable part adds to a DSN: the reply when there is no Diagnostic-Code, the
  // SMTP stage ("(in reply to RCPT TO command)") and the remote host when the DSN lacks them.
  private static void fillFromText(List<Fields> fields, String text) {
    if (text.isEmpty()) {
      return;
    }
    List<Fields> fromText = blocks(text);
    // The text's blocks by address (blocks() makes one per address): one look-up per DSN record.
    Map<String, Fields> byAddress = new java.util.HashMap<>();
    for (Fields t : fromText) {
      if (t.diagnostic != null) {
        byAddress.putIfAbsent(t.recipient.toLowerCase(Locale.ROOT), t);
      }
    }
    for (Fields f : fields) {
      Fields t = byAddress.get(f.recipient.toLowerCase(Locale.ROOT));
      if (t != null) {
        SmtpReply r = SmtpReply.parse(t.diagnostic);
        if (f.stage == null) {
          f.stage = r.stage().orElse(null);
        }
        if (f.remoteMta == null) {
          f.remoteMta = r.remoteHost().orElse(null);
        }
      }
    }
    TextLines lines = null; // split once, when a record first needs it
    for (Fields f : fields) {
      if (succeeded(f)) {
        continue; // delivered, relayed or expanded: the text's failures are other recipients'
      }
      if (f.diagnostic == null || f.diagnostic.isBlank()) {
        fillOneFromText(f, fields.size(), fromText, byAddress, text);
        if (weak(f.diagnostic)) {
          if (lines == null) {
            lines = TextLines.of(text);
          }
          String p = paragraphNaming(lines, f.recipient);
          if (p != null) {
            f.diagnostic = p;
          }
        }
      }
      String whole = wholeReplyInTranscript(f.diagnostic, text);
      if (whole != null) {
        f.diagnostic = whole;
      }
      if (weak(f.diagnostic) && fields.size() == 1) {
        // Sendmail: a Diagnostic-Code that says nothing ("X-Unix; 255") or none at all; its
        // transcript has the verdict in words.
        String verdict = transcriptVerdict(text);
        if (verdict != null) {
          f.diagnostic = verdict;
          f.diagnosticFromTranscript = true;
        }
      }
    }
  }

  // A record without a Diagnostic-Code: the text's block for its address, the only block, or
  // Exim's block under the failed address.
  private static void fillOneFromText(
      Fields f, int records, List<Fields> fromText, Map<String, Fields> byAddress, String text) {
    Fields t = byAddress.get(f.recipient.toLowerCase(Locale.ROOT));
    if (t != null) {
      f.diagnostic = t.diagnostic;
    }
    if ((f.diagnostic == null || f.diagnostic.isBlank()) && fromText.size() == 1
        && records == 1 && fromText.get(0).diagnostic != null) {
      f.diagnostic = fromText.get(0).diagnostic;
    }
    if ((f.diagnostic == null || f.diagnostic.isBlank()) && records == 1) {
      // Exim's pipe or file deliveries: "  save to /var/mail/x\n    generated by a@b\n
      // mailbox is full: retry timeout exceeded" - the block under the failed address.
      f.diagnostic = eximBlock(text, false);
    }
  }

  /**
   * Google Groups' refusal of a post in any of its languages: the paragraph that names the group
   * in brackets ("die Gruppe, die Sie kontaktieren möchten (name)", "グループ（name）", "「name」群組")
   * and the line with the Groups help link, which every language version carries. Null when the
   * text is no such notice.
   */
  static String groupsNotice(TextLines lines, String address) {
    int at = address == null ? -1 : address.indexOf('@');
    if (at <= 0) {
      return null;
    }
    String local = address.substring(0, at).toLowerCase(Locale.ROOT);
    String[] names = {"(" + local + ")", "\uFF08" + local + "\uFF09", "\u300C" + local + "\u300D"};
    int link = -1;
    int named = -1;
    for (int i = 0; i < lines.end && (link < 0 || named < 0); i++) {
      String low = lines.low[i];
      if (link < 0 && low.contains("groups.google.com/support")) {
        link = i;
      }
      if (named < 0) {
        for (String n : names) {
          if (low.contains(n)) {
            named = i;
          }
        }
      }
    }
    if (link < 0 || named < 0) {
      return null;
    }
    String p = paragraph(lines.raw, paragraphStart(lines.raw, named), lines.end, new StringBuilder());
    return link == named ? p : p + " " + lines.raw[link].trim();
  }

  // The first line of the paragraph (run of non-blank lines) that holds line i.
  private static int paragraphStart(String[] ls, int i) {
    int from = i;
    while (from > 0 && !ls[from - 1].isBlank()) {
      from--;
    }
    return from;
  }

  // The paragraph starting at line from (lines before end), trimmed lines joined by spaces after
  // what b already holds, at most MAX_PARAGRAPH characters.
  private static String paragraph(String[] ls, int from, int end, StringBuilder b) {
    for (int k = from; k < end && !ls[k].isBlank() && b.length() < MAX_PARAGRAPH; k++) {
      b.append(ls[k].trim()).append(' ');
    }
    String p = b.toString().trim();
    return p.length() > MAX_PARAGRAPH ? p.substring(0, MAX_PARAGRAPH) : p;
  }

  /**
   * The reason written above a recipient that stands alone on its line at the end of the notice
   * (KDDI's au / EZweb: "The user(s) account is disabled.", a blank line, "<a@b>"): the two
   * paragraphs above the address line, at most {@link #MAX_PARAGRAPH} characters from the 100
   * lines above it. Null when the
   * address does not stand alone or nothing is written above it.
   */
  static String reasonAbove(TextLines lines, String address) {
    if (address == null || address.isEmpty()) {
      return null;
    }
    String needle = address.toLowerCase(Locale.ROOT);
    for (int i = 0; i < lines.end; i++) {
      String t = lines.low[i].trim();
      if (t.endsWith(":")) {
        t = t.substring(0, t.length() - 1).trim(); // Sina: "<a@b>:" under the reason
      }
      if (!t.equals(needle) && !t.equals("<" + needle + ">")) {
        continue;
      }
      List<String> above = new ArrayList<>();
      int paragraphs = 0;
      int size = 0;
      boolean inParagraph = false;
      for (int k = i - 1; k >= 0 && k >= i - 100 && size < MAX_PARAGRAPH; k--) {
        String line = lines.raw[k].trim();
        if (line.isEmpty()) {
          if (inParagraph && ++paragraphs == 2) {
            break;
          }
          inParagraph = false;
          continue;
        }
        if (above.isEmpty() && line.indexOf('@') >= 0 && afterAddressIsEmpty(line)) {
          continue; // the recipient above this one in the same list, the reason above both
        }
        if (line.indexOf('@') >= 0 || isHeaderLine(line) || line.startsWith("--")) {
          break; // another address, a header field or a MIME boundary: not this reason
        }
        inParagraph = true;
        above.add(0, line);
        size += line.length() + 1;
      }
      if (above.isEmpty()) {
        return null;
      }
      String p = String.join(" ", above);
      return p.length() > MAX_PARAGRAPH ? p.substring(0, MAX_PARAGRAPH) : p;
    }
    return null;
  }

  // A line of one repeated punctuation character ("=====", "*****", "-----"), at least 5 long.
  private static boolean isRule(String t) {
    if (t.length() < 5) {
      return false;
    }
    char c = t.charAt(0);
    if (c != '=' && c != '*' && c != '-' && c != '_' && c != '#') {
      return false;
    }
    for (int i = 1; i < t.length(); i++) {
      if (t.charAt(i) != c) {
        return false;
      }
    }
    return true;
  }

  // "10:12:40 -0500", "9:05 +0100": a time of day with its zone and nothing else.
  private static boolean isTimeOfDay(String t) {
    return t.length() <= 16 && t.matches("\\d{1,2}:\\d{2}(:\\d{2})? [+-]\\d{4}");
  }

  // A line that is an address alone ("a@b", "<a@b>", "<a@b>:").
  private static boolean afterAddressIsEmpty(String line) {
    return recipientLine(line) != null && line.indexOf(' ') < 0;
  }

  // Sentences that explain a bounce without naming the recipient (Google Groups writes "the group
  // you tried to contact (name) may not exist, or you may not have permission to post").
  private static final String[] EXPLANATION_LEADS = {
    "the group you tried to contact",
    // Gmail and Google Workspace: the sender's own "Send mail as" SMTP settings failed.
    "using the 'send mail as' feature",
    // Netscape/iPlanet Messaging Server: the reason above the list of recipients.
    "your message was not delivered because",
    // Exim's delay warning: no reason, only how long the message has waited.
    "has not yet been delivered to all its recipients",
  };

  private static String explanation(String text) {
    String low = lower(text);
    for (String lead : EXPLANATION_LEADS) {
      int i = low.indexOf(lead);
      if (i >= 0) {
        int start = Math.max(Math.max(text.lastIndexOf('\n', i), text.lastIndexOf('\r', i)) + 1, i - 200);
        int end = blankLineAfter(text, i);
        String p = text.substring(start, end < 0 ? Math.min(text.length(), i + MAX_PARAGRAPH) : end).trim();
        int response = end < 0 ? -1 : low.indexOf("the response was:", end);
        if (response >= 0 && response - end < 1000) {
          // Google: "The response was:", a blank line, then the other server's words.
          int from = response + "the response was:".length();
          int stop = blankLineAfter(text, from);
          String words = text.substring(from, stop < 0 ? Math.min(text.length(), from + MAX_PARAGRAPH) : stop).trim();
          if (!words.isEmpty()) {
            p = p + "\n" + words;
          }
        }
        return p;
      }
    }
    return null;
  }

  // A diagnostic that says nothing: none, blank, fewer than two words ("Reason", "*****"), or a
  // heading alone.
  static boolean weak(String diagnostic) {
    if (diagnostic == null) {
      return true;
    }
    String t = diagnostic.trim();
    if (t.length() > 4 && t.startsWith("**") && t.endsWith("**") && t.indexOf('\n') < 0) {
      return true; // only Gmail's "** Message not delivered **" heading
    }
    int words = 0;
    int run = 0;
    for (int i = 0, n = Math.min(diagnostic.length(), 200); i < n && words < 2; i++) {
      if (Character.isLetter(diagnostic.charAt(i))) {
        run++;
      } else {
        words += run >= 2 ? 1 : 0;
        run = 0;
      }
    }
    return words + (run >= 2 ? 1 : 0) < 2;
  }

  /**
   * The lines of the first 64 KiB of a bounce's text, as written and in lower case, and where the
   * returned message starts (its header fields name the recipient too, so the search ends there).
   */
  static final class TextLines {
    final String[] raw;
    final String[] low;
    final int end;

    private TextLines(String[] raw) {
      this.raw = raw;
      this.low = new String[raw.length];
      int e = raw.length;
      for (int i = 0; i < raw.length; i++) {
        low[i] = raw[i].toLowerCase(Locale.ROOT);
        if (e == raw.length && startsOriginal(low[i].trim())) {
          e = i;
        }
      }
      this.end = e;
    }

    static TextLines of(String text) {
      return new TextLines(lines(text.length() > 65536 ? text.substring(0, 65536) : text));
    }
  }

  // Longest paragraph taken as a diagnostic by paragraphNaming.
  private static final int MAX_PARAGRAPH = 1000;
  // The "<<< " reply lines of a Sendmail transcript compared with a Diagnostic-Code's line.
  private static final int MAX_TRANSCRIPT_REPLIES = 200;

  /**
   * The paragraph of a bounce's text that names the recipient in a sentence, for reports that give
   * no diagnostic code; Gmail's "** Address not found **" notice reads "Your message wasn't
   * delivered to a@b because the address couldn't be found." A "** heading **" line just above the
   * paragraph is kept with it. Lines that are header fields ("To: a@b") or the bare address are
   * skipped. Returns null when no such paragraph is found in the first 64 KiB of the text.
   */
  static String paragraphNaming(TextLines lines, String address) {
    if (address == null || address.isEmpty()) {
      return null;
    }
    String[] ls = lines.raw;
    String needle = address.toLowerCase(Locale.ROOT);
    for (int i = 0; i < lines.end; i++) {
      String low = lines.low[i];
      int at = low.indexOf(needle);
      if (at < 0) {
        continue;
      }
      String rest = (low.substring(0, at) + " " + low.substring(at + needle.length()))
          .replace('<', ' ').replace('>', ' ').trim();
      int words = rest.isEmpty() ? 0 : rest.split("\\s+").length;
      if (words < 3 || isHeaderLine(ls[i]) && words < 5) {
        continue; // the address alone, in a list or in a header field: not a sentence about it
      }
      if (isRecipientField(low)) {
        continue; // a delivery-status field ("X-Actual-Recipient: rfc822; |program #a@b")
      }
      int from = paragraphStart(ls, i);
      StringBuilder b = new StringBuilder();
      int h = from - 1;
      while (h >= 0 && ls[h].isBlank()) {
        h--;
      }
      if (h >= 0 && from - h <= 3) {
        String head = ls[h].trim();
        if (head.length() > 4 && head.startsWith("**") && head.endsWith("**")) {
          b.append(head).append(' ');
        }
      }
      return paragraph(ls, from, ls.length, b);
    }
    return null;
  }

  private static boolean isRecipientField(String low) {
    String t = low.stripLeading();
    return t.startsWith("final-recipient:") || t.startsWith("original-recipient:")
        || t.startsWith("x-actual-recipient:") || t.startsWith("x-failed-recipients:");
  }

  // Whether a trimmed, lower-case line of a bounce's text starts the returned message.
  private static boolean startsOriginal(String low) {
    if (low.startsWith("|---") && low.contains("message text follows")) {
      return true; // "|------------------------- Message text follows: ----|"
    }
    for (String marker : ORIGINAL_MARKERS) {
      if (low.startsWith(marker) && !marker.startsWith("----- transcript") && !marker.startsWith("----- the following")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isHeaderLine(String line) {
    int colon = line.indexOf(':');
    if (colon <= 0 || colon > 40) {
      return false;
    }
    for (int k = 0; k < colon; k++) {
      char c = line.charAt(k);
      if (!(Character.isLetterOrDigit(c) || c == '-')) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ free text

  private static final String[] BOUNCE_SUBJECTS = {
    "undeliver", "undelivered", "delivery status notification", "delivery failure", "mail delivery failed",
    "failure notice", "returned mail", "delivery has failed", "could not be delivered", "nondeliverable",
    "non-delivery", "mail delivery system", "delivery notification", "warning: could not send", "delayed mail",
    "delivery delayed", "mail system error", "message not delivered", "rejected", "bounce", "not delivered",
    "unzustellbar", "non remis", "配信", "エラー", "delivery report",
  };

  // "Re:", "Fwd:", "Fw:", "AW:", "WG:", "SV:", "TR:", "RV:" at the start of a subject (lower case).
  private static final java.util.regex.Pattern PERSONAL_SUBJECT =
      java.util.regex.Pattern.compile("(?:re|fwd?|aw|wg|sv|tr|rv)\\s?:");

  private static boolean looksLikeBounce(MimeReader.Message m, String subject, String from) {
    if (!m.header("x-failed-recipients").isEmpty()) {
      return true;
    }
    String s = subject.toLowerCase(Locale.ROOT);
    String f = from.toLowerCase(Locale.ROOT);
    boolean daemon = f.contains("mailer-daemon") || f.contains("postmaster") || f.contains("post_master")
        || f.contains("mail delivery")
        || f.contains("mail-daemon") || f.contains("mailerdaemon") || f.contains("mail administrator");
    // A person's answer ("Re: Mail delivery failed?") or forward ("Fwd: Undelivered Mail Returned
    // to Sender", a bounce of that person's own message attached) talks about a bounce; it is none.
    boolean answer = !daemon && PERSONAL_SUBJECT.matcher(s).lookingAt()
        && m.header("auto-submitted").isEmpty();
    for (String b : BOUNCE_SUBJECTS) {
      if (s.contains(b) && !answer) {
        return true;
      }
    }
    if (daemon) {
      return true;
    }
    String t = lower(text(m));
    return t.contains("this is the mail system at host") || t.contains("qmail-send program")
        || t.contains("could not be delivered to one or more") || t.contains("delivery has failed to these recipients")
        || t.contains("permanent fatal errors") || t.contains("mail delivery failed")
        || t.contains("could not be delivered to:") // KDDI (au one net)
        || t.contains("message could not be delivered") // Verizon MMSC
        || t.contains("we had trouble delivering your message") // X6
        || t.contains("error message below:") // Apache James
        || t.contains("bouncedrecipients") && t.contains("notificationtype"); // Amazon SES notification (JSON)
  }

  private static boolean isAutoReply(MimeReader.Message m, String subject) {
    String auto = m.header("auto-submitted").toLowerCase(Locale.ROOT);
    String s = subject.toLowerCase(Locale.ROOT);
    boolean daemon = m.header("from").toLowerCase(Locale.ROOT).contains("mailer-daemon");
    if (daemon) {
      return false;
    }
    // RFC 3834: "auto-generated" is any automatic message; one that answers ("Re: ...") is a reply.
    boolean answers = s.startsWith("re:") || s.startsWith("re :") || s.startsWith("aw:");
    return auto.startsWith("auto-replied") || auto.startsWith("auto-generated") && answers
        || vacationMarks(m, s);
  }

  // The marks only a vacation or out-of-office reply carries: its own headers and subject words.
  private static boolean vacationMarks(MimeReader.Message m, String s) {
    return !m.header("x-autoreply").isEmpty()
        || !m.header("x-autorespond").isEmpty()
        || m.header("x-apple-action").equalsIgnoreCase("vacation") // iCloud Mail's vacation reply
        || s.startsWith("out of office") || s.startsWith("automatic reply") || s.startsWith("auto:")
        || s.startsWith("auto reply") || s.startsWith("autoreply") || s.startsWith("auto-reply")
        || AUTO_REPLY_SUBJECTS.stream().anyMatch(s::contains);
  }

  // Words of a vacation or out-of-office subject, and Outlook's and Exchange's "Automatic reply:"
  // in other languages (lower case), anywhere in the subject.
  private static final List<String> AUTO_REPLY_SUBJECTS =
      List.of(
          "vacation",
          "abwesenheit", // German
          "absence", // French, English
          "automatische antwort", // German
          "automatyczna odpowied", // Polish
          "respuesta autom", // Spanish
          "resposta autom", // Portuguese
          "réponse automatique", // French
          "risposta automatica", // Italian
          "automatisch antwoord", // Dutch
          "自動応答", // Japanese
          "自动回复", // Chinese (simplified)
          "automatiskt svar", // Swedish
          "automatisk svar", // Danish, Norwegian
          "automaattinen vastaus", // Finnish
          "automatická odpověď", // Czech
          "automatická odpoveď", // Slovak
          "automatikus válasz", // Hungarian
          "automātiskā atbilde", // Latvian
          "automatiska atbilde", // Latvian without diacritics (older Exchange)
          "automatinis atsakymas", // Lithuanian
          "automaatvastus", // Estonian
          "samodejni odgovor", // Slovenian
          "automatski odgovor", // Croatian, Serbian (Latin)
          "răspuns automat", // Romanian
          "otomatik yanıt", // Turkish
          "otomatik cevap", // Turkish
          "αυτόματη απάντηση", // Greek
          "автоматический ответ", // Russian
          "автоматична відповідь", // Ukrainian
          "автоматичен отговор", // Bulgarian
          "자동 회신", // Korean
          "自動回覆"); // Chinese (traditional)

  private static boolean isDelay(String subject, String text) {
    String s = subject.toLowerCase(Locale.ROOT);
    if (s.contains("delay") || s.contains("warning: could not send") || s.contains("not yet been delivered")) {
      return true;
    }
    String t = lower(text);
    return t.contains("has not yet been delivered") && !t.contains("permanent");
  }

  private static List<Fields> freeText(MimeReader.Message m, List<String> notes) {
    String text = text(m);
    List<Fields> found = sesNotification(sesBody(text));
    if (found.isEmpty() && text.indexOf("--- Session Transcript ---") >= 0) {
      found = serverTranscript(text); // MDaemon: the session's RCPT TO and the reply to it
    }
    if (found.isEmpty()) {
      found = blocks(text);
    }
    if (found.isEmpty()) {
      found = serverTranscript(text);
    }
    String[] failedHeader = m.header("x-failed-recipients").split(",");
    // The text named as many recipients as the header does: the text's addresses stand (a header
    // address the text spells otherwise would be a second record without a reason).
    boolean textCovers = !found.isEmpty() && found.size() >= failedHeader.length;
    for (String failed : textCovers ? new String[0] : failedHeader) {
      String a = address(failed);
      if (a == null || a.isEmpty()) {
        continue;
      }
      boolean have = false;
      for (Fields f : found) {
        have |= f.recipient.equalsIgnoreCase(a);
      }
      if (!have) {
        Fields f = new Fields();
        f.recipient = a;
        f.diagnostic = found.isEmpty() ? eximBlock(text, true) : null;
        if (f.diagnostic == null && found.isEmpty()) {
          f.diagnostic = responseIn(text);
        }
        if (f.diagnostic == null && found.isEmpty()) {
          f.diagnostic = eximBlock(text, false);
        }
        found.add(f);
      }
    }
    if (found.isEmpty()) {
      notes.add("a bounce whose text names no recipient");
    }
    String gmailHost = gmailRemoteHost(text);
    TextLines lines = null; // split once, when a record first needs it
    for (Fields f : found) {
      if (f.remoteMta == null && gmailHost != null && found.size() == 1) {
        f.remoteMta = gmailHost;
      }
      if (weak(f.diagnostic)) {
        if (lines == null) {
          lines = TextLines.of(text);
        }
        String p = paragraphNaming(lines, f.recipient);
        if (p == null) {
          p = explanation(text);
        }
        if (p == null) {
          p = groupsNotice(lines, f.recipient);
        }
        if (p == null) {
          p = reasonAbove(lines, f.recipient);
        }
        if (p != null) {
          f.diagnostic = p;
        }
      }
    }
    return found;
  }

  // Postfix's "errors from <client>" notice to the postmaster: a transcript of the SMTP session
  // with " In:  RCPT TO:<a@b>" and " Out: 451 4.3.0 Error: ..." lines. Each RCPT TO address is a
  // recipient; its reply is the RCPT reply when that failed, else the first failure after it.
  static List<Fields> serverTranscript(String text) {
    List<Fields> out = new ArrayList<>();
    boolean mdaemon = text.indexOf("--- Session Transcript ---") >= 0;
    if (!text.regionMatches(true, 0, "transcript of session follows", 0, 29)
        && text.indexOf("\nTranscript of session follows") < 0 && !mdaemon) {
      return out;
    }
    String[] ls = lines(text);
    List<Fields> open = new ArrayList<>(); // recipients still waiting for a failure
    String command = null;
    for (int i = 0; i < ls.length && out.size() < 1000; i++) {
      String t = ls[i].trim();
      if (mdaemon) {
        // MDaemon: "Thu 2024-10-03 16:20:01.467: --> RCPT To:<a@b>" and "...: <-- 550 5.2.1 ...".
        int sent = t.indexOf(": --> ");
        int got = t.indexOf(": <-- ");
        if (sent >= 0) {
          t = "In: " + t.substring(sent + 6);
        } else if (got >= 0) {
          t = "Out: " + t.substring(got + 6);
        } else {
          continue;
        }
      }
      if (t.startsWith("In:")) {
        command = t.substring(3).trim();
        String low = command.toLowerCase(Locale.ROOT);
        if (low.startsWith("rcpt to:")) {
          String a = address(firstAddress(command.substring(8)));
          if (a != null && isAddress(a)) {
            Fields f = new Fields();
            f.recipient = a;
            f.stage = SmtpStage.RCPT_TO;
            out.add(f);
            open.add(f);
          }
        }
      } else if (t.startsWith("Out:")) {
        String reply = t.substring(4).trim();
        int code = ReplyParser.codeTokenAt(reply, 0);
        if (code >= 400 && code < 600 && !open.isEmpty()) {
          boolean rcpt = command != null && command.toLowerCase(Locale.ROOT).startsWith("rcpt to:");
          List<Fields> failed = rcpt ? List.of(open.get(open.size() - 1)) : new ArrayList<>(open);
          for (Fields f : failed) {
            f.diagnostic = reply;
            if (!rcpt) {
              f.stage = command == null ? null : SmtpStage.fromCommand(command).orElse(null);
            }
          }
          if (rcpt) {
            open.remove(open.size() - 1);
          } else {
            open.clear();
          }
        } else if (code >= 200 && code < 300 && command != null
            && command.toLowerCase(Locale.ROOT).startsWith("rcpt to:") && !open.isEmpty()) {
          open.get(open.size() - 1).stage = null; // accepted: the failure comes later
        }
      }
    }
    out.removeIf(f -> f.diagnostic == null);
    return out;
  }

  // Exim: "The following address(es) failed:\n\n  kijitora\n    SMTP error from ...": the block
  // under the (possibly domain-less) address, up to the next blank line. Null when absent.
  private static String eximBlock(String text, boolean needCode) {
    int i = text.indexOf("address(es) failed:");
    if (i < 0) {
      return null;
    }
    String[] ls = lines(text.substring(i, Math.min(text.length(), i + 4000)));
    StringBuilder b = new StringBuilder();
    int n = 0;
    for (int k = 1; k < ls.length; k++) {
      String t = ls[k].trim();
      if (t.isEmpty()) {
        if (n > 0) {
          break;
        }
        continue;
      }
      // The first line names the address; a pipe delivery's ("pipe to |/usr/bin/x") says what
      // failed, so it is kept.
      if (n++ > 0 || t.startsWith("pipe to |")) {
        b.append(b.length() == 0 ? "" : "\n").append(ls[k]);
      }
    }
    String d = b.toString().trim();
    if (!d.isEmpty() && !hasCode(d)) {
      String output = eximDeliveryOutput(text);
      if (output != null) {
        b.append('\n').append(output);
        d = b.toString().trim();
      }
    }
    return d.isEmpty() || needCode && !hasCode(d) ? null : b.toString();
  }

  // Sendmail keeps only the first line of a multi-line reply in the Diagnostic-Code ("550-5.7.1
  // [192.0.2.1] Our system has detected that this message is"); its transcript has every line
  // ("<<< 550-5.7.1 ..." up to "<<< 550 5.7.1 ..."). The whole reply when the transcript has
  // the Diagnostic-Code's line as a continuation line; null otherwise.
  static String wholeReplyInTranscript(String diagnostic, String text) {
    if (diagnostic == null) {
      return null;
    }
    String first = diagnostic.trim();
    int code = ReplyParser.codeTokenAt(first, 0);
    if (code < 400 || code > 599 || first.length() < 5 || first.length() > MAX_PARAGRAPH
        || first.charAt(3) != '-' || first.indexOf('\n') >= 0) {
      return null;
    }
    // The line is looked for only at the starts of the transcript's "<<< " lines, and at a
    // bounded number of them: a search for an arbitrary line anywhere in the message could cost
    // the product of the two lengths.
    int transcript = text.indexOf("ranscript of session follows");
    int at = -1;
    int tries = 0;
    for (int k = transcript < 0 ? -1 : text.indexOf("<<< ", transcript);
        k >= 0 && tries < MAX_TRANSCRIPT_REPLIES;
        k = text.indexOf("<<< ", k + 4), tries++) {
      if (text.startsWith(first, k + 4)) {
        at = k;
        break;
      }
    }
    if (at < 0) {
      return null;
    }
    String[] ls = lines(text.substring(at, Math.min(text.length(), at + 4 * MAX_PARAGRAPH)));
    StringBuilder b = new StringBuilder();
    String prefix = "<<< " + first.substring(0, 3);
    for (String line : ls) {
      String t = line.trim();
      if (!t.startsWith(prefix) || t.length() > 4 + 3 && t.charAt(7) != '-' && t.charAt(7) != ' ') {
        break;
      }
      b.append(b.length() == 0 ? "" : "\n").append(t.substring(4));
      if (t.length() == 7 || t.charAt(7) == ' ') {
        return b.toString(); // the last line of the reply
      }
    }
    return null; // the reply's last line is not there: keep the Diagnostic-Code
  }

  // Sendmail: the last reply line (4xx or 5xx) of "----- Transcript of session follows -----",
  // which is Sendmail's own verdict ("554 5.3.0 unknown mailer error 255"). Null when none.
  private static String transcriptVerdict(String text) {
    String low = lower(text);
    int i = low.indexOf("transcript of session follows");
    if (i < 0) {
      return null;
    }
    String[] ls = lines(text.substring(i, Math.min(text.length(), i + 8000)));
    String verdict = null;
    String program = null; // a local program's own words just above ("maildrop: maildir over quota.")
    String previous = null;
    for (int k = 1; k < ls.length; k++) {
      String t = ls[k].trim();
      if (t.startsWith("--") || t.regionMatches(true, 0, "content-type:", 0, 13)) {
        break; // the next MIME part
      }
      int code = ReplyParser.codeTokenAt(t, 0);
      if (code >= 400 && code < 600) {
        verdict = t;
        program = previous != null && ReplyParser.codeTokenAt(previous, 0) < 0
            && !previous.startsWith("...") && !previous.startsWith("<<<") && !previous.startsWith(">>>")
            && previous.indexOf(": ") > 0 && previous.length() < 200 ? previous : null;
      }
      previous = t.isEmpty() ? null : t;
    }
    return verdict == null || program == null ? verdict : program + "\n" + verdict;
  }

  // Exim: "The following text was generated during the delivery attempt:", a "------ pipe to ...
  // ------" line (possibly folded), then what the pipe or filter wrote, up to a blank line.
  private static String eximDeliveryOutput(String text) {
    int i = text.indexOf("The following text was generated during the delivery attempt:");
    if (i < 0) {
      return null;
    }
    String[] ls = lines(text.substring(i, Math.min(text.length(), i + 4000)));
    int k = 1;
    while (k < ls.length && ls[k].isBlank()) {
      k++;
    }
    if (k < ls.length && ls[k].trim().startsWith("------")) {
      while (k < ls.length && !ls[k].trim().endsWith("------")) {
        k++;
      }
      k++;
    }
    while (k < ls.length && ls[k].isBlank()) {
      k++;
    }
    StringBuilder b = new StringBuilder();
    for (; k < ls.length && !ls[k].isBlank() && b.length() < MAX_PARAGRAPH; k++) {
      b.append(b.length() == 0 ? "" : "\n").append(ls[k].trim());
    }
    return b.length() == 0 ? null : b.toString();
  }

  // Where the returned original message starts inside a single text part.
  private static final String[] ORIGINAL_MARKERS = {
    "--- below this line is a copy of the message", "------ this is a copy of the message",
    "----- original message -----", "original message follows", "----- transcript of session follows",
    "content-type: message/rfc822", "------- returned message", "--- the header of the original message",
    "----- the following addresses had", "return-path:", "----- unsent message follows",
    "original message follows", "--- original message follows", "----- returned message follows",
    "message headers follow", "------ this is a copy of your message", "original message headers:",
    "original message:", // Verizon MMSC: the original's headers follow
    "included is a copy of the message header", // MX Logic
    "--- 附件中的内容是原信件的一份拷贝", // Sina: "the attachment is a copy of the original"
  };

  /** Recipient blocks of a bounce text: an address on its own line, and the lines after it. */
  static List<Fields> blocks(String text) {
    List<Fields> out = new ArrayList<>();
    String[] lines = lines(text);
    Fields current = null;
    boolean inline = false;
    StringBuilder diag = new StringBuilder();
    boolean transcript = text.indexOf("ranscript of session follows") >= 0;
    Map<String, Fields> byAddress = new java.util.HashMap<>();
    String previous = ""; // the last non-blank line, lower case
    boolean inReasons = false;
    StringBuilder reasons = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String t = line.trim();
      String low = t.toLowerCase(Locale.ROOT);
      boolean stop = startsOriginal(low);
      if (stop && !out.isEmpty()) {
        break;
      }
      // An indented line inside a folded "<a@b>: host ... said: ..." block continues it, even when
      // it starts with an address (the sender's, quoted by the remote server).
      boolean folded = current != null && inline && !line.isEmpty() && Character.isWhitespace(line.charAt(0));
      String addr = folded ? null : recipientLine(t);
      boolean notice = false;
      if (addr == null && !folded && transcript) {
        addr = sendmailNotice(t, low);
        notice = addr != null;
      }
      boolean trailing = false;
      if (addr == null && !folded) {
        addr = trailingRecipient(t);
        trailing = addr != null;
      }
      if (addr == null && out.isEmpty() && !folded) {
        addr = sentenceRecipient(t);
        trailing = addr != null;
      }
      if (addr == null && !folded && current == null && inReasons && !t.isEmpty() && !t.startsWith("-------")) {
        reasons.append(reasons.length() == 0 ? "" : "\n").append(t);
      }
      if (low.startsWith("------- failure reasons")) {
        inReasons = true; // Lotus Notes: "------- Failure Reasons --------", reasons, then the address
      } else if (low.startsWith("-------")) {
        inReasons = false;
      }
      if (addr != null && previous.endsWith(" sent by")) {
        addr = null; // Exim: "A message sent by\n  <sender>\ncould not be delivered": the sender
      }
      if (!t.isEmpty()) {
        previous = low;
      }
      if (addr != null) {
        if (current != null) {
          current.diagnostic = joinDiag(current.diagnostic, diag);
        }
        Fields existing = byAddress.get(addr.toLowerCase(Locale.ROOT)); // a map: no rescan of out
        current = existing != null ? existing : new Fields();
        if (existing == null) {
          current.recipient = addr;
          out.add(current);
          byAddress.put(addr.toLowerCase(Locale.ROOT), current);
        }
        diag = new StringBuilder();
        String rest = notice ? t : trailing ? replyAfter(t, addr) : afterAddress(t);
        if (trailing && rest.isEmpty()) {
          int colon = t.lastIndexOf(": ");
          // Mail.ru: "Local mailbox a@b is unavailable: user not found" - the address inside the
          // sentence, the reason after it: the whole line. IMail: "Unknown user: a@b".
          rest = colon > 0 && low.indexOf(addr) >= 0 && low.indexOf(addr) < colon ? t : reasonBefore(t);
        }
        if (rest.isEmpty() && reasons.length() > 0) {
          rest = reasons.toString(); // Notes: the reason lines came before the address
        }
        reasons.setLength(0);
        if (!rest.isEmpty()) {
          diag.append(rest);
        }
        inline = !rest.isEmpty();
        if (low.startsWith("rcpt to:")) {
          // Apache James lists the envelope under "Message details:"; the lines after it are
          // other details, not the reply (found by its lead-in instead).
          current = null;
        }
        continue;
      }
      // Not this recipient's reason, and the end of one already read: Sendmail's section heading
      // ("----- Transcript of session follows -----"), Netscape's lead-in of the next list or its
      // closing boilerplate, Exim's delay-warning advice.
      boolean heading = low.length() > 10 && low.startsWith("-----") && low.endsWith("-----");
      if (current != null && (heading
          || low.startsWith("the following recipients") && low.endsWith(":")
          || low.startsWith("please reply to postmaster") || low.startsWith("no action is required on your part"))) {
        if (diag.length() > 0 || !heading) {
          current.diagnostic = joinDiag(current.diagnostic, diag);
          diag = new StringBuilder();
          current = null;
        }
        continue;
      }
      if (current != null && isRule(t)) {
        continue; // "==========": a rule between sections, not words
      }
      if (current != null && diag.length() == 0 && isTimeOfDay(t)) {
        continue; // Exchange 5.5: the rest of "on Mon, 3 Mar 2003" wrapped onto its own line
      }
      int lead = low.startsWith("(expanded from:") ? 15 : low.startsWith("(generated from ") ? 16 : -1;
      if (current != null && diag.length() == 0 && lead > 0 && low.endsWith(")")) {
        // Sendmail: "a@b\n    (expanded from: alias@c)", Exim: "a@b\n    (generated from c@d)" -
        // the address the sender used.
        String alias = address(t.substring(lead, t.length() - 1).trim());
        if (current.original == null && alias != null && isAddress(alias)) {
          current.original = alias;
        }
        continue;
      }
      if (current != null) {
        if (t.isEmpty()) {
          // A lead-in ending in a colon ("because:" - Domino; "For the following reason:" - 1&1)
          // has its reason in the next paragraph.
          boolean leadIn = diag.length() > 0 && diag.charAt(diag.length() - 1) == ':';
          if (diag.length() > 0 && !nextIsContinuation(lines, i) && !leadIn) {
            current.diagnostic = joinDiag(current.diagnostic, diag);
            diag = new StringBuilder();
            current = null;
          }
          continue;
        }
        if (diag.length() > 0) {
          // Postfix folds its "<a@b>: host ... said: ..." line with an indent: a fold, not a new line.
          boolean fold = inline && !line.isEmpty() && Character.isWhitespace(line.charAt(0));
          diag.append(fold ? ' ' : '\n');
        }
        diag.append(t);
      }
    }
    if (current != null) {
      current.diagnostic = joinDiag(current.diagnostic, diag);
    }
    String response = responseIn(text);
    String technical = null;
    for (Fields f : out) {
      if ((f.diagnostic == null || !hasCode(f.diagnostic)) && response != null) {
        f.diagnostic = f.diagnostic == null || f.diagnostic.isBlank() ? response : f.diagnostic + "\n" + response;
      }
      if (f.diagnostic != null && !hasCode(f.diagnostic)
          && f.diagnostic.indexOf("Technical details of ") < 0) {
        if (technical == null) {
          technical = technicalDetails(text);
        }
        if (!technical.isEmpty()) {
          f.diagnostic = f.diagnostic.isBlank() ? technical : f.diagnostic + "\n" + technical;
        }
      }
    }
    return out;
  }

  // Amazon SES notifications (JSON, often mailed through SNS): "bouncedRecipients":[{"emailAddress":
  // ..., "status": ..., "diagnosticCode": ...}]. A small scanner for these fields, no JSON library.
  static List<Fields> sesNotification(String text) {
    List<Fields> out = new ArrayList<>();
    int list = text.indexOf("\"bouncedRecipients\"");
    if (list < 0) {
      list = text.indexOf("\"complainedRecipients\"");
    }
    if (list < 0) {
      return out;
    }
    int end = text.indexOf(']', list);
    String array = end < 0 ? text.substring(list) : text.substring(list, end);
    String remote = jsonString(text, "reportingMTA", 0);
    int from = 0;
    while (true) {
      int at = array.indexOf("\"emailAddress\"", from);
      if (at < 0) {
        break;
      }
      int next = array.indexOf("\"emailAddress\"", at + 14);
      String object = array.substring(at, next < 0 ? array.length() : next);
      Fields f = new Fields();
      f.recipient = address(jsonString(object, "emailAddress", 0));
      f.status = jsonString(object, "status", 0);
      f.action = jsonString(object, "action", 0);
      f.diagnostic = jsonString(object, "diagnosticCode", 0);
      f.reportingMta = remote == null ? null : typeless(remote);
      if (f.recipient != null && isAddress(f.recipient)) {
        out.add(f);
      }
      from = at + 14;
    }
    return out;
  }

  // An SNS envelope carries the SES notification as an escaped JSON string in its "Message" field:
  // that string, unescaped; else the text itself.
  static String sesBody(String text) {
    if (text.indexOf("\\\"notificationType\\\"") < 0) {
      return text;
    }
    String inner = jsonString(text, "Message", 0);
    return inner == null ? text : inner;
  }

  private static String jsonString(String s, String key, int from) {
    int k = s.indexOf("\"" + key + "\"", from);
    if (k < 0) {
      return null;
    }
    int colon = s.indexOf(':', k + key.length() + 2);
    int q = colon < 0 ? -1 : s.indexOf('"', colon);
    if (q < 0 || s.substring(colon + 1, q).trim().length() > 0) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (int i = q + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
        continue;
      }
      if (c == '"') {
        return b.toString();
      }
      b.append(c);
    }
    return null;
  }

  // Sendmail's transcript: the ">>> COMMAND" line before the "<<< reply" that names the recipient
  // (or before the first reply when none names it).
  private static SmtpStage transcriptStage(String text, String recipient) {
    if (text.indexOf(">>> ") < 0) {
      return null;
    }
    String command = null;
    String first = null;
    for (String line : lines(text)) {
      String t = line.trim();
      if (t.startsWith(">>> ")) {
        command = t.substring(4);
      } else if (t.startsWith("<<< ") && command != null) {
        if (first == null) {
          first = command;
        }
        if (recipient != null && t.toLowerCase(Locale.ROOT).contains(recipient)) {
          return SmtpStage.fromCommand(command).orElse(null);
        }
        if (command.toLowerCase(Locale.ROOT).contains(recipient == null ? "\u0000" : recipient)) {
          return SmtpStage.fromCommand(command).orElse(null);
        }
      }
    }
    return first == null ? null : SmtpStage.fromCommand(first).orElse(null);
  }

  /** The lines of a text, split at CRLF, LF or CR, without a regular expression. */
  static String[] lines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        out.add(text.substring(start, i));
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    out.add(text.substring(start));
    return out.toArray(new String[0]);
  }

  // The first address in a header value.
  static String firstAddress(String v) {
    if (v == null) {
      return null;
    }
    int lt = v.indexOf('<');
    int gt = lt < 0 ? -1 : v.indexOf('>', lt);
    if (lt >= 0 && gt > lt) {
      return v.substring(lt + 1, gt);
    }
    for (String token : v.split("[\\s,;]+")) {
      if (isAddress(token)) {
        return token;
      }
    }
    return v.trim();
  }

  // The first paragraph of a text (at most 500 characters), or null.
  private static String firstParagraph(String text) {
    int start = 0;
    while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    if (start >= text.length()) {
      return null;
    }
    int end = blankLineAfter(text, start);
    String p = text.substring(start, end < 0 ? Math.min(text.length(), start + 500) : Math.min(end, start + 500)).trim();
    return p.isEmpty() ? null : p;
  }

  // The first line that carries an SMTP reply code, with the lines after it up to a blank line.
  private static String firstReply(String text) {
    String response = responseIn(text);
    if (response != null) {
      return response;
    }
    String[] lines = lines(text);
    for (int i = 0; i < lines.length; i++) {
      String t = lines[i].trim();
      if (!t.isEmpty() && hasCode(t)) {
        StringBuilder b = new StringBuilder(t);
        for (int j = i + 1; j < lines.length && !lines[j].isBlank() && j < i + 6; j++) {
          b.append('\n').append(lines[j].trim());
        }
        return b.toString();
      }
    }
    return null;
  }

  private static boolean nextIsContinuation(String[] lines, int i) {
    // Exim indents the reply under the address: a blank line inside such a block is rare;
    // treat a following indented line with an SMTP code as part of the block.
    if (i + 1 >= lines.length) {
      return false;
    }
    String next = lines[i + 1];
    return next.startsWith("    ") && hasCode(next.trim());
  }

  private static String joinDiag(String previous, StringBuilder diag) {
    String d = diag.toString().trim();
    if (d.isEmpty()) {
      return previous;
    }
    return previous == null || previous.isBlank() ? d : previous + "\n" + d;
  }

  private static boolean hasCode(String s) {
    SmtpReply r = SmtpReply.parse(s);
    return r.code().isPresent() || r.enhancedCode().isPresent();
  }

  // "The response from the remote server was:\n550 5.1.1 ..." and similar lead-ins.
  private static final String[] RESPONSE_LEADS = {
    "the response from the remote server was:", "the response was:", "remote server returned",
    "remote host said:", "the error that the other server returned was:", "diagnostic-code:",
    "the mail server responded:", "said:", "reason:",
    "could not be delivered because of", // MailMarshal: the reply follows after a blank line
    "error message below:", // Apache James, Verizon
    "additional information follows :", // Mimecast
    "\nerror: ", // Apache James and Verizon's SMS gateway: "Error: 550 - Requested action not taken"
  };

  private static String responseIn(String text) {
    String low = lower(text);
    for (String lead : RESPONSE_LEADS) {
      int i = low.indexOf(lead);
      if (i < 0 && lead.charAt(0) == '\n' && low.startsWith(lead.substring(1))) {
        i = -1; // a line lead at the very start of the text
      } else if (i < 0) {
        continue;
      }
      int start = lead.equals("remote server returned") || lead.equals("diagnostic-code:") ? i : i + lead.length();
      int end = blankLineAfter(text, start);
      String chunk = text.substring(start, end < 0 ? Math.min(text.length(), start + 2000) : end).trim();
      if (chunk.startsWith("-- ")) {
        chunk = chunk.substring(3); // Mimecast's "-- 5.4.1 Recipient address rejected"
      }
      if (!chunk.isEmpty() && hasCode(chunk)) {
        return chunk;
      }
    }
    return null;
  }

  // Gmail's older notice: "... rejected by the server for the recipient domain example.net by
  // mx.example.net. [198.51.100.14]." - the remote host, or null.
  private static String gmailRemoteHost(String text) {
    String lead = "for the recipient domain ";
    int i = text.indexOf(lead);
    if (i < 0) {
      return null;
    }
    int by = text.indexOf(" by ", i + lead.length());
    int eol = text.indexOf('\n', i);
    if (by < 0 || eol >= 0 && by > eol) {
      return null;
    }
    int end = by + 4;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    String host = text.substring(by + 4, end);
    while (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return FactExtractor.isHostName(host) ? host : null;
  }

  // Gmail's delay notice: "Message will be retried for 2 more day(s)", a blank line, then
  // "Technical details of temporary failure:" and the reason. Empty when the text has none.
  private static String technicalDetails(String text) {
    int i = text.indexOf("Technical details of ");
    if (i < 0) {
      return "";
    }
    int end = blankLineAfter(text, i);
    return text.substring(i, end < 0 ? Math.min(text.length(), i + 2000) : end).trim();
  }

  // The start of the first blank line after the text at start (blank lines right at start are
  // skipped: the reply often follows its lead-in after one), or -1. LF, CRLF and CR line ends.
  private static int blankLineAfter(String text, int start) {
    int n = Math.min(text.length(), start + 2000);
    int i = start;
    while (i < n && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    int lineStart = -1;
    boolean blank = false;
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        if (blank && lineStart >= 0) {
          return lineStart;
        }
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        lineStart = i + 1;
        blank = true;
      } else if (c != ' ' && c != '\t') {
        blank = false;
      }
    }
    return -1;
  }

  /** The address when a line names a recipient: {@code <a@b>}, {@code a@b}, {@code <a@b>:}, {@code a@b (a@b)}. */
  static String recipientLine(String t) {
    if (t.isEmpty() || t.length() > 400 || t.indexOf('@') < 0) {
      return null;
    }
    String s = t;
    if (s.startsWith("-- ") && s.indexOf(' ', 3) < 0) {
      s = s.substring(3); // Mimecast: "-- a@b" under "...to the following address could not be delivered:"
    } else if (s.startsWith("* ") && s.indexOf(' ', 2) < 0) {
      s = s.substring(2); // X3: "   * a@b" under "Delivery to the following recipients failed"
    }
    int fullWidthColon = s.indexOf('\uFF1A');
    if (fullWidthColon >= 0 && fullWidthColon < s.indexOf('@')) {
      s = s.substring(fullWidthColon + 1).trim(); // QQ, NetEase: "收件人：a@b" ("recipient: a@b")
      if (s.isEmpty()) {
        return null;
      }
    }
    String lower = s.toLowerCase(Locale.ROOT);
    for (String lead : new String[] {"recipient:", "recipient address:", "failed recipient:", "to address:", "rcpt to:"}) {
      if (lower.startsWith(lead)) {
        s = s.substring(lead.length()).trim();
        lower = s.toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
          return null;
        }
        break;
      }
    }
    for (String lead : new String[] {"original-recipient:", "final-recipient:", "to:", "from:", "reply-to:", "return-path:", "sender:", "cc:", "x-failed-recipients:", "for "}) {
      if (lower.startsWith(lead)) {
        return null;
      }
    }
    // Exchange 5.5 names a recipient by its X.400 address with the SMTP address as a
    // domain-defined attribute: "c=US;a= ;p=Org;o=Site;dda:SMTP=a@b; on Fri, 4 Oct 2002 ..."
    int dda = lower.indexOf("dda:smtp=");
    if (dda >= 0 && lower.startsWith("c=")) {
      int semi = s.indexOf(';', dda + 9);
      String a = s.substring(dda + 9, semi < 0 ? s.length() : semi).trim();
      return isAddress(a) ? a.toLowerCase(Locale.ROOT) : null;
    }
    // GMX: "\"a@b\":" (the address in double quotes)
    if (s.charAt(0) == '"') {
      int close = s.indexOf('"', 1);
      if (close > 1 && isAddress(s.substring(1, close))) {
        String rest = s.substring(close + 1).trim();
        return rest.isEmpty() || rest.equals(":") ? s.substring(1, close).toLowerCase(Locale.ROOT) : null;
      }
    }
    int end;
    String addr;
    if (s.charAt(0) == '<') {
      end = s.indexOf('>');
      if (end < 0) {
        return null;
      }
      addr = s.substring(1, end);
    } else {
      end = 0;
      while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && s.charAt(end) != ':' && s.charAt(end) != ',') {
        end++;
      }
      addr = s.substring(0, end);
      if (addr.endsWith("...")) {
        addr = addr.substring(0, addr.length() - 3);
      }
    }
    if (!isAddress(addr) || isEnvironmentAssignment(addr)) {
      return null;
    }
    String rest = s.substring(Math.min(s.length(), end + (s.charAt(0) == '<' ? 1 : 0))).trim();
    // "a@b", "<a@b>:", "a@b (a@b)", "<a@b>... User unknown", "<a@b>: host said: ..."
    if (rest.isEmpty() || rest.startsWith(":") || rest.startsWith("(") || rest.startsWith("...")
        || rest.startsWith("- ") || rest.startsWith("[") || rest.toLowerCase(Locale.ROOT).startsWith("on ")
        || rest.startsWith("Invalid") || rest.startsWith("invalid")
        || rest.startsWith("Error, ")) { // Zoho: "a@b Error, ERROR_CODE :421, ..."
      return addr.toLowerCase(Locale.ROOT);
    }
    return null;
  }

  // "There was an error delivering your mail to <a@b>.", "Your message wasn't delivered to a@b
  // because ...": a sentence about delivery that names the address after "to".
  static String sentenceRecipient(String t) {
    String low = t.toLowerCase(Locale.ROOT);
    String x6 = recipientAfter(t, low);
    if (x6 != null) {
      return x6;
    }
    if (t.length() > 400 || !(low.contains("deliver") || low.contains("send") || low.contains("sent"))) {
      return null;
    }
    int to = low.indexOf(" to ");
    while (to >= 0) {
      String rest = t.substring(to + 4).trim();
      String a;
      if (rest.startsWith("<")) {
        int gt = rest.indexOf('>');
        a = gt < 0 ? "" : rest.substring(1, gt);
      } else {
        int end = 0;
        while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) {
          end++;
        }
        a = rest.substring(0, end);
        while (a.endsWith(".") || a.endsWith(",") || a.endsWith(":")) {
          a = a.substring(0, a.length() - 1);
        }
      }
      if (isAddress(a)) {
        return a.toLowerCase(Locale.ROOT);
      }
      to = low.indexOf(" to ", to + 4);
    }
    return null;
  }

  // Sendmail (V5 and later) writes its own verdict per recipient into the transcript:
  // "554 <a@b>... 550 Host unknown", "550 5.1.1 <a@b>... User unknown" (not the "<<< " lines, which
  // quote the remote server, and not a verdict on the sender).
  static String sendmailNotice(String t, String low) {
    if (t.length() > 400 || ReplyParser.codeTokenAt(t, 0) < 400 || low.contains("sender")) {
      return null;
    }
    int lt = t.indexOf('<');
    int gt = lt < 0 ? -1 : t.indexOf('>', lt);
    if (lt < 4 || gt < 0 || !t.startsWith(">...", gt)) {
      return null;
    }
    String between = t.substring(4, lt).trim(); // nothing or an enhanced code
    if (!between.isEmpty() && EnhancedStatusCode.tryParse(between).isEmpty()) {
      return null;
    }
    String a = t.substring(lt + 1, gt);
    return isAddress(a) ? a.toLowerCase(Locale.ROOT) : null;
  }

  // X6: "The following recipients returned permanent errors: a@b. Reason: ...", "SMTP Server <mx>
  // rejected recipient <a@b> (Error following RCPT command)"; Zoho: "[Status: Error, Address:
  // <a@b>, ResponseCode 421, ...]". The address right after the lead-in.
  private static String recipientAfter(String t, String low) {
    if (t.length() > 1000) {
      return null;
    }
    for (String lead : new String[] {"returned permanent errors: ", "returned temporary errors: ", "rejected recipient ",
        "[status: error, address: ", "[status: warning, address: ", "local mailbox "}) {
      int i = low.indexOf(lead);
      if (i < 0) {
        continue;
      }
      String rest = t.substring(i + lead.length()).trim();
      int end = 0;
      while (end < rest.length() && !Character.isWhitespace(rest.charAt(end)) && rest.charAt(end) != ',') {
        end++;
      }
      String a = rest.substring(0, end);
      while (a.endsWith(".") || a.endsWith(";") || a.endsWith(":")) {
        a = a.substring(0, a.length() - 1);
      }
      if (a.startsWith("<") && a.endsWith(">")) {
        a = a.substring(1, a.length() - 1);
      }
      if (isAddress(a)) {
        return a.toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }

  // "Could not be delivered to: <a@b>", "Delivery failed 20 attempts: a@b": an address after a
  // colon ending the line.
  static String trailingRecipient(String t) {
    if (t.isEmpty() || t.length() > 300 || !(t.endsWith(">") || t.indexOf('@') > 0)) {
      return null;
    }
    int colon = t.lastIndexOf(": ");
    if (colon <= 0) {
      return null;
    }
    String lead = t.substring(0, colon).toLowerCase(Locale.ROOT);
    String last = lead.substring(lead.lastIndexOf(' ') + 1);
    if (last.equals("from") || last.equals("sender") || last.equals("reply-to")) {
      return null; // "...: *  From: a@b" (a log line naming the sender)
    }
    if (lead.contains("contact") || lead.contains("owner")) {
      return null; // "please contact the list owners: list-request@b" names whom to ask
    }
    if (lead.indexOf(' ') < 0 || lead.startsWith("from") || lead.endsWith("mail from") || lead.startsWith("to")
        || lead.contains("sender")
        || lead.startsWith("reply") || lead.startsWith("return") || lead.contains("original")) {
      return null;
    }
    String a = t.substring(colon + 2).trim();
    while (a.endsWith(".") || a.endsWith(",") || a.endsWith(";")) {
      a = a.substring(0, a.length() - 1); // the sentence's full stop
    }
    if (a.startsWith("<") && a.endsWith(">")) {
      a = a.substring(1, a.length() - 1);
    }
    return isAddress(a) ? a.toLowerCase(Locale.ROOT) : null;
  }

  // The text after the address in a sentence when it carries a reply (X6: "...errors: a@b.
  // Reason: ... [554 5.4.6 Hop count exceeded]"), else "".
  private static String replyAfter(String t, String addr) {
    int i = t.toLowerCase(Locale.ROOT).indexOf(addr);
    if (i < 0) {
      return "";
    }
    String rest = t.substring(i + addr.length());
    int k = 0;
    while (k < rest.length() && (Character.isWhitespace(rest.charAt(k)) || ">.,;:".indexOf(rest.charAt(k)) >= 0)) {
      k++;
    }
    rest = rest.substring(k).trim();
    if (rest.regionMatches(true, 0, "responsecode ", 0, 13)) {
      // Zoho: "[Status: Error, Address: <a@b>, ResponseCode 421, , Host not reachable.]"
      int code = ReplyParser.digits3(rest, 13);
      if (code >= 200 && code < 600) {
        String text = rest.substring(16);
        int j = 0;
        while (j < text.length() && (text.charAt(j) == ',' || text.charAt(j) == ' ')) {
          j++;
        }
        text = text.substring(j).trim();
        if (text.endsWith("]")) {
          text = text.substring(0, text.length() - 1).trim();
        }
        return code + (text.isEmpty() ? "" : " " + text);
      }
    }
    return rest.isEmpty() || !hasCode(rest) ? "" : rest;
  }

  // The lead of "<reason>: <a@b>" when it reads as a reason, not as "Delivery failed to:" or the
  // like (IMail: "Unknown user: a@b", "User mailbox exceeds allowed size: a@b").
  private static String reasonBefore(String t) {
    int colon = t.lastIndexOf(": ");
    if (colon <= 0) {
      return "";
    }
    String lead = t.substring(0, colon).trim();
    String low = lead.toLowerCase(Locale.ROOT);
    for (String w : new String[] {"deliver", "recipient", "address", "sent", "send", "following", "to"}) {
      if (low.contains(w) && (!w.equals("to") || low.endsWith(" to") || low.equals("to"))) {
        return "";
      }
    }
    return lead;
  }

  private static String afterAddress(String t) {
    if (t.charAt(0) == '"' || t.startsWith("-- ") || t.startsWith("* ")) {
      return ""; // GMX's quoted address line ends with the colon; Mimecast's "-- a@b"; X3's "* a@b"
    }
    if (t.regionMatches(true, 0, "c=", 0, 2) && t.toLowerCase(Locale.ROOT).contains("dda:smtp=")) {
      return ""; // Exchange 5.5's X.400 address line: the date follows, the reason below
    }
    int end = t.charAt(0) == '<' ? t.indexOf('>') + 1 : t.indexOf(' ');
    if (end <= 0 || end >= t.length()) {
      return "";
    }
    String rest = t.substring(end).trim();
    if (rest.startsWith(":")) {
      rest = rest.substring(1).trim();
    } else if (rest.startsWith("...")) {
      rest = rest.substring(3).trim();
    } else if (rest.startsWith("(")) {
      return "";
    }
    return rest;
  }

  static boolean isAddress(String a) {
    int at = a.lastIndexOf('@');
    if (at <= 0 || at == a.length() - 1 || a.indexOf('@') != at) {
      return false;
    }
    String domain = a.substring(at + 1);
    if (domain.indexOf('.') <= 0 && !domain.startsWith("[")) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      char c = a.charAt(i);
      if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == '(' || c == ')') {
        return false;
      }
      if (c == ':' && i < at) {
        return false; // "mailto:a@b" (a List-Unsubscribe header quoted in the bounce), not an address
      }
      // CJK punctuation and full-width forms ("a@b.jp您好，" - an address run into a greeting,
      // "收件人：a@b" - a label run into it)
      if (c >= '\u3000' && c <= '\u303f' || c >= '\uff00' && c <= '\uffef') {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ the returned message

  private static Optional<OriginalMessage> original(MimeReader.Message m) {
    MimeReader.Part p = part(m, "message/rfc822");
    if (p == null) {
      p = part(m, "text/rfc822-headers");
    }
    if (p == null) {
      p = part(m, "message/rfc822-headers");
    }
    if (p == null) {
      p = part(m, "message/global"); // RFC 6533: internationalised (UTF-8) returned message
    }
    if (p == null) {
      p = part(m, "message/global-headers");
    }
    String headerText;
    if (p != null) {
      headerText = p.text();
    } else {
      // Single-part bounces (qmail, Exim) quote the original after a marker line.
      String text = text(m);
      String low = lower(text);
      int i = -1;
      for (String marker : ORIGINAL_MARKERS) {
        int j = low.indexOf(marker);
        if (j >= 0 && (i < 0 || j < i) && !marker.startsWith("----- transcript") && !marker.startsWith("----- the following")) {
          i = j;
        }
      }
      if (i < 0) {
        return Optional.empty();
      }
      int nl = text.indexOf('\n', i);
      headerText = nl < 0 ? "" : text.substring(low.startsWith("return-path:", i) ? i : nl + 1);
    }
    Map<String, String> h = headersOf(headerText);
    if (!h.containsKey("message-id") && !h.containsKey("from") && !h.containsKey("subject")) {
      return Optional.empty();
    }
    String dkim = h.getOrDefault("dkim-signature", "");
    return Optional.of(
        new OriginalMessage(
            opt(stripAngles(h.get("message-id"))),
            opt(h.get("from")),
            opt(h.get("to")),
            opt(h.get("subject")),
            opt(h.get("date")),
            opt(tag(dkim, "d")),
            opt(tag(dkim, "s")),
            opt(h.get("list-unsubscribe")),
            opt(h.get("x-mailer")),
            opt(stripAngles(h.get("return-path")))));
  }

  private static Map<String, String> headersOf(String text) {
    Map<String, String> h = new LinkedHashMap<>();
    String last = null;
    int lines = 0;
    for (String line : lines(text)) {
      if (line.isEmpty()) {
        if (!h.isEmpty()) {
          break;
        }
        continue;
      }
      if (++lines > 500) {
        break;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
        h.put(last, h.get(last) + " " + line.trim());
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || line.substring(0, colon).contains(" ")) {
        last = null;
        continue;
      }
      last = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      if (h.containsKey(last)) {
        last = null; // keep the first
        continue;
      }
      h.put(last, line.substring(colon + 1).trim());
    }
    Map<String, String> decoded = new LinkedHashMap<>();
    h.forEach((k, v) -> decoded.put(k, MimeReader.decodeHeader(v)));
    return decoded;
  }

  private static String tag(String header, String name) {
    for (String part : header.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
        return part.substring(eq + 1).replace(" ", "").trim();
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ helpers

  // The delivery-status part: the first one that names a recipient (InterMail labels its text
  // part message/delivery-status too and puts the real one second), else the first one.
  private static MimeReader.Part statusPart(MimeReader.Message m) {
    MimeReader.Part first = null;
    for (MimeReader.Part p : m.parts()) {
      if (isStatusType(p.mimeType())) {
        if (first == null) {
          first = p;
        }
        if (namesRecipient(p.text())) {
          return p;
        }
      }
    }
    return first;
  }

  private static boolean isStatusType(String type) {
    return type.equals("message/delivery-status") || type.equals("message/global-delivery-status");
  }

  private static boolean namesRecipient(String text) {
    String low = text.substring(0, Math.min(text.length(), 64 * 1024)).toLowerCase(Locale.ROOT);
    return low.contains("final-recipient:") || low.contains("original-recipient:");
  }

  private static MimeReader.Part part(MimeReader.Message m, String type) {
    for (MimeReader.Part p : m.parts()) {
      if (p.mimeType().equals(type)) {
        return p;
      }
    }
    return null;
  }

  /** The human-readable text: the first text/plain part, else the first text part without tags. */
  static String text(MimeReader.Message m) {
    Object[] cache = TEXT_CACHE.get();
    if (cache[0] == m) {
      return (String) cache[1];
    }
    String t = computeText(m);
    cache[0] = m;
    cache[1] = t;
    return t;
  }

  private static String computeText(MimeReader.Message m) {
    for (MimeReader.Part p : m.parts()) {
      if (p.mimeType().equals("text/plain") && !p.text().isBlank()) {
        return unquoteForward(p.text());
      }
    }
    for (MimeReader.Part p : m.parts()) {
      if (p.mimeType().equals("text/html")) {
        return stripTags(p.text());
      }
    }
    for (MimeReader.Part p : m.parts()) {
      if (isStatusType(p.mimeType()) && !p.text().isBlank() && !namesRecipient(p.text())) {
        return p.text(); // InterMail: the human text in a part labelled message/delivery-status
      }
    }
    return "";
  }

  // A bounce forwarded by hand ("Begin forwarded message:" and the bounce quoted with "> "): the
  // quoted bounce, one level of quoting taken off, so it reads like the bounce itself.
  static String unquoteForward(String text) {
    int head = Math.min(text.length(), 2000);
    String low = text.substring(0, head).toLowerCase(Locale.ROOT);
    int i = low.indexOf("begin forwarded message:");
    if (i < 0) {
      i = low.indexOf("-- forwarded message --");
    }
    if (i < 0) {
      return text;
    }
    int nl = text.indexOf('\n', i);
    if (nl < 0) {
      return text;
    }
    String[] ls = lines(text.substring(nl + 1));
    int quoted = 0;
    int other = 0;
    for (String l : ls) {
      if (l.startsWith(">")) {
        quoted++;
      } else if (!l.isBlank()) {
        other++;
      }
    }
    if (quoted < 5 || quoted < 3 * other) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length());
    for (String l : ls) {
      if (l.startsWith("> ")) {
        b.append(l, 2, l.length());
      } else if (l.startsWith(">")) {
        b.append(l, 1, l.length());
      } else {
        b.append(l);
      }
      b.append('\n');
    }
    return b.toString();
  }

  // Text of an HTML part: tags dropped, style and script content dropped, line breaks kept. One
  // pass, no regular expressions.
  static String stripTags(String html) {
    StringBuilder b = new StringBuilder(html.length());
    String low = html.toLowerCase(Locale.ROOT);
    int i = 0;
    int n = html.length();
    while (i < n) {
      char c = html.charAt(i);
      if (c != '<') {
        b.append(c);
        i++;
        continue;
      }
      int close = html.indexOf('>', i);
      if (close < 0) {
        break;
      }
      String tag = low.substring(i + 1, Math.min(close, i + 12));
      if (tag.startsWith("style") || tag.startsWith("script")) {
        String end = tag.startsWith("style") ? "</style" : "</script";
        int e = low.indexOf(end, close);
        close = e < 0 ? n - 1 : Math.max(close, low.indexOf('>', e) < 0 ? n - 1 : low.indexOf('>', e));
      } else if (tag.startsWith("br") || tag.startsWith("/p") || tag.startsWith("/div") || tag.startsWith("/tr")
          || tag.startsWith("p ") || tag.startsWith("p>")) {
        b.append('\n');
      } else {
        b.append(' ');
      }
      i = close + 1;
    }
    return b.toString().replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  private static String typeless(String v) {
    if (v == null) {
      return null;
    }
    int semi = v.indexOf(';');
    if (semi > 0 && semi < 20 && v.substring(0, semi).trim().indexOf(' ') < 0) {
      return v.substring(semi + 1).trim();
    }
    return v.trim();
  }

  private static String address(String v) {
    if (v == null) {
      return null;
    }
    String a = v.trim();
    int lt = a.indexOf('<');
    int gt = a.lastIndexOf('>');
    if (lt >= 0 && gt > lt) {
      a = a.substring(lt + 1, gt);
    }
    a = a.trim();
    if (a.startsWith("\"") && a.endsWith("\"") && a.length() > 1) {
      a = a.substring(1, a.length() - 1);
    }
    return a.toLowerCase(Locale.ROOT);
  }

  private static String host(String v) {
    if (v == null) {
      return null;
    }
    String h = v.trim();
    int sp = h.indexOf(' ');
    if (sp > 0) {
      h = h.substring(0, sp);
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return h.toLowerCase(Locale.ROOT);
  }

  private static String firstToken(String v) {
    if (v == null) {
      return null;
    }
    String t = v.trim();
    int sp = t.indexOf(' ');
    return sp < 0 ? t : t.substring(0, sp);
  }

  private static String stripAngles(String v) {
    if (v == null) {
      return null;
    }
    String t = v.trim();
    if (t.startsWith("<") && t.indexOf('>') > 0) {
      return t.substring(1, t.indexOf('>'));
    }
    return t;
  }

  private static Optional<String> opt(String v) {
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }
}
