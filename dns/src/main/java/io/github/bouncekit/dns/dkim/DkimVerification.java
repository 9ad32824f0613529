package io.github.bouncekit.dns.dkim;

import java.util.List;
import java.util.Objects;

/**
 * The DKIM verification of one message: a result per DKIM-Signature field and the message's
 * outcome.
 *
 * <p>The outcome is {@link DkimResult.Code#NONE} when the message has no DKIM-Signature field
 * (DomainKey-Signature fields, RFC 4870, are historic and not DKIM); otherwise the best result of
 * its signatures in the order pass, fail, neutral, temperror, permerror: one valid signature is
 * enough for a message to pass (RFC 6376 §6.1), and a definite failure says more than an error.
 *
 * @param outcome the message's outcome
 * @param signatures the result of every DKIM-Signature field, top first
 * @param reason why, for people
 */
public record DkimVerification(
    DkimResult.Code outcome, List<DkimResult> signatures, String reason) {

  /** Checks and copies. */
  public DkimVerification {
    Objects.requireNonNull(outcome, "outcome must not be null");
    signatures = List.copyOf(signatures);
    Objects.requireNonNull(reason, "reason must not be null");
    if ((outcome == DkimResult.Code.NONE) != signatures.isEmpty()
        && outcome != DkimResult.Code.PERMERROR) {
      throw new IllegalArgumentException("outcome NONE goes with no signatures, and only it");
    }
  }

  /**
   * The verification of a message with these signature results.
   *
   * @param signatures the results, not empty
   * @return the verification with its outcome
   */
  static DkimVerification of(List<DkimResult> signatures) {
    DkimResult best = signatures.get(0);
    for (DkimResult r : signatures) {
      if (r.code().ordinal() < best.code().ordinal()) {
        best = r;
      }
    }
    String reason =
        signatures.size() == 1
            ? best.reason()
            : signatures.size() + " signatures; best: " + best;
    return new DkimVerification(best.code(), signatures, reason);
  }

  /** {@code "pass (signature verified ...)"}. */
  @Override
  public String toString() {
    return outcome.token() + " (" + reason + ")";
  }
}
