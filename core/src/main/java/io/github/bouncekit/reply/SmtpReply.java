package io.github.bouncekit.reply;

import io.github.bouncekit.internal.MessageMemo;
import io.github.bouncekit.status.EnhancedStatusCode;
import io.github.bouncekit.status.StatusClass;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An SMTP reply as bounce-processing code meets it: the basic reply code ({@code 550}), the
 * enhanced status code ({@code 5.7.1}) and the text lines, with whatever a relaying MTA wrapped
 * around it taken off and kept apart (the remote host, the SMTP stage).
 *
 * <p>{@link #parse(String)} accepts one-line and multi-line replies ({@code 550-5.7.1 ...}
 * continuation lines, with CRLF, LF or CR line ends, or joined on one line the way Postfix logs
 * them), codes in parentheses or after a hash ({@code (#5.7.1)}), Gmail's {@code - gsmtp} and
 * Microsoft's bracketed host trailers, and MTA wrappers: Postfix ({@code host ... said: ... (in
 * reply to RCPT TO command)} and log lines with {@code dsn=... status=...}), Exim ({@code SMTP
 * error from remote mail server after RCPT TO:...}), Sendmail transcripts ({@code <<<}, {@code
 * >>>}), DSN {@code Diagnostic-Code: smtp; ...} fields, Exchange's {@code Remote Server returned
 * '...'} and message-tracking {@code {LED=...}} fields, the next server's reply that Exchange and
 * Outlook notices quote as {@code <mx.example.net #5.1.1 smtp;550 5.1.1 ...>}, JavaMail / Jakarta
 * Mail exception messages, .NET's {@code SmtpException} ({@code Mailbox unavailable. The server
 * response was: ...}, whose own words are left out), Symfony Mailer's {@code Expected response code
 * ... with message "..."}, Roundcube's {@code SMTP Error (550): Failed to add recipient ...},
 * Thunderbird's {@code The mail server responded: ...}, Rust lettre's {@code permanent error
 * (550): ...} and Cisco IronPort bounce logs ({@code Response: "('550', [...])"}), among others.
 * A copy from a web page or an HTML notice reads the same: Unicode spaces are spaces, HTML's
 * character references ({@code &lt;}, {@code &#x27;}, {@code &rsquo;} ...) their characters,
 * line-breaking tags ({@code <br>}, {@code <p>}) line breaks, and inline tags ({@code <b>},
 * {@code <span>}) are dropped, a link's target kept in their place. A reply inside a JSON object
 * ({@code {"error":"550 5.1.1 ..."}}) or a JSON string literal is read with JSON's escapes
 * decoded, and a quoted-printable copy from an e-mail's source is decoded.
 *
 * <p>Parsing never fails for a non-null string and runs in time linear in the input. Input longer
 * than {@link #MAX_INPUT_LENGTH} characters is cut to that length and {@link #truncated()} is set.
 *
 * @param code the basic reply code (200 to 599), empty when the text has none
 * @param enhancedCode the enhanced status code, empty when the text has none
 * @param lines the reply's text lines without codes, wrappers and trailers; never null
 * @param remoteHost the host that sent the reply, when a wrapper names it
 * @param stage the SMTP stage the reply answered, when a wrapper names it
 * @param trailer what was taken off the end: Gmail's {@code <id> - gsmtp}, Microsoft's {@code
 *     [host ...]}
 * @param warnings inconsistencies noticed, in plain words (codes that disagree, lines that were
 *     dropped)
 * @param truncated true when the input was longer than {@link #MAX_INPUT_LENGTH} and was cut
 */
public record SmtpReply(
    OptionalInt code,
    Optional<EnhancedStatusCode> enhancedCode,
    List<String> lines,
    Optional<String> remoteHost,
    Optional<SmtpStage> stage,
    Optional<String> trailer,
    List<String> warnings,
    boolean truncated) {

  /** Input beyond this many characters (64 Ki) is ignored; {@link #truncated()} says so. */
  public static final int MAX_INPUT_LENGTH = 65_536;

  /** Checks and copies the parts. */
  public SmtpReply {
    Objects.requireNonNull(code, "code must not be null (use OptionalInt.empty())");
    if (code.isPresent() && (code.getAsInt() < 200 || code.getAsInt() > 599)) {
      throw new IllegalArgumentException(
          "a basic reply code is between 200 and 599, was " + code.getAsInt());
    }
    Objects.requireNonNull(enhancedCode, "enhancedCode must not be null (use Optional.empty())");
    lines = List.copyOf(lines);
    Objects.requireNonNull(remoteHost, "remoteHost must not be null");
    Objects.requireNonNull(stage, "stage must not be null");
    Objects.requireNonNull(trailer, "trailer must not be null");
    warnings = List.copyOf(warnings);
  }

  /**
   * Parses a reply in any of the forms described above.
   *
   * @param reply the reply text, possibly wrapped by an MTA
   * @return the parsed reply; a text without codes gives a reply with empty codes and the text as
   *     its lines
   * @throws NullPointerException when {@code reply} is null
   */
  public static SmtpReply parse(String reply) {
    Objects.requireNonNull(reply, "reply must not be null");
    return MessageMemo.reply(reply);
  }

  /** The text lines joined with single spaces. */
  public String text() {
    return lines.size() == 1 ? lines.get(0) : String.join(" ", lines);
  }

  /**
   * The reply's class: the first digit of the basic code when there is one (RFC 5321 makes it
   * authoritative), else the enhanced code's class. Empty when the reply has neither, or a 3xx
   * code.
   */
  public Optional<StatusClass> replyClass() {
    if (code.isPresent()) {
      return StatusClass.of(code.getAsInt() / 100);
    }
    return enhancedCode.map(EnhancedStatusCode::statusClass);
  }

  /** True when the basic and enhanced codes are both present and disagree on the class. */
  public boolean codesDisagree() {
    return code.isPresent()
        && enhancedCode.isPresent()
        && code.getAsInt() / 100 != enhancedCode.get().statusClass().code();
  }

  /** The reply in canonical form: {@code 550 5.7.1 text}, one line. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    code.ifPresent(c -> b.append(c).append(' '));
    enhancedCode.ifPresent(e -> b.append(e).append(' '));
    b.append(text());
    return b.toString().trim();
  }
}
