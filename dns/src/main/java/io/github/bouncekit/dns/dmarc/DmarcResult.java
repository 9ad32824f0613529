package io.github.bouncekit.dns.dmarc;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The DMARC result for a message: whether an SPF- or DKIM-authenticated domain aligns with the From
 * domain under the discovered policy, and what the policy asks for.
 *
 * @param verdict pass, fail, none, or an error
 * @param policy the policy discovery it rests on
 * @param alignedSpfDomain the first SPF-authenticated domain that aligned
 * @param alignedDkimDomain the first DKIM-authenticated domain ({@code d=}) that aligned
 * @param disposition what the policy asks for this message: {@code none} for a pass, the applied
 *     policy for a fail; empty for none and the errors
 * @param reason one line, for people
 */
public record DmarcResult(
    Verdict verdict,
    DmarcPolicyResult policy,
    Optional<String> alignedSpfDomain,
    Optional<String> alignedDkimDomain,
    Optional<DmarcPolicy> disposition,
    String reason) {

  /** Checks. */
  public DmarcResult {
    Objects.requireNonNull(verdict, "verdict must not be null");
    Objects.requireNonNull(policy, "policy must not be null");
    Objects.requireNonNull(alignedSpfDomain, "alignedSpfDomain must not be null");
    Objects.requireNonNull(alignedDkimDomain, "alignedDkimDomain must not be null");
    Objects.requireNonNull(disposition, "disposition must not be null");
    Objects.requireNonNull(reason, "reason must not be null");
  }

  /** The DMARC results of the Authentication-Results registry. */
  public enum Verdict {
    /** An authenticated identifier aligned. */
    PASS,
    /** A policy exists and no authenticated identifier aligned. */
    FAIL,
    /** No policy. */
    NONE,
    /** A DNS look-up failed: try again later. */
    TEMPERROR,
    /** The published data cannot be used. */
    PERMERROR;

    /** {@code pass}, {@code fail} ... as in Authentication-Results. */
    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Override
  public String toString() {
    return verdict.token() + " (" + reason + ")";
  }
}
