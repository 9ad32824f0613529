package io.github.bouncekit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The words mail software prints around a reply, and the way a copy of it is printed, do not
 * change what it means: every development-set reply that starts with its code, wrapped as
 * Postfix, Exim, Sendmail, qmail, Exchange, Outlook, Gmail, Yahoo, a DSN, Postfix's and
 * Sendmail's log lines, Roundcube, Thunderbird, Symfony Mailer, PEAR Mail, Rust's lettre and the
 * common client libraries print it, or copied with other line ends, tabs, no-break spaces, HTML
 * entities and numeric references, in HTML paragraphs and line breaks, in a JSON log's field, as
 * quoted-printable, in backticks, a code fence, quotes or parentheses, as a list item or a table
 * row, quoted with "> ", after a log's timestamp, an application's label or a sentence, or with a
 * final line break, gets the cause and action of the bare reply. Each wrapper names the RCPT TO
 * stage or none, so that the bare reply's reading stays the right one.
 */
class WrapperInvarianceTest {

  private static final BounceClassifier CLASSIFIER = BounceClassifier.defaults();

  static Stream<Arguments> wrappers() {
    List<Arguments> out = new ArrayList<>();
    add(out, "Postfix", r -> "host mx.example.net[192.0.2.1] said: " + oneLine(r)
        + " (in reply to RCPT TO command)");
    add(out, "Postfix log line", r -> "postfix/smtp[1234]: 4F1A2B3C4D: to=<someone@example.net>,"
        + " relay=mx.example.net[192.0.2.1]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.0.0,"
        + " status=bounced (host mx.example.net[192.0.2.1] said: " + oneLine(r)
        + " (in reply to RCPT TO command))");
    add(out, "Sendmail log line", r -> "Nov  3 04:07:19 mx sm-mta[23903]: vA347GJM023903:"
        + " ruleset=check_rcpt, arg1=<someone@example.net>, relay=client.example.org [192.0.2.1],"
        + " reject=" + oneLine(r));
    add(out, "Exim", r -> "SMTP error from remote mail server after"
        + " RCPT TO:<someone@example.net>:\n"
        + "    " + r.replace("\n", "\n    "));
    add(out, "Exim host line",
        r -> "host mx.example.net [192.0.2.1]: " + r.replace("\n", "\n    "));
    add(out, "Sendmail", r -> "... while talking to mx.example.net.:\n"
        + ">>> RCPT To:<someone@example.net>\n"
        + "<<< " + r.replace("\n", "\n<<< "));
    add(out, "Sendmail transcript joined on one line", r -> "... while talking to mx.example.net.:"
        + " >>> RCPT To:<someone@example.net> <<< " + oneLine(r));
    add(out, "qmail", r -> "<someone@example.net>:\n192.0.2.1 does not like recipient.\n"
        + "Remote host said: " + oneLine(r) + "\nGiving up on 192.0.2.1.");
    add(out, "DSN Diagnostic-Code", r -> "smtp; " + oneLine(r));
    add(out, "Exchange", r -> "Remote Server returned '" + oneLine(r) + "'");
    add(out, "Exchange diagnostics", r -> "Diagnostic information for administrators:\n\n"
        + "Generating server: mail.example.com\n\nsomeone@example.net\nRemote Server returned '"
        + oneLine(r) + "'");
    add(out, "Exchange relay's nested reply", r -> "Remote Server returned '" + r.charAt(0)
        + "54 " + r.charAt(0) + ".0.0 <mx.example.net #" + r.charAt(0) + ".0.0 smtp;" + oneLine(r)
        + ">'");
    add(out, "Outlook notice", r -> "Your message did not reach some or all of the intended"
        + " recipients.\n\n      Subject:\tHello\n      Sent:\t1/2/2024 10:00 AM\n\n"
        + "The following recipient(s) cannot be reached:\n\n      someone@example.net on 1/2/2024"
        + " 10:00 AM\n            <mx.example.net #" + r.charAt(0) + ".0.0 smtp;" + oneLine(r)
        + ">");
    add(out, "Gmail notice", r -> "The response from the remote server was:\n" + r);
    add(out, "Yahoo notice", r -> "Sorry, we were unable to deliver your message to the following"
        + " address.\n\n<someone@example.net>:\nRemote host said: " + oneLine(r) + " [RCPT_TO]");
    add(out, "folded at 70 columns", WrapperInvarianceTest::fold);
    add(out, "upper case", r -> r.toUpperCase(Locale.ROOT));
    add(out, "CRLF line ends", r -> r.replace("\n", "\r\n"));
    add(out, "tabs for spaces", r -> r.replace(' ', '\t'));
    add(out, "no-break spaces (a web page's copy)", r -> r.replace(' ', '\u00a0'));
    add(out, "HTML entities (an HTML notice)", r -> r.replace("&", "&amp;").replace("<", "&lt;")
        .replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;"));
    add(out, "HTML numeric references", r -> r.replace("'", "&#x27;").replace("<", "&#60;")
        .replace(">", "&#62;"));
    add(out, "HTML paragraph and line breaks", r -> "<p>" + r.replace("\n", "<br>\n") + "</p>");
    add(out, "PHPMailer's HTML debug output", r -> "SMTP ERROR: RCPT TO command failed: "
        + r.replace("\n", "<br />\n") + "<br />\n");
    add(out, "a final line break", r -> r + "\n");
    add(out, "quoted-printable (an e-mail's source)", WrapperInvarianceTest::quotedPrintable);
    add(out, "a JSON log's field",
        r -> "{\"level\":\"error\",\"msg\":\"delivery failed\",\"error\":" + jsonString(r) + "}");
    add(out, "Nodemailer", r -> "Can't send mail - all recipients were rejected: " + oneLine(r));
    add(out, "JavaMail", r -> "com.sun.mail.smtp.SMTPAddressFailedException: " + r);
    add(out, "PHPMailer", r -> "SMTP ERROR: RCPT TO command failed: " + oneLine(r));
    add(out, "Python smtplib", WrapperInvarianceTest::python);
    add(out, "Roundcube", WrapperInvarianceTest::roundcube);
    // Copies of a reply in issues, chats, web pages and e-mails.
    add(out, "Markdown inline code", r -> "`" + oneLine(r) + "`");
    add(out, "Markdown code fence", r -> "```text\n" + r + "\n```");
    add(out, "double quotes", r -> "\"" + r + "\"");
    add(out, "list item", r -> "- " + oneLine(r));
    add(out, "Markdown table row", r -> "| someone@example.net | " + oneLine(r) + " |");
    add(out, "e-mail quote", r -> "> " + r.replace("\n", "\n> "));
    add(out, "log timestamp", r -> "2024-01-02 10:00:00 " + r);
    add(out, "in parentheses", r -> "(" + oneLine(r) + ")");
    add(out, "after a dash", r -> "Error - " + oneLine(r));
    add(out, "application's label", r -> "Response from remote server: " + r);
    add(out, "after a sentence",
        r -> "Could not deliver message to someone@example.net. " + oneLine(r));
    // PEAR's Net_SMTP keeps each line's words (enhanced code included) and joins them with "\n".
    add(out, "PEAR Mail", r -> "Failed to add recipient: someone@example.net [SMTP: Invalid"
        + " response code received from server (code: " + r.substring(0, 3) + ", response: "
        + withoutCodes(r) + ")]");
    add(out, "Symfony Mailer", r -> "Expected response code \"250/251/252\" but got code \""
        + r.substring(0, 3) + "\", with message \"" + r.replace("\n", "\r\n") + "\".");
    add(out, "Rust lettre", r -> (r.charAt(0) == '4' ? "transient" : "permanent") + " error ("
        + r.substring(0, 3) + "): " + withoutCodes(r));
    add(out, "Thunderbird", r -> "An error occurred while sending mail."
        + " The mail server responded:\n"
        + r + ".\nPlease check the message recipient \"someone@example.net\" and try again.");
    return out.stream();
  }

  private static void add(List<Arguments> out, String name, UnaryOperator<String> wrap) {
    out.add(Arguments.of(name, wrap));
  }

  // Quoted-printable as an e-mail's source shows a text part: '=' and non-ASCII octets as "=XX",
  // and a soft line break ("=" at the end of a line) every 60 characters of a line.
  private static String quotedPrintable(String r) {
    StringBuilder b = new StringBuilder();
    int col = 0;
    for (byte x : r.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c == '\n') {
        b.append('\n');
        col = 0;
        continue;
      }
      if (col >= 60) {
        b.append("=\n");
        col = 0;
      }
      String piece = c == '=' || c > 126 ? String.format("=%02X", c) : String.valueOf((char) c);
      b.append(piece);
      col += piece.length();
    }
    return b.toString();
  }

