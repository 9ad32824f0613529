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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@link MimeReader.Message} into a {@link BounceReport}: decides what kind of message it is
 * (a delivery report, a free-text bounce, a delay warning, a feedback report, an automatic reply or
 * no bounce), gathers each recipient's fields from the part that gives them (DeliveryStatusReader
 * for RFC 3464 fields, FreeTextReader for a bounce's text, OriginalMessageReader for the returned
 * message) and diagnoses each recipient's reply.
 */
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
  static final class Fields {
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
    String sesBounce; // an Amazon SES notification's verdict: "Permanent/NoEmail", "Transient/General"
  }

  /**
   * Reads a message.
   *
   * @param m the message
   * @return its report
   */
  public BounceReport read(MimeReader.Message m) {
    return MessageMemo.during(() -> read(m, 0));
  }

  // The lower case of a text of the message (the same text is lowered by several readers).
  static String lower(String text) {
    return MessageMemo.lower(text);
  }

  private BounceReport read(MimeReader.Message m, int depth) {
    List<String> notes = new ArrayList<>(m.notes());
    String subject = m.header("subject");
    String from = m.header("from");
    String ct = m.header("content-type").toLowerCase(Locale.ROOT);
    MimeReader.Part status = statusPart(m);
    MimeReader.Part feedback = part(m, "message/feedback-report");
    Optional<OriginalMessage> original = OriginalMessageReader.original(m);
    List<Fields> fields = new ArrayList<>();
    BounceKind kind;
    Optional<String> feedbackType = Optional.empty();
    Optional<String> authFailure = Optional.empty();
    String hotmail = hotmailComplaint(m);
    if (feedback != null || ct.contains("report-type=feedback-report") || hotmail != null) {
      kind = BounceKind.FEEDBACK_REPORT;
      if (feedback != null) {
        Map<String, String> f = DeliveryStatusReader.fieldsOf(feedback.text()).get(0);
        feedbackType = opt(f.get("feedback-type"));
        authFailure = opt(f.get("auth-failure"));
      } else if (hotmail != null) {
        feedbackType = Optional.of("abuse"); // a JMRP complaint: the user marked it as junk
      }
    } else if (status == null && eximDmarcForensic(m, subject)) {
      // Exim's own DMARC failure report: plain text, no message/feedback-report part.
      kind = BounceKind.FEEDBACK_REPORT;
      feedbackType = Optional.of("auth-failure");
      authFailure = Optional.of("dmarc");
      notes.add("Exim's DMARC forensic report (plain text): read as an auth-failure report");
    } else if (status != null && !status.text().isBlank()) {
      fields = DeliveryStatusReader.deliveryStatus(status.text(), onlyFailedRecipient(m));
      kind = DeliveryStatusReader.dsnKind(fields);
      DeliveryStatusReader.repairRecipients(fields, text(m));
      DeliveryStatusReader.fillFromText(fields, text(m));
      if (fields.isEmpty()) {
        fields = FreeTextReader.freeText(m, notes);
        if (fields.isEmpty()) {
          notes.add("a delivery-status part without recipients");
        }
      }
    } else if (!(personalAnswer(m, subject, from)
            && REPLY_SUBJECT.matcher(subject.toLowerCase(Locale.ROOT)).lookingAt())
        && !(fields = DeliveryStatusReader.inlineDeliveryStatus(text(m))).isEmpty()) {
      // RFC 3464 fields inside the text: a report whose MIME boundary is missing or never used
      // (a DSN), or a text bounce that writes the fields out (Amazon WorkMail).
      kind = DeliveryStatusReader.dsnKind(fields);
      if (kind == BounceKind.DSN && !ct.contains("multipart/report")
          && !lower(text(m)).contains("delivery-status")) {
        kind = BounceKind.FREE_TEXT; // no report structure anywhere, only the fields
      }
      DeliveryStatusReader.fillFromText(fields, text(m));
      notes.add("delivery-status fields found in the text, not in a message/delivery-status part");
    } else if (FreeTextReader.sesBody(text(m)).contains("\"complainedRecipients\"")
        && FreeTextReader.sesType(FreeTextReader.sesBody(text(m))).equals("Complaint")) {
      // Amazon SES complaint notification (JSON, via SNS): a feedback report in SES's own form.
      kind = BounceKind.FEEDBACK_REPORT;
      fields = FreeTextReader.sesNotification(FreeTextReader.sesBody(text(m)));
    } else if (FreeTextReader.sesType(FreeTextReader.sesBody(text(m))).equals("Delivery")
        && !(fields = FreeTextReader.sesDelivery(FreeTextReader.sesBody(text(m)))).isEmpty()) {
      // Amazon SES delivery notification: the message was delivered, no bounce; the records keep
      // the action "delivered" and the receiver's reply, as a DSN reporting only success does.
      kind = BounceKind.NOT_BOUNCE;
    } else if (!(fields = listRefusal(m, subject)).isEmpty()) {
      // A mailing-list server refused the post: the list address is the failed recipient.
      kind = BounceKind.FREE_TEXT;
      notes.add("a mailing-list server's refusal of a post");
    } else if (looksLikeBounce(m, subject, from) || deliveryReport(ct) && !personalAnswer(m, subject, from)) {
      fields = FreeTextReader.freeText(m, notes);
      // A delivery report whose delivery-status part is empty (a stripped copy) is still a DSN;
      // one whose delivery-status part is missing altogether reads as a text bounce.
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
    if ((kind == BounceKind.FREE_TEXT || kind == BounceKind.DELAYED) && status == null
        && nested == null && original.isEmpty()
        && namesOnlyItsAddressee(fields, m.header("to"))
        && (!fields.isEmpty() || lureWithoutRecipient(m))) {
      // Phishing dressed up as a bounce ("Undeliverable: Outgoing mail failed ... 3 pending
      // messages", a "Force Send" button): a real bounce reports a message that came back, to an
      // address other than the one it is sent to, and says why with a code.
      notes.remove(FreeTextReader.NO_RECIPIENT_NOTE);
      notes.add(
          "reads like a bounce but returns no message, gives no status code and names no failed"
              + " address other than its own addressee: read as not a bounce");
      kind = BounceKind.NOT_BOUNCE;
      fields.clear();
    }
    if (fields.isEmpty() && kind == BounceKind.FEEDBACK_REPORT) {
      Fields f = new Fields();
      Map<String, String> fb = feedback == null ? Map.of() : DeliveryStatusReader.fieldsOf(feedback.text()).get(0);
      f.recipient = BounceText.address(BounceText.firstAddress(fb.getOrDefault("original-rcpt-to", "")));
      if (f.recipient == null || f.recipient.isEmpty()) {
        // An opt-out report (the ARF draft's "Feedback-Type: opt-out") names the address to remove.
        f.recipient = BounceText.address(BounceText.firstAddress(fb.getOrDefault("removal-recipient", "")));
      }
      if ((f.recipient == null || f.recipient.isEmpty()) && hotmail != null) {
        f.recipient = hotmail;
      }
      if ((f.recipient == null || !BounceText.isAddress(f.recipient))
          && !feedbackType.filter(t -> t.equalsIgnoreCase("auth-failure")).isPresent()) {
        // A complaint without a usable Original-Rcpt-To ("{{ rcpt }}" left by a template): the
        // mailbox the returned message was delivered to (Delivered-To, X-Original-To,
        // X-Apparently-To) is the complainant; its To may be a list, or the spammer's own address.
        // An authentication failure report has no complainant: its returned message's To stays.
        f.recipient = OriginalMessageReader.deliveredTo(m).orElse(null);
      }
      if (f.recipient == null || f.recipient.isEmpty()) {
        f.recipient = original.flatMap(OriginalMessage::to).map(BounceText::firstAddress).map(BounceText::address).orElse(null);
      }
      if (f.recipient != null && !f.recipient.isEmpty()) {
        f.reportingMta = fb.get("reporting-mta") == null ? null : BounceText.typeless(fb.get("reporting-mta"));
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
      f.recipient = BounceText.address(BounceText.firstAddress(from));
      if (f.recipient != null && BounceText.isAddress(f.recipient)) {
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
      String to = original.flatMap(OriginalMessage::to).map(BounceText::firstAddress).orElse(null);
      if (to != null && BounceText.isAddress(BounceText.address(to))) {
        Fields f = new Fields();
        f.recipient = BounceText.address(to);
        f.diagnostic = FreeTextReader.firstReply(text(m));
        if (f.diagnostic == null) {
          f.diagnostic = ReasonParagraphs.firstParagraph(text(m)); // Verizon MMSC: "Error: No valid recipients ..."
        }
        if (ReasonParagraphs.weak(f.diagnostic)) {
          String e = ReasonParagraphs.explanation(text(m)); // Gmail's "Send mail as" notice, under a heading
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
        f.stage = SmtpReply.parse(f.diagnostic).stage().orElseGet(() -> FreeTextReader.transcriptStage(bodyText, f.recipient));
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
      if (kind == BounceKind.FEEDBACK_REPORT && !BounceText.isAddress(f.recipient)) {
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

  /**
   * Whether a free-text bounce's records carry no status and no code, and name no address but the
   * message's own addressee (or none at all).
   */
  static boolean namesOnlyItsAddressee(List<Fields> fields, String to) {
    String addressee = to == null ? null : BounceText.address(BounceText.firstAddress(to));
    for (Fields f : fields) {
      if (f.status != null && !f.status.isBlank()
          || f.statusComment != null
          || f.recipient == null
          || !f.recipient.equals(addressee)) {
        return false;
      }
      if (f.diagnostic != null) {
        SmtpReply reply = SmtpReply.parse(f.diagnostic);
        if (reply.code().isPresent() || reply.enhancedCode().isPresent()) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether a free-text bounce that names no recipient at all is a lure rather than a bounce cut
   * short: it has an HTML body (mail systems write their bounces as text; lures are web pages
   * with buttons), and none of the marks an automatic message carries ({@code Auto-Submitted},
   * an empty {@code Return-Path}).
   */
  private static boolean lureWithoutRecipient(MimeReader.Message m) {
    if (!m.header("auto-submitted").isBlank() || m.header("return-path").trim().equals("<>")) {
      return false;
    }
    for (MimeReader.Part p : m.parts()) {
      if (p.mimeType().equals("text/html")) {
        return true;
      }
    }
    return false;
  }

  // Whether the diagnostic leads with the status itself, an expiry (X.4.7), and quotes another
  // reply after it: the reporting system's verdict with its last attempt's reply inside.
  private static boolean expiryQuotingLastReply(String diagnostic, EnhancedStatusCode status) {
    if (status.subject() != 4 || status.detail() != 7) {
      return false;
    }
    int at = diagnostic.indexOf(status.toString());
    return at >= 0 && at <= 4;
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
    // the DSN, explains the status but does not replace it; nor does the last attempt's reply
    // that an expiry notice quotes ("554 4.4.7 Message expired: ... <421 4.4.2 ...>" with Status
    // 4.4.7: the reporting system gave up, which is the outcome).
    if (status.isEmpty()
        || !f.diagnosticFromTranscript
            && !expiryQuotingLastReply(diagnostic, status.get())
            && reply.enhancedCode().isPresent()
            && reply.enhancedCode().get().statusClass() == status.get().statusClass()
            && (status.get().subject() == 0
                || !reply.enhancedCode().get().equals(status.get())
                    && specificity(reply.enhancedCode().get()) >= specificity(status.get()))) {
      status = reply.enhancedCode().or(() -> EnhancedStatusCode.tryParse(f.status == null ? null : f.status.trim()));
    }
    String forDiagnosis = diagnostic;
    boolean success = DeliveryStatusReader.succeeded(f);
    if (f.feedbackType != null) {
      // A feedback report carries no reply: its type is what the rules read ("abuse": the
      // recipient reported the message as spam).
      forDiagnosis =
          "Feedback-Type: " + f.feedbackType
              + (f.authFailure == null ? "" : "; Auth-Failure: " + f.authFailure);
    } else if (success && !reply.replyClass().filter(c -> c == StatusClass.SUCCESS).isPresent()) {
      // A success: no failure words may be read into it; its status alone is classified.
      forDiagnosis = status.map(EnhancedStatusCode::toString).orElse("");
    } else if (diagnostic.isEmpty() && f.sesBounce != null) {
      // An Amazon SES notification without the receiver's reply: SES's own verdict is what the
      // rules read ("Amazon SES bounce: Transient/MailboxFull"), with the status when it gives
      // one, else the class its bounce type names (a transient bounce may be retried).
      String cls = f.sesBounce.regionMatches(true, 0, "transient", 0, 9) ? "4.0.0"
          : f.sesBounce.regionMatches(true, 0, "permanent", 0, 9) ? "5.0.0" : null;
      forDiagnosis = "Amazon SES bounce: " + f.sesBounce
          + (status.isPresent() ? " (#" + status.get() + ")" : cls == null ? "" : " (#" + cls + ")");
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

  // 0 for X.0.0, 1 for X.Y.0 or X.0.Z, 2 for X.Y.Z.
  private static int specificity(EnhancedStatusCode c) {
    return (c.subject() != 0 ? 1 : 0) + (c.detail() != 0 ? 1 : 0);
  }

  // Exim's DMARC forensic report: "DMARC Forensic Report for <domain> from IP <ip>", whose text
  // opens "A message claiming to be from you has failed the published DMARC policy for your
  // domain."
  private static boolean eximDmarcForensic(MimeReader.Message m, String subject) {
    return subject.toLowerCase(Locale.ROOT).startsWith("dmarc forensic report")
        && lower(text(m)).contains("has failed the published dmarc policy for your domain");
  }

  // Hotmail/Outlook.com complaints (JMRP) send only the reported message, which carries
  // "X-HmXmrOriginalRecipient: a@b": that address, or null when the message is no such complaint.
  // The complaint comes from a Hotmail or Outlook.com address, or (a copy whose sender was
  // replaced) has JMRP's subject "complaint about message from <ip>".
  private static String hotmailComplaint(MimeReader.Message m) {
    MimeReader.Part p = part(m, "message/rfc822");
    String from = m.header("from").toLowerCase(Locale.ROOT);
    if (p == null || !from.contains("@hotmail.com") && !from.contains("@outlook.com")
        && !m.header("subject").toLowerCase(Locale.ROOT).startsWith("complaint about message from")) {
      return null;
    }
    String v = OriginalMessageReader.headersOf(p.text()).get("x-hmxmroriginalrecipient");
    String a = v == null ? null : BounceText.address(BounceText.firstAddress(v));
    return a != null && BounceText.isAddress(a) ? a : null;
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
    for (String line : BounceText.lines(text)) {
      if (line.regionMatches(true, 0, "original-rcpt-to:", 0, 17) && out.size() < 100) {
        String a = BounceText.address(BounceText.firstAddress(line.substring(17)));
        if (a != null && BounceText.isAddress(a)) {
          out.add(a);
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ bounce, auto-reply or delay

  private static final String[] BOUNCE_SUBJECTS = {
    "undeliver", "undelivered", "delivery status notification", "delivery failure", "mail delivery failed",
    "failure notice", "returned mail", "delivery has failed", "could not be delivered", "nondeliverable",
    "non-delivery", "mail delivery system", "delivery notification", "warning: could not send", "delayed mail",
    "delivery delayed", "mail system error", "message not delivered", "rejected", "bounce", "not delivered",
    "unzustellbar", "non remis", "配信", "エラー", "delivery report",
  };

  // "Re:", "Fwd:", "Fw:", "AW:", "WG:", "SV:", "TR:", "RV:" (lower case).
  private static final String REPLY_OR_FORWARD_MARK = "(?:re|fwd?|aw|wg|sv|tr|rv)\\s?:";

  // A reply or forward mark at the start of a subject.
  private static final java.util.regex.Pattern PERSONAL_SUBJECT =
      java.util.regex.Pattern.compile("\\[?" + REPLY_OR_FORWARD_MARK);

  // A person's reply ("Re: solving missing ptr record issues?") that quotes a report's fields is
  // no report; a forward that quotes them in its text is read as the bounce it forwards.
  private static final java.util.regex.Pattern REPLY_SUBJECT =
      java.util.regex.Pattern.compile("\\[?(?:re|aw|sv)\\s?:");

  private static boolean fromDaemon(String from) {
    String f = from.toLowerCase(Locale.ROOT);
    return f.contains("mailer-daemon") || f.contains("postmaster") || f.contains("post_master")
        || f.contains("mail delivery")
        || f.contains("mail-daemon") || f.contains("mailerdaemon") || f.contains("mail administrator");
  }

  // A person's answer ("Re: Mail delivery failed?") or forward ("Fwd: Undelivered Mail Returned to
  // Sender", "[Fwd: Warning: could not send message ...]") talks about a bounce, quoting its words
  // or its delivery-status fields; it is none.
  private static boolean personalAnswer(MimeReader.Message m, String subject, String from) {
    return !fromDaemon(from)
        && PERSONAL_SUBJECT.matcher(subject.toLowerCase(Locale.ROOT)).lookingAt()
        && m.header("auto-submitted").isEmpty();
  }

  // multipart/report; report-type=delivery-status: the structure of a delivery report (RFC 3462).
  private static boolean deliveryReport(String lowerContentType) {
    return lowerContentType.startsWith("multipart/report")
        && (lowerContentType.contains("report-type=delivery-status")
            || lowerContentType.contains("report-type=\"delivery-status\""));
  }

  // A person's subject that forwards or answers a bounce further on: "(was Re: [PATCH] ...) Fw:
  // Mail delivery failed": a "Fw:", "Fwd:" or "Re:" mark before the bounce's words.
  private static final java.util.regex.Pattern FORWARD_MARK =
      java.util.regex.Pattern.compile("(?:^|[\\s(\\[])" + REPLY_OR_FORWARD_MARK);

  private static boolean forwardedBefore(String lowerSubject, int at) {
    return FORWARD_MARK.matcher(lowerSubject).region(0, at).find();
  }

  // The address of an X-Failed-Recipients header that names exactly one, or null.
  private static String onlyFailedRecipient(MimeReader.Message m) {
    String[] named = m.header("x-failed-recipients").split(",");
    String a = named.length == 1 ? BounceText.address(named[0]) : null;
    return a != null && BounceText.isAddress(a) ? a : null;
  }

  private static boolean looksLikeBounce(MimeReader.Message m, String subject, String from) {
    if (!m.header("x-failed-recipients").isEmpty()) {
      return true;
    }
    String s = subject.toLowerCase(Locale.ROOT);
    boolean daemon = fromDaemon(from);
    boolean answer = personalAnswer(m, subject, from);
    if (daemon && s.contains("quota warning")) {
      return false; // the server warns its own user that the mailbox is filling up: nothing failed
    }
    for (String b : BOUNCE_SUBJECTS) {
      int at = s.indexOf(b);
      if (at >= 0 && !answer && (daemon || !forwardedBefore(s, at))) {
        return true;
      }
    }
    if (daemon) {
      return true;
    }
    if (answer) {
      return false; // a person quoting a bounce's words in a reply or a forward
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

  // fml's notices that it refused a post: "You are not a member of this mailing list
  // <list@example.org>." (subject "... are not member (list ML)"), "Duplicated Message-ID in
  // <list@example.org>." (subject "Loop Alert: ..."). One record: the list address named in the
  // text, with the text's first paragraph as the reason.
  private static List<Fields> listRefusal(MimeReader.Message m, String subject) {
    String server = m.header("x-mlserver").toLowerCase(Locale.ROOT);
    String s = subject.toLowerCase(Locale.ROOT);
    if (!server.startsWith("fml") || !(s.contains("not member") || s.startsWith("loop alert"))) {
      return new ArrayList<>();
    }
    String reason = ReasonParagraphs.firstParagraph(text(m));
    int open = reason == null ? -1 : reason.indexOf('<');
    int close = open < 0 ? -1 : reason.indexOf('>', open);
    String address = close < 0 ? null : BounceText.address(reason.substring(open + 1, close));
    List<Fields> out = new ArrayList<>();
    if (address != null && BounceText.isAddress(address)) {
      Fields f = new Fields();
      f.recipient = address;
      f.diagnostic = reason;
      out.add(f);
    }
    return out;
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
        || vacationMarks(m, s) || acknowledgement(m, s);
  }

  // An acknowledgement auto-responder ("Thank you for your e-mail. I will reply as soon as
  // possible."): its subject, and a mark that no person's reply carries (an empty Return-Path or
  // bulk precedence).
  private static boolean acknowledgement(MimeReader.Message m, String s) {
    return sentByMachine(m) && ACKNOWLEDGEMENT_SUBJECTS.stream().anyMatch(s::startsWith);
  }

  // A mark no person's mail carries: an empty Return-Path, or bulk or junk precedence.
  private static boolean sentByMachine(MimeReader.Message m) {
    String precedence = m.header("precedence").trim().toLowerCase(Locale.ROOT);
    return m.header("return-path").trim().equals("<>")
        || precedence.equals("bulk") || precedence.equals("junk");
  }

  private static final List<String> ACKNOWLEDGEMENT_SUBJECTS =
      List.of(
          "thank you for your e-mail",
          "thank you for your email",
          "thank you for your message",
          "thanks for your e-mail",
          "thanks for your email",
          "thanks for your message",
          "thank you for contacting",
          "thanks for contacting",
          "we have received your",
          "we received your");

  // The marks only a vacation or out-of-office reply carries: its own headers and subject words.
  private static boolean vacationMarks(MimeReader.Message m, String s) {
    return !m.header("x-autoreply").isEmpty()
        || !m.header("x-autorespond").isEmpty()
        || m.header("precedence").trim().equalsIgnoreCase("auto_reply")
        // An Exchange inbox rule's "reply using a specific message"
        || m.header("auto-submitted").toLowerCase(Locale.ROOT).startsWith("auto-generated")
            && m.header("x-ms-exchange-generated-message-source").equalsIgnoreCase("mailbox rules agent")
        || m.header("x-apple-action").equalsIgnoreCase("vacation") // iCloud Mail's vacation reply
        || s.startsWith("out of office") || s.startsWith("automatic reply") || s.startsWith("auto:")
        || s.startsWith("auto reply") || s.startsWith("autoreply") || s.startsWith("auto-reply")
        || AUTO_REPLY_SUBJECTS.stream().anyMatch(s::contains)
        || WEAK_AUTO_REPLY_WORDS.stream().anyMatch(w -> weakMark(m, s, w));
  }

  // "vacation" and "absence" also stand in other subjects ("Here's A Quick Way To Take A Dream
  // Vacation"): they mark an auto-reply when they open the subject, label it ("Vacation: Re:
  // ...", "[Absence] ..."), say "on vacation", come with the subject answered ("Re: ..."), or with
  // a mark no person's mail carries (an empty Return-Path, bulk or junk precedence, an
  // Auto-Submitted field).
  private static final List<String> WEAK_AUTO_REPLY_WORDS = List.of("vacation", "absence");

  private static boolean weakMark(MimeReader.Message m, String s, String word) {
    int i = s.indexOf(word);
    if (i < 0) {
      return false;
    }
    String auto = m.header("auto-submitted").trim().toLowerCase(Locale.ROOT);
    return i == 0
        || s.startsWith("[" + word) || s.startsWith("(" + word)
        || s.startsWith(word + ":", i) || s.startsWith(word + " reply", i)
        || s.contains("on " + word) || s.contains("re:")
        || sentByMachine(m)
        || !auto.isEmpty() && !auto.equals("no");
  }

  // Words of a vacation or out-of-office subject, and Outlook's and Exchange's "Automatic reply:"
  // in other languages (lower case), anywhere in the subject.
  private static final List<String> AUTO_REPLY_SUBJECTS =
      List.of(
          "autoreply",
          "auto-reply",
          "auto reply",
          "out of office",
          "out of the office",
          "abwesenheit", // German
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

  // ------------------------------------------------------------------ the message's parts and text

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

  static MimeReader.Part part(MimeReader.Message m, String type) {
    for (MimeReader.Part p : m.parts()) {
      if (p.mimeType().equals(type)) {
        return p;
      }
    }
    return null;
  }

  /** The human-readable text: the first text/plain part, else the first text part without tags. */
  static String text(MimeReader.Message m) {
    return MessageMemo.text(m, BounceReader::computeText);
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
    String low = ReplyParser.lowerSameLength(text.substring(0, head));
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
    String[] ls = BounceText.lines(text.substring(nl + 1));
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

  // Text of an HTML part: tags dropped, style and script content dropped, line breaks kept,
  // character references read (HtmlText). One pass, no regular expressions.
  static String stripTags(String html) {
    StringBuilder b = new StringBuilder(html.length());
    String low = ReplyParser.lowerSameLength(html); // indexes into low are indexes into html
    int i = 0;
    int n = html.length();
    while (i < n) {
      char c = html.charAt(i);
      if (c == '&') {
        int ref = HtmlText.reference(html, i);
        if (ref >= 0) {
          b.append((char) ref); // "&lt;" read here is text, not the start of a tag
          i += ref >>> 16;
          continue;
        }
      }
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
    return b.toString();
  }

  static Optional<String> opt(String v) {
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }
}
