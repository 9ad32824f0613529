package io.github.bouncekit.dns.dmarc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of DMARC policy discovery for a From domain: which record applies, found where, the
 * Organizational Domain, and the policy a message failing DMARC would get.
 *
 * @param status found, none, or an error (three-valued: a DNS failure is never "none")
 * @param mode the specification followed
 * @param domain the From domain, lower case, ASCII form, without a trailing dot
 * @param policyDomain the domain whose {@code _dmarc} record applies (for {@link Status#FOUND})
 * @param record that record (for {@link Status#FOUND})
 * @param organizationalDomain the From domain's Organizational Domain, when it could be determined
 *     (RFC 9989: by the tree walk; RFC 7489: by the Public Suffix List)
 * @param appliedPolicy the policy for a message from {@code domain} that fails DMARC: {@code p},
 *     {@code sp} or {@code np} by the rules of the mode, one level weaker under {@code t=y} (for
 *     {@link Status#FOUND})
 * @param source which tag's rule gave {@code appliedPolicy} (for {@link Status#FOUND})
 * @param queried the names whose TXT records were asked for, in order ({@code _dmarc.example.com})
 * @param notes what else a person should know: discarded records, warnings, the test mode
 * @param reason one line, for people
 */
public record DmarcPolicyResult(
    Status status,
    DmarcMode mode,
    String domain,
    Optional<String> policyDomain,
    Optional<DmarcRecord> record,
    Optional<String> organizationalDomain,
    Optional<DmarcPolicy> appliedPolicy,
    Optional<PolicySource> source,
    List<String> queried,
    List<String> notes,
    String reason) {

  /** Checks and copies. */
  public DmarcPolicyResult {
    Objects.requireNonNull(status, "status must not be null");
    Objects.requireNonNull(mode, "mode must not be null");
    Objects.requireNonNull(domain, "domain must not be null");
    Objects.requireNonNull(policyDomain, "policyDomain must not be null");
    Objects.requireNonNull(record, "record must not be null");
    Objects.requireNonNull(organizationalDomain, "organizationalDomain must not be null");
    Objects.requireNonNull(appliedPolicy, "appliedPolicy must not be null");
    Objects.requireNonNull(source, "source must not be null");
    queried = List.copyOf(queried);
    notes = List.copyOf(notes);
    Objects.requireNonNull(reason, "reason must not be null");
    boolean found = status == Status.FOUND;
    if (found != record.isPresent()
        || found != policyDomain.isPresent()
        || found != appliedPolicy.isPresent()
        || found != source.isPresent()) {
      throw new IllegalArgumentException(
          "record, policy domain, applied policy and source come with FOUND, and only with it");
    }
  }

  /** The outcome of discovery. */
  public enum Status {
    /** A policy record applies. */
    FOUND,
    /**
     * No DMARC policy: no record, several records, or a record that asks for no DMARC processing.
     */
    NONE,
    /** A DNS look-up failed (time-out, SERVFAIL ...): try again later. */
    TEMPERROR,
    /** The published data cannot be used: a malformed record, a From domain that is no name. */
    PERMERROR
  }

  /** Which rule chose the applied policy. */
  public enum PolicySource {
    /** {@code p}: the record is the From domain's own. */
    P,
    /** {@code sp} (or {@code p} when {@code sp} is absent): the From domain is a subdomain. */
    SP,
    /**
     * {@code np} (RFC 9989; or {@code sp}, then {@code p}, when absent): the From domain is a
     * subdomain that does not exist (no A, AAAA or MX: NXDOMAIN or no data for all three).
     */
    NP
  }

  @Override
  public String toString() {
    return status + " (" + reason + ")";
  }
}