  // A JSON string literal, as a structured log writes one.
  private static String jsonString(String r) {
    return "\"" + r.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static String oneLine(String r) {
    return r.replace("\n", " ");
  }

  // Word-wrapped as a DSN or a mail client folds a long line: continuation lines indented.
  private static String fold(String r) {
    StringBuilder b = new StringBuilder();
    int col = 0;
    for (String word : oneLine(r).split(" ")) {
      if (col > 0 && col + word.length() > 70) {
        b.append("\n    ");
        col = 4;
      } else if (col > 0) {
        b.append(' ');
        col++;
      }
      b.append(word);
      col += word.length();
    }
    return b.toString();
  }

  // Python's repr of the refused recipients: the code, then the text as bytes in the quotes
  // Python picks, a byte outside printable ASCII as \xNN.
  private static String python(String r) {
    String t = oneLine(r);
    StringBuilder text = new StringBuilder();
    for (byte b : t.substring(4).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c == '\\') {
        text.append("\\\\");
      } else if (c < 0x20 || c >= 0x7f) {
        text.append(String.format("\\x%02x", c));
      } else {
        text.append((char) c);
      }
    }
    String quoted;
    if (text.indexOf("'") >= 0 && text.indexOf("\"") < 0) {
      quoted = "b\"" + text + "\"";
    } else {
      quoted = "b'" + text.toString().replace("'", "\\'") + "'";
    }
    return "smtplib.SMTPRecipientsRefused: {'someone@example.net': (" + t.substring(0, 3) + ", "
        + quoted + ")}";
  }

