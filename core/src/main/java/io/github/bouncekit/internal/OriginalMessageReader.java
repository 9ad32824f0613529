package io.github.bouncekit.internal;

import io.github.bouncekit.bounce.OriginalMessage;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the returned original message of a bounce: its header fields (Message-ID, From, To,
 * Subject, Date, the DKIM domain and selector, List-Unsubscribe, X-Mailer, Return-Path) from a
 * message/rfc822 or headers part, or from the text after a marker line when the bounce quotes it
 * inline; and where in a single text part the returned message starts.
 */
final class OriginalMessageReader {
  private OriginalMessageReader() {}

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
    "---- start of returned message", // Demon Internet
    "--- 附件中的内容是原信件的一份拷贝", // Sina: "the attachment is a copy of the original"
  };

  // Whether a trimmed, lower-case line of a bounce's text starts the returned message.
  static boolean startsOriginal(String low) {
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

  static Optional<OriginalMessage> original(MimeReader.Message m) {
    MimeReader.Part p = BounceReader.part(m, "message/rfc822");
    if (p == null) {
      p = BounceReader.part(m, "text/rfc822-headers");
    }
    if (p == null) {
      p = BounceReader.part(m, "message/rfc822-headers");
    }
    if (p == null) {
      p = BounceReader.part(m, "message/global"); // RFC 6533: internationalised (UTF-8) returned message
    }
    if (p == null) {
      p = BounceReader.part(m, "message/global-headers");
    }
    String headerText;
    int from = 0;
    if (p != null) {
      headerText = p.text();
    } else {
      // Single-part bounces (qmail, Exim) quote the original after a marker line.
      String text = BounceReader.text(m);
      String low = BounceReader.lower(text);
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
      headerText = nl < 0 ? "" : text;
      from = nl < 0 ? 0 : low.startsWith("return-path:", i) ? i : nl + 1;
    }
    Map<String, String> h = headersOf(headerText, from);
    if (!h.containsKey("message-id") && !h.containsKey("from") && !h.containsKey("subject")) {
      return Optional.empty();
    }
    String dkim = h.getOrDefault("dkim-signature", "");
    return Optional.of(
        new OriginalMessage(
            BounceReader.opt(BounceText.stripAngles(h.get("message-id"))),
            BounceReader.opt(h.get("from")),
            BounceReader.opt(h.get("to")),
            BounceReader.opt(h.get("subject")),
            BounceReader.opt(h.get("date")),
            BounceReader.opt(tag(dkim, "d")),
            BounceReader.opt(tag(dkim, "s")),
            BounceReader.opt(h.get("list-unsubscribe")),
            BounceReader.opt(h.get("x-mailer")),
            BounceReader.opt(BounceText.stripAngles(h.get("return-path")))));
  }

  /**
   * The mailbox the returned message was delivered to, from its own delivery headers
   * ({@code Delivered-To}, {@code X-Original-To}, {@code X-Apparently-To}, in that order), when
   * the message carries a returned message or its headers as a part.
   */
  static Optional<String> deliveredTo(MimeReader.Message m) {
    MimeReader.Part p = BounceReader.part(m, "message/rfc822");
    if (p == null) {
      p = BounceReader.part(m, "text/rfc822-headers");
    }
    if (p == null) {
      return Optional.empty();
    }
    Map<String, String> h = headersOf(p.text());
    for (String name : new String[] {"delivered-to", "x-original-to", "x-apparently-to"}) {
      String a = BounceText.address(BounceText.firstAddress(h.get(name)));
      if (a != null && BounceText.isAddress(a)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  static Map<String, String> headersOf(String text) {
    return headersOf(text, 0);
  }

  // The header fields from {@code from} on, up to the first blank line after a field.
  static Map<String, String> headersOf(String text, int from) {
    Map<String, String> h = new LinkedHashMap<>();
    String last = null;
    int lines = 0;
    int n = text.length();
    // Line by line up to the header's end: the returned message's body is not split.
    for (int start = from; start <= n; ) {
      int end = start;
      while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
        end++;
      }
      String line = text.substring(start, end);
      start = end + (end + 1 < n && text.charAt(end) == '\r' && text.charAt(end + 1) == '\n' ? 2 : 1);
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
}
