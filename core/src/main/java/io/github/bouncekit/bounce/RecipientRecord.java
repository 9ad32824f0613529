package io.github.bouncekit.bounce;

import io.github.bouncekit.Diagnosis;
import io.github.bouncekit.reply.SmtpStage;
import io.github.bouncekit.status.EnhancedStatusCode;
import java.util.Objects;
import java.util.Optional;

/**
 * What a bounce says about one recipient.
 *
 * <p>When an alias or forwarding rewrote the address, {@code recipient} is where delivery failed
 * and {@code originalRecipient} the address the message was sent to: match a bounce to a mailing
 * list entry by the original recipient when there is one. A record whose DSN action is {@code
 * delivered}, {@code relayed} or {@code expanded} (or whose status is 2.x.x) never borrows failure
 * words from the bounce's text, so its diagnosis never asks to suppress it.
 *
 * @param recipient the final recipient address, lower case
 * @param originalRecipient the original recipient, when the bounce gives one
 * @param dsnAction the DSN action: {@code failed}, {@code delayed}, {@code delivered}, {@code
 *     relayed} or {@code expanded}
 * @param status the enhanced status code: the DSN's Status field, replaced by the remote server's
 *     own code of the same class when that is at least as specific (a DSN's {@code 5.0.0} by the
 *     reply's {@code 5.1.1}); else the one in the diagnostic
 * @param diagnosticCode the remote server's reply, unfolded, without the DSN type ({@code smtp;})
 * @param remoteMta the host that gave the reply
 * @param reportingMta the host that wrote the bounce
 * @param lastAttemptDate the Last-Attempt-Date as written
 * @param smtpCommand the SMTP stage at which the reply came
 * @param diagnosis the classifier's diagnosis of the reply, made with the recipient domain and
 *     the remote MTA as context
 */
public record RecipientRecord(
    String recipient,
    Optional<String> originalRecipient,
    Optional<String> dsnAction,
    Optional<EnhancedStatusCode> status,
    Optional<String> diagnosticCode,
    Optional<String> remoteMta,
    Optional<String> reportingMta,
    Optional<String> lastAttemptDate,
    Optional<SmtpStage> smtpCommand,
    Diagnosis diagnosis) {

  /** Checks the parts. */
  public RecipientRecord {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(originalRecipient, "originalRecipient");
    Objects.requireNonNull(dsnAction, "dsnAction");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(diagnosticCode, "diagnosticCode");
    Objects.requireNonNull(remoteMta, "remoteMta");
    Objects.requireNonNull(reportingMta, "reportingMta");
    Objects.requireNonNull(lastAttemptDate, "lastAttemptDate");
    Objects.requireNonNull(smtpCommand, "smtpCommand");
    Objects.requireNonNull(diagnosis, "diagnosis");
  }
}
