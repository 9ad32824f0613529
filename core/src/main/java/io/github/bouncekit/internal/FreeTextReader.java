package io.github.bouncekit.internal;

import io.github.bouncekit.internal.BounceReader.Fields;
import io.github.bouncekit.internal.ReasonParagraphs.TextLines;
import io.github.bouncekit.reply.SmtpReply;
import io.github.bouncekit.reply.SmtpStage;
import io.github.bouncekit.status.EnhancedStatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads recipients and their replies from a bounce's human-readable text, in the layouts mail
 * servers write it: recipient blocks (an address on its own line and the reason after or under it),
 * an address named in a sentence, SMTP session transcripts (Postfix's, MDaemon's, Sendmail's),
 * Exim's block under the failed address, Amazon SES's JSON notifications, and the reply after a
 * lead-in ("The response was:").
 */
final class FreeTextReader {
  /** The note for a bounce whose text names no recipient. */
  static final String NO_RECIPIENT_NOTE = "a bounce whose text names no recipient";

  private FreeTextReader() {}

  static List<Fields> freeText(MimeReader.Message m, List<String> notes) {
    String text = BounceReader.text(m);
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
      String a = BounceText.address(failed);
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
      notes.add(NO_RECIPIENT_NOTE);
    }
    String gmailHost = gmailRemoteHost(text);
    TextLines lines = null; // split once, when a record first needs it
    for (Fields f : found) {
      if (f.remoteMta == null && gmailHost != null && found.size() == 1) {
        f.remoteMta = gmailHost;
      }
      // An Amazon SES notification's record without the receiver's reply keeps SES's verdict:
      // the paragraph naming the recipient is the notification's JSON, no reason.
      if (f.sesBounce == null && ReasonParagraphs.weak(f.diagnostic)) {
        if (lines == null) {
          lines = TextLines.of(text);
        }
        String p = ReasonParagraphs.paragraphNaming(lines, f.recipient);
        if (p == null) {
          p = ReasonParagraphs.explanation(text);
        }
        if (p == null) {
          p = ReasonParagraphs.groupsNotice(lines, f.recipient);
        }
        if (p == null) {
          p = ReasonParagraphs.reasonAbove(lines, f.recipient);
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
    String[] ls = BounceText.lines(text);
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
          String a = BounceText.address(BounceText.firstAddress(command.substring(8)));
          if (a != null && BounceText.isAddress(a)) {
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
  static String eximBlock(String text, boolean needCode) {
    int i = text.indexOf("address(es) failed:");
    if (i < 0) {
      return null;
    }
    String[] ls = BounceText.lines(text.substring(i, Math.min(text.length(), i + 4000)));
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

  // The "<<< " reply lines of a Sendmail transcript compared with a Diagnostic-Code's line.
  private static final int MAX_TRANSCRIPT_REPLIES = 200;

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
    if (code < 400 || code > 599 || first.length() < 5 || first.length() > ReasonParagraphs.MAX_PARAGRAPH
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
    String[] ls = BounceText.lines(text.substring(at, Math.min(text.length(), at + 4 * ReasonParagraphs.MAX_PARAGRAPH)));
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
  static String transcriptVerdict(String text) {
    String low = BounceReader.lower(text);
    int i = low.indexOf("transcript of session follows");
    if (i < 0) {
      return null;
    }
    String[] ls = BounceText.lines(text.substring(i, Math.min(text.length(), i + 8000)));
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
    String[] ls = BounceText.lines(text.substring(i, Math.min(text.length(), i + 4000)));
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
    for (; k < ls.length && !ls[k].isBlank() && b.length() < ReasonParagraphs.MAX_PARAGRAPH; k++) {
      b.append(b.length() == 0 ? "" : "\n").append(ls[k].trim());
    }
    return b.length() == 0 ? null : b.toString();
  }

  // Sendmail's transcript: the ">>> COMMAND" line before the "<<< reply" that names the recipient,
  // or before the recipient's own verdict line ("554 <a@b>... Remote protocol error") when no other
  // recipient's verdict came between them (a verdict after another's is Sendmail's own, such as
  // "550 Host unknown", not that session's); else the command before the first reply.
  static SmtpStage transcriptStage(String text, String recipient) {
    if (text.indexOf(">>> ") < 0) {
      return null;
    }
    String command = null;
    String first = null;
    boolean otherVerdict = false; // another recipient's verdict since the command
    for (String line : BounceText.lines(text)) {
      String t = line.trim();
      if (t.startsWith(">>> ")) {
        command = t.substring(4);
        otherVerdict = false;
      } else if (!t.startsWith("<<< ") && recipient != null
          && ReplyParser.codeTokenAt(t, 0) >= 400) {
        // Only a line that starts with a refusal code can be a verdict: the others are not
        // lower-cased for the test.
        String verdict = sendmailNotice(t, t.toLowerCase(Locale.ROOT));
        if (verdict != null && verdict.equalsIgnoreCase(recipient)) {
          return command == null || otherVerdict ? null : SmtpStage.fromCommand(command).orElse(null);
        }
        otherVerdict |= verdict != null;
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

  /** Recipient blocks of a bounce text: an address on its own line, and the lines after it. */
  static List<Fields> blocks(String text) {
    List<Fields> out = new ArrayList<>();
    String[] lines = BounceText.lines(text);
    Fields current = null;
    boolean inline = false;
    StringBuilder diag = new StringBuilder();
    boolean transcript = text.indexOf("ranscript of session follows") >= 0;
    Map<String, Fields> byAddress = new java.util.HashMap<>();
    String previous = ""; // the last non-blank line, lower case
    boolean inReasons = false;
    StringBuilder reasons = new StringBuilder();
    int currentIndent = 0; // the white space before the current recipient's line
    // Sendmail's transcript: the last "<<< " refusal of the session being read, for a verdict that
    // names no reason of its own ("554 <a@b>... Remote protocol error").
    String refusal = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String t = line.trim();
      String low = t.toLowerCase(Locale.ROOT);
      if (OriginalMessageReader.startsOriginal(low)) {
        break; // the returned message: its addresses are not recipients
      }
      if (transcript && t.startsWith("<<< ") && ReplyParser.codeTokenAt(t, 4) >= 400) {
        refusal = t.substring(4);
      } else if (transcript && (t.startsWith(">>> ") || low.startsWith("while talking to "))) {
        refusal = null;
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
      // A line indented under the recipient's own ("  a@b" then "    host mx [...]: 550 ... User
      // doesn't exist: a@b") is that recipient's reason, even when it ends with an address: only a
      // line that is an address itself starts another recipient there.
      boolean under = current != null && !t.isEmpty() && indent(line) > currentIndent;
      boolean trailing = false;
      if (addr == null && !folded && !under) {
        addr = trailingRecipient(t);
        trailing = addr != null;
      }
      if (addr == null && out.isEmpty() && !folded && !under) {
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
        currentIndent = indent(line);
        String rest = notice ? t : trailing ? replyAfter(t, addr) : afterAddress(t);
        if (notice && refusal != null && low.contains(">... remote protocol error")) {
          // The remote server's words are the reason; Sendmail's verdict only says they came at
          // an unexpected time, or that the connection broke after them.
          rest = refusal;
        }
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
          || transcript && (low.startsWith("while talking to ") || hostVerdict(t))
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
        String alias = BounceText.address(t.substring(lead, t.length() - 1).trim());
        if (current.original == null && alias != null && BounceText.isAddress(alias)) {
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

  // The white space at the start of a line.
  private static int indent(String line) {
    int i = 0;
    while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    return i;
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
    String type = jsonString(text, "bounceType", 0);
    String subType = jsonString(text, "bounceSubType", 0);
    String verdict = type == null || type.isBlank() ? null
        : subType == null || subType.isBlank() ? type.trim() : type.trim() + "/" + subType.trim();
    int from = 0;
    while (true) {
      int at = array.indexOf("\"emailAddress\"", from);
      if (at < 0) {
        break;
      }
      int next = array.indexOf("\"emailAddress\"", at + 14);
      String object = array.substring(at, next < 0 ? array.length() : next);
      Fields f = new Fields();
      f.recipient = BounceText.address(jsonString(object, "emailAddress", 0));
      f.status = jsonString(object, "status", 0);
      f.action = jsonString(object, "action", 0);
      f.diagnostic = jsonString(object, "diagnosticCode", 0);
      f.reportingMta = remote == null ? null : BounceText.typeless(remote);
      f.sesBounce = verdict;
      if (f.recipient != null && BounceText.isAddress(f.recipient)) {
        out.add(f);
      }
      from = at + 14;
    }
    return out;
  }

  // The type of an Amazon SES notification ("Bounce", "Complaint", "Delivery"; "eventType" in
  // event publishing), or "".
  static String sesType(String text) {
    if (text.indexOf("Type\"") < 0) {
      return "";
    }
    String t = jsonString(text, "notificationType", 0);
    if (t == null) {
      t = jsonString(text, "eventType", 0);
    }
    return t == null ? "" : t;
  }

  // Amazon SES delivery notifications: "delivery":{"recipients":[...],"smtpResponse":"250 2.6.0
  // ...","reportingMTA":...}. One record per recipient, action "delivered", the status taken from
  // the receiver's reply.
  static List<Fields> sesDelivery(String text) {
    List<Fields> out = new ArrayList<>();
    int delivery = text.indexOf("\"delivery\"");
    int list = delivery < 0 ? -1 : text.indexOf("\"recipients\"", delivery);
    int open = list < 0 ? -1 : text.indexOf('[', list);
    int close = open < 0 ? -1 : text.indexOf(']', open);
    if (close < 0) {
      return out;
    }
    String response = jsonString(text, "smtpResponse", delivery);
    String remote = jsonString(text, "reportingMTA", delivery);
    String status = null;
    if (response != null) {
      SmtpReply reply = SmtpReply.parse(response);
      status = reply.enhancedCode().map(Object::toString).orElse(null);
    }
    for (String item : text.substring(open + 1, close).split(",")) {
      String a = item.trim();
      if (a.length() < 2 || a.charAt(0) != '"' || a.charAt(a.length() - 1) != '"') {
        continue;
      }
      String address = BounceText.address(a.substring(1, a.length() - 1));
      if (address == null || !BounceText.isAddress(address)) {
        continue;
      }
      Fields f = new Fields();
      f.recipient = address;
      f.action = "delivered";
      f.status = status;
      f.diagnostic = response;
      f.reportingMta = remote == null ? null : BounceText.typeless(remote);
      out.add(f);
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

  // The first line that carries an SMTP reply code, with the lines after it up to a blank line.
  static String firstReply(String text) {
    String response = responseIn(text);
    if (response != null) {
      return response;
    }
    String[] lines = BounceText.lines(text);
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
    String low = BounceReader.lower(text);
    for (String lead : RESPONSE_LEADS) {
      int i = low.indexOf(lead);
      if (i < 0 && lead.charAt(0) == '\n' && low.startsWith(lead.substring(1))) {
        i = -1; // a line lead at the very start of the text
      } else if (i < 0) {
        continue;
      }
      int start = lead.equals("remote server returned") || lead.equals("diagnostic-code:") ? i : i + lead.length();
      int end = BounceText.blankLineAfter(text, start);
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
    int end = BounceText.blankLineAfter(text, i);
    return text.substring(i, end < 0 ? Math.min(text.length(), i + 2000) : end).trim();
  }

  /** The address when a line names a recipient: {@code <a@b>}, {@code a@b}, {@code <a@b>:}, {@code a@b (a@b)}. */
  static String recipientLine(String t) {
    // A long line names a recipient only as "<a@b>: ..." or "<a@b>... ...": Postfix and Sendmail
    // put the whole reply on the address's line when nothing folds it.
    if (t.isEmpty() || t.length() > 400 && t.charAt(0) != '<' || t.indexOf('@') < 0) {
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
    String lower = ReplyParser.lowerSameLength(s); // indexes into lower are indexes into s
    for (String lead : new String[] {"recipient:", "recipient address:", "failed recipient:", "to address:", "rcpt to:"}) {
      if (lower.startsWith(lead)) {
        s = s.substring(lead.length()).trim();
        lower = ReplyParser.lowerSameLength(s);
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
      return BounceText.isAddress(a) ? a.toLowerCase(Locale.ROOT) : null;
    }
    // GMX: "\"a@b\":" (the address in double quotes)
    if (s.charAt(0) == '"') {
      int close = s.indexOf('"', 1);
      if (close > 1 && BounceText.isAddress(s.substring(1, close))) {
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
    if (!BounceText.isAddress(addr) || isEnvironmentAssignment(addr)) {
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

  // "There was an error delivering your mail to <a@b>.", "Your message wasn't delivered to a@b
  // because ...": a sentence about delivery that names the address after "to".
  static String sentenceRecipient(String t) {
    String low = ReplyParser.lowerSameLength(t); // indexes into low are indexes into t
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
      if (BounceText.isAddress(a)) {
        return a.toLowerCase(Locale.ROOT);
      }
      to = low.indexOf(" to ", to + 4);
    }
    return null;
  }

  // Sendmail's verdict on a host, not a recipient: "550 example.org (smtp)... 550 Host unknown",
  // "421 example.edu (smtp)... Deferred: Connection reset by peer".
  static boolean hostVerdict(String t) {
    if (t.length() > 400 || ReplyParser.codeTokenAt(t, 0) < 400) {
      return false;
    }
    int open = t.indexOf(" (", 4);
    return open > 4 && t.indexOf(' ', 4) == open && t.indexOf(")... ", open) > open;
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
    return BounceText.isAddress(a) ? a.toLowerCase(Locale.ROOT) : null;
  }

  // X6: "The following recipients returned permanent errors: a@b. Reason: ...", "SMTP Server <mx>
  // rejected recipient <a@b> (Error following RCPT command)"; Zoho: "[Status: Error, Address:
  // <a@b>, ResponseCode 421, ...]". The address right after the lead-in.
  private static String recipientAfter(String t, String low) {
    if (t.length() > 1000) {
      return null;
    }
    for (String lead : new String[] {"returned permanent errors: ", "returned temporary errors: ", "rejected recipient ",
        "[status: error, address: ", "[status: warning, address: ", "local mailbox ",
        "addressed to "}) {
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
      if (a.length() > 1 && (a.startsWith("<") && a.endsWith(">") || a.startsWith("'") && a.endsWith("'")
          || a.startsWith("\"") && a.endsWith("\""))) {
        a = a.substring(1, a.length() - 1); // Demon: "The following message, addressed to 'a@b',"
      }
      if (BounceText.isAddress(a)) {
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
    return BounceText.isAddress(a) ? a.toLowerCase(Locale.ROOT) : null;
  }

  // The text after the address in a sentence when it carries a reply (X6: "...errors: a@b.
  // Reason: ... [554 5.4.6 Hop count exceeded]"), else "".
  private static String replyAfter(String t, String addr) {
    int i = ReplyParser.lowerSameLength(t).indexOf(addr);
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
}
