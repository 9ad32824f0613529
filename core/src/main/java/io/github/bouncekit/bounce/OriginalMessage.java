package io.github.bouncekit.bounce;

import java.util.Objects;
import java.util.Optional;

/**
 * Headers of the original message that a bounce returned, so the sender can match the bounce to
 * what it sent. Every part is optional: bounces return all, some or none of the headers.
 *
 * @param messageId the Message-ID, without angle brackets
 * @param from the From header (decoded)
 * @param to the To header (decoded)
 * @param subject the Subject (decoded)
 * @param date the Date header as written
 * @param dkimDomain the {@code d=} tag of the first DKIM-Signature
 * @param dkimSelector the {@code s=} tag of the first DKIM-Signature
 * @param listUnsubscribe the List-Unsubscribe header
 * @param xMailer the X-Mailer header
 * @param returnPath the Return-Path address, without angle brackets
 */
public record OriginalMessage(
    Optional<String> messageId,
    Optional<String> from,
    Optional<String> to,
    Optional<String> subject,
    Optional<String> date,
    Optional<String> dkimDomain,
    Optional<String> dkimSelector,
    Optional<String> listUnsubscribe,
    Optional<String> xMailer,
    Optional<String> returnPath) {

  /** Checks the parts. */
  public OriginalMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(dkimDomain, "dkimDomain");
    Objects.requireNonNull(dkimSelector, "dkimSelector");
    Objects.requireNonNull(listUnsubscribe, "listUnsubscribe");
    Objects.requireNonNull(xMailer, "xMailer");
    Objects.requireNonNull(returnPath, "returnPath");
  }
}
