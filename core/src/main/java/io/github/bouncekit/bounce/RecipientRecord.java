package io.github.bouncekit.bounce;

import io.github.bouncekit.Diagnosis;
import io.github.bouncekit.reply.SmtpStage;
import io.github.bouncekit.status.EnhancedStatusCode;
import java.util.Objects;
import java.util.Optional;

/**
 * What a bounce says about one recipient.
 *
 * @param recipient the final recipient address, lower case
 * @param originalRecipient the original recipient, when the bounce gives one
 * @param dsnAction the DSN action: {@code failed}, {@code delayed}, {@code delivered}, {@code
 *     relayed} or {@code expanded}
 * @param status the enhanced status code (the DSN's Status field, else the one in the
 *     diagnostic)
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
