package io.github.bouncekit.dns.dmarc;

import java.util.Objects;

/**
 * Whether an external report destination accepts a domain's reports: the record {@code
 * <policy-domain>._report._dmarc.<destination-domain>} (RFC 7489 §7.1; RFC 9990 §4).
 *
 * @param destination the {@code rua} or {@code ruf} URI
 * @param tag {@code "rua"} or {@code "ruf"}
 * @param status the outcome
 * @param queried the name asked for; empty when no query was needed
 * @param reason one line, for people
 */
public record ReportAuthorization(
    DmarcRecord.ReportUri destination, String tag, Status status, String queried, String reason) {

  /** Checks. */
  public ReportAuthorization {
    Objects.requireNonNull(destination, "destination must not be null");
    Objects.requireNonNull(tag, "tag must not be null");
    Objects.requireNonNull(status, "status must not be null");
    Objects.requireNonNull(queried, "queried must not be null");
    Objects.requireNonNull(reason, "reason must not be null");
  }

  /** The outcome of the check. */
  public enum Status {
    /** The destination shares the policy domain's Organizational Domain: no record needed. */
    NOT_NEEDED,
    /** The destination publishes a {@code v=DMARC1} authorisation record. */
    AUTHORIZED,
    /** No authorisation record: reporters must not send reports there. */
    NOT_AUTHORIZED,
    /** A DNS look-up failed: unknown for now. */
    TEMPERROR
  }

  @Override
  public String toString() {
    return destination + ": " + status + " (" + reason + ")";
  }
}