  // Roundcube prints the code once and the server's lines without their codes.
  private static String roundcube(String r) {
    return "SMTP Error (" + r.substring(0, 3) + "): Failed to add recipient"
        + " \"someone@example.net\" ("
        + withoutCodes(r) + ").";
  }

  // The reply's lines without their basic codes.
  private static String withoutCodes(String r) {
    StringBuilder text = new StringBuilder();
    for (String line : r.split("\n")) {
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(line.length() > 4 && line.substring(0, 3).chars().allMatch(Character::isDigit)
          ? line.substring(4)
          : line);
    }
    return text.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrappers")
  void wrappedReplyKeepsItsMeaning(String name, UnaryOperator<String> wrap) {
    List<String> changed = new ArrayList<>();
    int n = 0;
    for (DevSet.Row row : DevSet.rows()) {
      String reply = row.text().strip();
      if (!reply.matches("(?s)[245]\\d\\d[ -].*")) {
        continue;
      }
      n++;
      Diagnosis bare = CLASSIFIER.diagnose(reply);
      Diagnosis wrapped = CLASSIFIER.diagnose(wrap.apply(reply));
      if (wrapped.cause() != bare.cause() || wrapped.action() != bare.action()) {
        changed.add(row.id() + ": " + bare.cause().id() + "/" + bare.action().id() + " -> "
            + wrapped.cause().id() + "/" + wrapped.action().id() + "  " + reply);
      }
    }
    assertThat(n).as("development-set replies that start with a code").isGreaterThan(200);
    assertThat(changed).as(name + " changed the reading of").isEmpty();
  }
}
