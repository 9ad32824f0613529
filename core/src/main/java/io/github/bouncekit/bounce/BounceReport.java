package io.github.bouncekit.bounce;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one e-mail message says: its kind, a record per recipient it reports on, and the returned
 * original message's headers.
 *
 * @param kind what kind of message it is
 * @param recipients one record per recipient, in the order the message gives them
 * @param original headers of the returned original message, when the bounce includes them
 * @param subject the bounce's own Subject (decoded)
 * @param from the bounce's own From (decoded)
 * @param feedbackType the Feedback-Type of a feedback report ({@code abuse}, {@code fraud} ...)
 * @param truncated true when the message was longer than the parser's size cap and its end was
 *     not read
 * @param notes plain-language notes: damaged structure, decoding problems
 */
public record BounceReport(
    BounceKind kind,
    List<RecipientRecord> recipients,
    Optional<OriginalMessage> original,
    Optional<String> subject,
    Optional<String> from,
    Optional<String> feedbackType,
    boolean truncated,
    List<String> notes) {

  /** Checks and copies the parts. */
  public BounceReport {
    Objects.requireNonNull(kind, "kind");
    recipients = List.copyOf(recipients);
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(feedbackType, "feedbackType");
    notes = List.copyOf(notes);
  }

  /** True for DSNs, free-text bounces and delay warnings. */
  public boolean isBounce() {
    return kind == BounceKind.DSN || kind == BounceKind.FREE_TEXT || kind == BounceKind.DELAYED;
  }
}
