package io.github.bouncekit.dns.dkim;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@link DkimKeyCheck} found at {@code selector._domainkey.domain}.
 *
 * @param selector the selector, as given
 * @param domain the domain, as given (without a trailing dot)
 * @param name the queried name, {@code selector._domainkey.domain}
 * @param cnames the CNAME chain from {@code name}, in order (empty when the name is no alias); the
 *     last entry is where the record really lives, as at Microsoft 365's {@code selector1-…}
 *     selectors
 * @param status the verdict
 * @param records the TXT records found at the name, each as its strings joined
 * @param key the key record used (the first that parses), if any
 * @param findings everything worth knowing, errors first
 * @param summary the verdict for people: {@code "valid 2048-bit rsa key"}, {@code "invalid: the
 *     key was revoked (empty p=)"}
 */
public record DkimKeyReport(
    String selector,
    String domain,
    String name,
    List<String> cnames,
    Status status,
    List<String> records,
    Optional<DkimKeyRecord> key,
    List<Finding> findings,
    String summary) {

  /** Checks and copies. */
  public DkimKeyReport {
    Objects.requireNonNull(selector, "selector must not be null");
    Objects.requireNonNull(domain, "domain must not be null");
    Objects.requireNonNull(name, "name must not be null");
    cnames = List.copyOf(cnames);
    Objects.requireNonNull(status, "status must not be null");
    records = List.copyOf(records);
    Objects.requireNonNull(key, "key must not be null");
    findings = List.copyOf(findings);
    Objects.requireNonNull(summary, "summary must not be null");
  }

  /** The key type ({@code rsa}, {@code ed25519}), if a key record was read. */
  public Optional<String> keyType() {
    return key.map(DkimKeyRecord::keyType);
  }

  /** The key size in bits (RSA modulus, 256 for Ed25519), 0 when unknown. */
  public int keyBits() {
    return key.map(DkimKeyRecord::keyBits).orElse(0);
  }

  /**
   * The findings of a kind.
   *
   * @param kind the kind
   * @return those findings, in order
   */
  public List<Finding> findings(Kind kind) {
    Objects.requireNonNull(kind, "kind must not be null");
    return findings.stream().filter(f -> f.kind() == kind).toList();
  }

  /** {@code "invalid (the key was revoked (empty p=))"}. */
  @Override
  public String toString() {
    return status.name().toLowerCase(Locale.ROOT) + " " + name + " (" + summary + ")";
  }

  /** The verdict: a definite answer (three of them), or a temporary error. */
  public enum Status {
    /** A usable key record (it may still have warnings, such as a weak key or testing mode). */
    VALID,
    /** Key records exist but signatures with this selector cannot verify (see the errors). */
    INVALID,
    /** No key record: NXDOMAIN or no TXT record at the name. */
    NOT_FOUND,
    /** The look-up failed (time-out, SERVFAIL, …): nothing is known. */
    TEMPERROR
  }

  /** How much a finding matters. */
  public enum Severity {
    /** Signatures with this selector cannot verify. */
    ERROR,
    /** Verifies, but should be fixed. */
    WARNING,
    /** Good to know. */
    INFO
  }

  /** What a finding is about. */
  public enum Kind {
    /** A syntax fault in a record (with its position). */
    SYNTAX,
    /** More than one TXT record at the name: receivers may pick any of them. */
    SEVERAL_RECORDS,
    /** The key was revoked (empty {@code p=}). */
    REVOKED,
    /** Testing mode ({@code t=y}). */
    TESTING,
    /** Strict identity ({@code t=s}): {@code i=} must not use a subdomain of {@code d=}. */
    STRICT,
    /** The key type: unknown {@code k=}, or Ed25519 (which not every receiver verifies). */
    KEY_TYPE,
    /** An RSA key under 2048 bits. */
    WEAK_KEY,
    /** A key that cannot be used: undecodable, wrong length, or RSA under 1024 bits. */
    INVALID_KEY,
    /** {@code s=} does not allow e-mail. */
    SERVICE,
    /** {@code h=} does not allow sha256. */
    HASH,
    /** {@code v=} is not the first tag, as RFC 6376 §3.6.1 requires. */
    VERSION_NOT_FIRST,
    /** A tag RFC 6376 does not define (ignored by verifiers). */
    UNKNOWN_TAG,
    /** The name is a CNAME. */
    CNAME,
    /** The DNS look-up failed. */
    DNS
  }

  /**
   * One finding.
   *
   * @param severity how much it matters
   * @param kind what it is about
   * @param message what, for people
   * @param position for a syntax fault, the 0-based position in the record text
   */
  public record Finding(Severity severity, Kind kind, String message, OptionalInt position) {
    /** Checks. */
    public Finding {
      Objects.requireNonNull(severity, "severity must not be null");
      Objects.requireNonNull(kind, "kind must not be null");
      Objects.requireNonNull(message, "message must not be null");
      Objects.requireNonNull(position, "position must not be null");
    }

    /** {@code "error: the key was revoked (empty p=)"}. */
    @Override
    public String toString() {
      return severity.name().toLowerCase(Locale.ROOT) + ": " + message;
    }
  }
}
