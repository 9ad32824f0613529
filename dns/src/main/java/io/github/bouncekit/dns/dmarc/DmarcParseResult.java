package io.github.bouncekit.dns.dmarc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link DmarcRecord#parse(String, DmarcMode)} made of a TXT record: a usable record, a DMARC
 * record that asks for no processing, not a DMARC record at all, or a broken one. Bad input is a
 * value of this type, never an exception.
 *
 * @param outcome what the text is
 * @param record the record, for {@link Outcome#VALID} only
 * @param errors why the text is not usable (empty for {@link Outcome#VALID})
 * @param warnings problems that were ignored or repaired by defaults, in record order
 */
public record DmarcParseResult(
    Outcome outcome,
    Optional<DmarcRecord> record,
    List<DmarcProblem> errors,
    List<DmarcProblem> warnings) {

  /** Checks and copies. */
  public DmarcParseResult {
    Objects.requireNonNull(outcome, "outcome must not be null");
    Objects.requireNonNull(record, "record must not be null");
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    if ((outcome == Outcome.VALID) != record.isPresent()) {
      throw new IllegalArgumentException("a record comes with the VALID outcome, and only with it");
    }
  }

  /** True for {@link Outcome#VALID}. */
  public boolean isValid() {
    return outcome == Outcome.VALID;
  }

  /**
   * True when the text is a DMARC record (it starts with {@code v=DMARC1}), usable or not. Policy
   * discovery counts these when it looks for exactly one record at a name.
   */
  public boolean isDmarcRecord() {
    return outcome != Outcome.NOT_DMARC;
  }

  /** What a TXT record's text is, for DMARC. */
  public enum Outcome {
    /** A usable policy record (possibly with warnings). */
    VALID,
    /**
     * A DMARC record without a valid policy and without a valid {@code rua} URI (RFC 7489 §6.6.3,
     * RFC 9989 policy discovery): no DMARC processing for the message. With a valid {@code rua} URI the same
     * record is {@link #VALID} with {@code p=none}.
     */
    NO_POLICY,
    /** Not a DMARC record: it does not start with {@code v=DMARC1}. Discarded, as if absent. */
    NOT_DMARC,
    /**
     * A DMARC record neither RFC defines a meaning for (a tag given twice, a record longer than
     * {@link DmarcRecord#MAX_LENGTH}): reported as an error rather than guessed at.
     */
    INVALID
  }
}
