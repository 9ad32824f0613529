package io.github.bouncekit.internal;

import io.github.bouncekit.bounce.BounceKind;
import io.github.bouncekit.internal.BounceReader.Fields;
import io.github.bouncekit.internal.ReasonParagraphs.TextLines;
import io.github.bouncekit.reply.SmtpReply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the RFC 3464 delivery-status fields of a bounce: the per-recipient field groups of a
 * message/delivery-status part or of fields written into the text, the kind of report they make (a
 * failure, a delay, only successes), recipients that name no mailbox (a pipe, a file, a source
 * route) repaired, and what the human-readable text adds to each record: the reply when the report
 * has no Diagnostic-Code, the SMTP stage, the remote host, Sendmail's verdict from its transcript.
 */
final class DeliveryStatusReader {
  private DeliveryStatusReader() {}

  static List<Fields> deliveryStatus(String text) {
    return deliveryStatus(text, null);
  }

  /**
   * The per-recipient records of a delivery-status part.
   *
   * @param text the part's text
   * @param failedRecipient the one address the message's X-Failed-Recipients names, or null: it
   *     is the recipient of a lone per-recipient group that names none (no Final-Recipient, no
   *     Original-Recipient, but an Action or Status)
   */
  static List<Fields> deliveryStatus(String text, String failedRecipient) {
    List<Map<String, String>> groups = fieldsOf(text);
    List<Fields> out = new ArrayList<>();
    String reporting = null;
    int unnamed = 0;
    for (Map<String, String> g : groups) {
      unnamed += perRecipient(g) && !g.containsKey("final-recipient") && !g.containsKey("original-recipient") ? 1 : 0;
    }
    for (Map<String, String> g : groups) {
      if (g.containsKey("reporting-mta") && reporting == null) {
        reporting = BounceText.typeless(g.get("reporting-mta"));
      }
      String rcpt = g.get("final-recipient");
      String finalAddress = rcpt == null ? null : BounceText.address(BounceText.typeless(rcpt));
      if (rcpt == null || (finalAddress == null || finalAddress.isEmpty())
          && g.containsKey("original-recipient")) {
        rcpt = g.get("original-recipient"); // none, or an empty one ("system;<>" - CommuniGate)
      }
      if (rcpt == null && unnamed == 1 && failedRecipient != null && perRecipient(g)) {
        rcpt = failedRecipient; // the group's recipient is the one the header names
      }
      if (rcpt == null) {
        continue;
      }
      Fields f = new Fields();
      f.recipient = BounceText.address(BounceText.typeless(rcpt));
      f.original = g.containsKey("original-recipient") ? BounceText.address(BounceText.typeless(g.get("original-recipient"))) : null;
      f.action = action(g.get("action"));
      f.status = firstToken(g.get("status"));
      f.statusComment = statusComment(g.get("status"));
      f.diagnostic = g.containsKey("diagnostic-code") ? BounceText.typeless(g.get("diagnostic-code")) : null;
      f.remoteMta = g.containsKey("remote-mta") ? host(BounceText.typeless(g.get("remote-mta"))) : null;
      if (f.diagnostic == null && g.containsKey("x-supplementary-info")) {
        supplementaryInfo(f, g.get("x-supplementary-info"));
      }
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

  // A group of per-recipient fields: it has an Action or a Status.
  private static boolean perRecipient(Map<String, String> group) {
    return group.containsKey("action") || group.containsKey("status");
  }

  // Outlook.com and Hotmail give the reply in "X-Supplementary-Info: <mx.example.net #5.1.1
  // smtp;550 5.1.1 ...>" instead of a Diagnostic-Code: the host that answered, the status, then
  // the typed reply.
  private static void supplementaryInfo(Fields f, String value) {
    String v = value.strip();
    if (v.startsWith("<") && v.endsWith(">")) {
      v = v.substring(1, v.length() - 1).strip();
    }
    int hash = v.indexOf('#');
    int space = hash < 0 ? -1 : v.indexOf(' ', hash);
    if (space < 0 || v.indexOf(';', space) < 0) {
      return;
    }
    String host = v.substring(0, hash).strip();
    f.diagnostic = BounceText.typeless(v.substring(space + 1).strip());
    if (f.remoteMta == null && !host.isEmpty()) {
      f.remoteMta = host(host);
    }
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
    if (ReasonParagraphs.weak(c) || low.equals("permanent failure") || low.equals("temporary failure")
        || low.equals("persistent transient failure") || low.equals("transient failure")
        || low.contains("undefined status") || low.equals("success")) {
      return null;
    }
    return c;
  }

  // Delivery-status field groups written into a text part (a broken multipart/report read as one
  // text): only groups that name a recipient and carry an Action or a Status count.
  static List<Fields> inlineDeliveryStatus(String text) {
    String low = BounceReader.lower(text);
    if (!low.startsWith("final-recipient:") && low.indexOf("\nfinal-recipient:") < 0) {
      return new ArrayList<>();
    }
    List<Fields> out = new ArrayList<>();
    for (Fields f : deliveryStatus(text)) {
      if ((f.status != null || f.action != null) && BounceText.isAddress(f.recipient)) {
        out.add(f);
      }
    }
    return out;
  }

  // A Final-Recipient that is no address: Exim's pipe or file ("|/usr/bin/x a@b", "/var/mail/x"),
  // a source route ("@mx.example.net:a@b", Messaging Server), a bare "@host" (Sendmail). The
  // Original-Recipient when valid, else the route's address, else the one address the text gives
  // (Exim's "generated by a@b", a recipient block) when a single recipient needs it.
  static void repairRecipients(List<Fields> fields, String text) {
    for (Fields f : fields) {
      // The same mailbox under a host-internal name ("a@sims-ms-daemon", "a@localhost",
      // "a@mailcluster.local"): the Original-Recipient is the address the sender used. (An alias
      // expanded to another local part keeps its Final-Recipient: that is the mailbox that failed.)
      if (internalDomain(f.recipient) && f.original != null && BounceText.isAddress(f.original)
          && !internalDomain(f.original) && sameLocalPart(f.recipient, f.original)) {
        f.recipient = f.original;
      }
    }
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
        List<Fields> blocks = FreeTextReader.blocks(text);
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
      if (f.original != null && BounceText.isAddress(f.original)) {
        f.recipient = f.original;
      } else if (route != null && BounceText.isAddress(route)) {
        f.recipient = route;
      } else if (fromText != null) {
        f.recipient = fromText;
      }
    }
  }

  private static boolean sameLocalPart(String a, String b) {
    int i = a.lastIndexOf('@');
    int j = b.lastIndexOf('@');
    return i > 0 && i == j && a.regionMatches(true, 0, b, 0, i);
  }

  // Top-level names that are never on the Internet: RFC 6762 (.local), RFC 6761 (.localhost),
  // RFC 8375 (.home.arpa), ICANN's reservation of .internal, and the customary .localdomain and
  // .lan.
  private static final String[] INTERNAL_SUFFIXES = {
    ".local", ".localhost", ".home.arpa", ".internal", ".localdomain", ".lan",
  };

  // A domain that names no host on the Internet: dotless, or under an internal-only name.
  private static boolean internalDomain(String a) {
    int at = a == null ? -1 : a.lastIndexOf('@');
    if (at <= 0) {
      return false;
    }
    if (a.indexOf('.', at) < 0) {
      return true;
    }
    String domain = a.substring(at).toLowerCase(java.util.Locale.ROOT);
    for (String suffix : INTERNAL_SUFFIXES) {
      if (domain.endsWith(suffix)) {
        return true;
      }
    }
    return false;
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
    String a = BounceText.stripAngles(text.substring(i + 13, end));
    return BounceText.isAddress(a) ? a.toLowerCase(Locale.ROOT) : null;
  }

  /**
   * Header-style field groups separated by blank lines; folded lines unfolded; a new
   * Final-Recipient also starts a new group (for reports that forget the blank line).
   */
  static List<Map<String, String>> fieldsOf(String text) {
    List<Map<String, String>> groups = new ArrayList<>();
    Map<String, String> current = new LinkedHashMap<>();
    String last = null;
    // The value of field "last" while more lines may continue it: appended to in place, so that
    // a field of many lines costs time in proportion to its length.
    StringBuilder open = null;
    int lastLength = 0;
    for (String line : BounceText.lines(text)) {
      if (line.isBlank()) {
        flush(current, last, open);
        open = null;
        if (!current.isEmpty()) {
          groups.add(current);
          current = new LinkedHashMap<>();
        }
        last = null;
        continue;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && open != null) {
        open.append(' ').append(line.trim());
        lastLength = line.length();
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || !isFieldName(line, colon)) {
        if ("diagnostic-code".equals(last) && open != null) {
          // A Diagnostic-Code cut into lines without the leading white space of a folded field:
          // the rest of the text. A line of a multi-line reply ("550-...") starts a new line; a
          // long line before it was cut at a fixed width, maybe inside a word ("judged to b" /
          // "e spam"): joined as it is; after a short one, with a space.
          String t = line.trim();
          String join = ReplyParser.digits3(t, 0) >= 0 && t.length() > 3
                  && (t.charAt(3) == '-' || t.charAt(3) == ' ')
              ? "\n" : lastLength >= 76 ? "" : " ";
          open.append(join).append(t);
          lastLength = line.length();
        }
        continue;
      }
      flush(current, last, open);
      lastLength = line.length();
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (name.equals("final-recipient") && current.containsKey("final-recipient")
          || name.equals("original-recipient") && current.containsKey("original-recipient")) {
        groups.add(current);
        current = new LinkedHashMap<>();
      }
      current.putIfAbsent(name, value);
      last = name;
      open = new StringBuilder(current.get(name));
    }
    flush(current, last, open);
    if (!current.isEmpty()) {
      groups.add(current);
    }
    if (groups.isEmpty()) {
      groups.add(new LinkedHashMap<>());
    }
    return groups;
  }

  // The value of an open field, when lines continued it, into its group.
  private static void flush(Map<String, String> group, String name, StringBuilder open) {
    if (name != null && open != null && open.length() != group.get(name).length()) {
      group.put(name, open.toString());
    }
  }

  // Whether the text before the colon is a field name: letters, digits, '-', '_' and '.' (what
  // report fields and X- fields use; white space before the colon is allowed, as RFC 822 did).
  private static boolean isFieldName(String line, int colon) {
    int end = colon;
    while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
      end--;
    }
    if (end == 0) {
      return false;
    }
    for (int i = 0; i < end; i++) {
      char c = line.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
          || c == '_' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  // A DSN that reports only success (delivered, relayed, expanded: RFC 3464 2.3.3) is no bounce;
  // one that reports only delays is a warning.
  static BounceKind dsnKind(List<Fields> fields) {
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

  // A DSN record for a recipient the message reached or was passed on for: "Action: delivered",
  // "relayed" or "expanded", or a 2.x.x status.
  static boolean succeeded(Fields f) {
    String a = f.action == null ? "" : f.action.trim().toLowerCase(Locale.ROOT);
    return a.equals("delivered") || a.equals("relayed") || a.equals("expanded")
        || f.status != null && f.status.trim().startsWith("2.");
  }

  // What the human-readable part adds to a DSN: the reply when there is no Diagnostic-Code, the
  // SMTP stage ("(in reply to RCPT TO command)") and the remote host when the DSN lacks them.
  static void fillFromText(List<Fields> fields, String text) {
    if (text.isEmpty()) {
      return;
    }
    List<Fields> fromText = FreeTextReader.blocks(text);
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
        if (ReasonParagraphs.weak(f.diagnostic)) {
          if (lines == null) {
            lines = TextLines.of(text);
          }
          String p = ReasonParagraphs.paragraphNaming(lines, f.recipient);
          if (p != null) {
            f.diagnostic = p;
          }
        }
      }
      String whole = FreeTextReader.wholeReplyInTranscript(f.diagnostic, text);
      if (whole != null) {
        f.diagnostic = whole;
      }
      if (ReasonParagraphs.weak(f.diagnostic) && fields.size() == 1) {
        // Sendmail: a Diagnostic-Code that says nothing ("X-Unix; 255") or none at all; its
        // transcript has the verdict in words.
        String verdict = FreeTextReader.transcriptVerdict(text);
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
      f.diagnostic = FreeTextReader.eximBlock(text, false);
    }
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

  // The action without a comment ("relayed (to non-DSN-aware mailer)": "relayed"), lower case;
  // a value that is only a comment stays as written.
  static String action(String v) {
    if (v == null) {
      return null;
    }
    String t = v.trim();
    int cut = t.length();
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '(' || c == ' ' || c == '\t' || c == ';') {
        cut = i;
        break;
      }
    }
    return cut == 0 ? t : t.substring(0, cut).toLowerCase(java.util.Locale.ROOT);
  }

  private static String firstToken(String v) {
    if (v == null) {
      return null;
    }
    String t = v.trim();
    int sp = t.indexOf(' ');
    return sp < 0 ? t : t.substring(0, sp);
  }
}
