package io.github.bouncekit;

import io.github.bouncekit.reply.SmtpStage;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the caller knows about a delivery attempt besides the reply. Every part is optional; more
 * context gives better provider detection. Build with {@link #none()} and the {@code with...}
 * methods:
 *
 * <pre>{@code
 * Context ctx = Context.none().withRecipient("someone@gmail.com").withRemoteMta("mx.google.com");
 * }</pre>
 *
 * @param remoteMta host name of the server that replied (or the recipient domain's MX host)
 * @param recipient recipient address ({@code user@example.com}) or domain
 * @param senderIp the IP address the message was sent from
 * @param stage the SMTP stage at which the reply came; before {@code RCPT TO} (greeting, {@code
 *     HELO}, {@code AUTH}, {@code MAIL FROM}) a reply cannot be about the recipient, so words such
 *     as "user unknown" there are read as the sender's problem and never suppress the recipient
 */
public record Context(
    Optional<String> remoteMta,
    Optional<String> recipient,
    Optional<String> senderIp,
    Optional<SmtpStage> stage) {

  private static final Context NONE =
      new Context(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /** Checks the parts. */
  public Context {
    Objects.requireNonNull(remoteMta, "remoteMta must not be null (use Optional.empty())");
    Objects.requireNonNull(recipient, "recipient must not be null (use Optional.empty())");
    Objects.requireNonNull(senderIp, "senderIp must not be null (use Optional.empty())");
    Objects.requireNonNull(stage, "stage must not be null (use Optional.empty())");
  }

  /** No context. */
  public static Context none() {
    return NONE;
  }

  /** This context with the remote MTA's (or MX) host name; blank clears it. */
  public Context withRemoteMta(String host) {
    return new Context(clean(host), recipient, senderIp, stage);
  }

  /** This context with the recipient address or domain; blank clears it. */
  public Context withRecipient(String address) {
    return new Context(remoteMta, clean(address), senderIp, stage);
  }

  /** This context with the sending IP address; blank clears it. */
  public Context withSenderIp(String ip) {
    return new Context(remoteMta, recipient, clean(ip), stage);
  }

  /** This context with the SMTP stage; null clears it. */
  public Context withStage(SmtpStage smtpStage) {
    return new Context(remoteMta, recipient, senderIp, Optional.ofNullable(smtpStage));
  }

  /** The recipient's domain, lower case: the part after the last {@code @}, or the whole value. */
  public Optional<String> recipientDomain() {
    return recipient.map(
        r -> {
          String d = r.substring(r.lastIndexOf('@') + 1).trim();
          if (d.endsWith(">")) {
            d = d.substring(0, d.length() - 1);
          }
          return d.toLowerCase(Locale.ROOT);
        });
  }

  private static Optional<String> clean(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }
}
