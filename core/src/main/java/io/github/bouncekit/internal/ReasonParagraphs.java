package io.github.bouncekit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the words that give a recipient's reason when no SMTP reply does: the paragraph that names
 * the recipient in a sentence, the reason written above an address that stands alone, Google
 * Groups' notice, a known explanation that names nobody, or the text's first paragraph; and tells
 * whether a diagnostic says anything at all ({@link #weak}).
 */
final class ReasonParagraphs {
  private ReasonParagraphs() {}

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
        if (e == raw.length && OriginalMessageReader.startsOriginal(low[i].trim())) {
          e = i;
        }
      }
      this.end = e;
    }

    static TextLines of(String text) {
      return new TextLines(BounceText.lines(text.length() > 65536 ? text.substring(0, 65536) : text));
    }
  }

  // Longest paragraph taken as a diagnostic by paragraphNaming.
  static final int MAX_PARAGRAPH = 1000;

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

  // A line that is an address alone ("a@b", "<a@b>", "<a@b>:").
  private static boolean afterAddressIsEmpty(String line) {
    return FreeTextReader.recipientLine(line) != null && line.indexOf(' ') < 0;
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

  static String explanation(String text) {
    String low = BounceReader.lower(text);
    for (String lead : EXPLANATION_LEADS) {
      int i = low.indexOf(lead);
      if (i >= 0) {
        int start = Math.max(Math.max(text.lastIndexOf('\n', i), text.lastIndexOf('\r', i)) + 1, i - 200);
        int end = BounceText.blankLineAfter(text, i);
        String p = text.substring(start, end < 0 ? Math.min(text.length(), i + MAX_PARAGRAPH) : end).trim();
        int response = end < 0 ? -1 : low.indexOf("the response was:", end);
        if (response >= 0 && response - end < 1000) {
          // Google: "The response was:", a blank line, then the other server's words.
          int from = response + "the response was:".length();
          int stop = BounceText.blankLineAfter(text, from);
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

  // The first paragraph of a text (at most 500 characters), or null.
  static String firstParagraph(String text) {
    int start = 0;
    while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    if (start >= text.length()) {
      return null;
    }
    int end = BounceText.blankLineAfter(text, start);
    String p = text.substring(start, end < 0 ? Math.min(text.length(), start + 500) : Math.min(end, start + 500)).trim();
    return p.isEmpty() ? null : p;
  }
}
