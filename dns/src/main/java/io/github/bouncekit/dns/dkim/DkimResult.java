package io.github.bouncekit.dns.dkim;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The verification result of one DKIM-Signature header field.
 *
 * @param code the result
 * @param problem what went wrong, for every code but {@link Code#PASS}
 * @param index the 0-based position of the field among the message's DKIM-Signature fields, top
 *     first
 * @param signature the parsed signature, when it could be parsed
 * @param domain the {@code d=} value as written, empty when it could not be read
 * @param selector the {@code s=} value as written, empty when it could not be read
 * @param keyBits the size of the key used (RSA modulus bits, 256 for Ed25519), 0 when no key was
 *     read
 * @param testing whether the key record says {@code t=y} (testing mode)
 * @param warnings things worth fixing that do not change the result ({@code l=} used, an RSA key
 *     under 2048 bits, testing mode, a signing time in the future)
 * @param reason why, for people: {@code "signature verified with a 2048-bit rsa key"}, {@code
 *     "body hash mismatch: the body was changed after signing"}
 */
public record DkimResult(
    Code code,
    Optional<Problem> problem,
    int index,
    Optional<DkimSignature> signature,
    String domain,
    String selector,
    int keyBits,
    boolean testing,
    List<String> warnings,
    String reason) {

  /** Checks and copies. */
  public DkimResult {
    Objects.requireNonNull(code, "code must not be null");
    Objects.requireNonNull(problem, "problem must not be null");
    Objects.requireNonNull(signature, "signature must not be null");
    Objects.requireNonNull(domain, "domain must not be null");
    Objects.requireNonNull(selector, "selector must not be null");
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(reason, "reason must not be null");
    if (code == Code.NONE) {
      throw new IllegalArgumentException("NONE is a message outcome, not a signature result");
    }
    if (code == Code.PASS ? problem.isPresent() : problem.isEmpty()) {
      throw new IllegalArgumentException("a problem goes with every result but pass");
    }
    if (index < 0 || keyBits < 0) {
      throw new IllegalArgumentException("index and keyBits must not be negative");
    }
  }

  /**
   * The result codes (RFC 8601 §2.7.1). {@link #NONE} is only a message outcome: the message has
   * no DKIM-Signature field.
   */
  public enum Code {
    /** No DKIM-Signature field (message outcome only). */
    NONE,
    /** The signature verified. */
    PASS,
    /** The signature could be checked, and it did not verify (or it expired). */
    FAIL,
    /** The signature did not verify, but the key is in testing mode ({@code t=y}). */
    NEUTRAL,
    /** The key could not be fetched because of a DNS failure: try again later. */
    TEMPERROR,
    /**
     * The signature or its key cannot be used: a syntax fault, no key, a revoked or too small key,
     * a forbidden algorithm.
     */
    PERMERROR;

    /** The lower-case name used in headers: {@code pass}, {@code permerror}. */
    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What went wrong with a signature. */
  public enum Problem {
    /** The DKIM-Signature field is malformed or lacks a required tag. */
    SIGNATURE_SYNTAX,
    /** A forbidden algorithm: {@code rsa-sha1} (RFC 8301 §3.1). */
    ALGORITHM,
    /** No key record at the selector (NXDOMAIN or no TXT record). */
    KEY_NOT_FOUND,
    /** The key record is malformed or its key cannot be decoded. */
    KEY_SYNTAX,
    /** The key was revoked (empty {@code p=}). */
    KEY_REVOKED,
    /** An RSA key under 1024 bits (RFC 8301 §3.2). */
    KEY_TOO_SMALL,
    /**
     * The key may not be used for this signature: key type, {@code h=}, {@code s=} or {@code t=s}.
     */
    KEY_NOT_ALLOWED,
    /** The key look-up failed (time-out, SERVFAIL, …). */
    DNS,
    /** The signature expired ({@code x=} has passed). */
    EXPIRED,
    /** The body hash does not match: the body changed after signing. */
    BODY_HASH,
    /** The signature does not verify: a signed header field changed, or the wrong key. */
    SIGNATURE,
    /** More DKIM-Signature fields than the verifier checks. */
    TOO_MANY_SIGNATURES
  }

  /** {@code "fail example.com/sel (body hash mismatch: ...)"}. */
  @Override
  public String toString() {
    return code.token()
        + (domain.isEmpty() ? "" : " " + domain + "/" + selector)
        + " ("
        + reason
        + ")";
  }
}
