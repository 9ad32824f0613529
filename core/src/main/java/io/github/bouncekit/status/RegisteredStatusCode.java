package io.github.bouncekit.status;

import java.util.List;
import java.util.Objects;

/**
 * One entry of the IANA "Enumerated Status Codes" registry.
 *
 * @param subject the subject number
 * @param detail the detail number
 * @param title the registry's title (its sample text), such as {@code Bad destination mailbox
 *     address}
 * @param basicCodes the basic reply codes the registry associates with the code (may be empty)
 * @param description the registry's description
 * @param references the documents that define the code, such as {@code RFC 3463}
 */
public record RegisteredStatusCode(
    int subject,
    int detail,
    String title,
    List<Integer> basicCodes,
    String description,
    List<String> references) {

  /** Checks and copies the parts. */
  public RegisteredStatusCode {
    if (subject < 0 || subject > EnhancedStatusCode.MAX_NUMBER) {
      throw new IllegalArgumentException("subject out of range: " + subject);
    }
    if (detail < 0 || detail > EnhancedStatusCode.MAX_NUMBER) {
      throw new IllegalArgumentException("detail out of range: " + detail);
    }
    Objects.requireNonNull(title, "title must not be null");
    basicCodes = List.copyOf(basicCodes);
    Objects.requireNonNull(description, "description must not be null");
    references = List.copyOf(references);
  }

  /** The class-independent code, such as {@code X.7.26}. */
  public String code() {
    return "X." + subject + '.' + detail;
  }

  /** The subject's meaning, empty for subjects without one. */
  public java.util.Optional<StatusSubject> subjectMeaning() {
    return StatusSubject.of(subject);
  }

  @Override
  public String toString() {
    return code() + " " + title;
  }
}
