package io.github.bouncekit.dns.spf;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of an SPF check (RFC 7208 §2.6): the result code and what led to it.
 *
 * @param code the result
 * @param domain the domain that was checked (as given, without a trailing dot)
 * @param explanation for {@link Code#FAIL}: the text of the {@code exp=} modifier of the deciding
 *     record (RFC 7208 §6.2), or the evaluator's default explanation; empty otherwise
 * @param mechanism the term that decided, as written in the deciding record ({@code -all}, {@code
 *     include:_spf.example.com}, {@code redirect=...} when the error was there); empty when no term
 *     decided (no record, the default neutral result, a record-level error)
 * @param dnsLookups how many DNS-querying terms ({@code include a mx ptr exists redirect}, and
 *     {@code %{p}} macros) were evaluated, against the limit of 10
 * @param voidLookups how many of their look-ups answered NXDOMAIN or no records, against the limit
 *     of 2
 * @param reason why, for people: {@code "matched -all in example.com"}, {@code "no SPF record at
 *     example.com"}, {@code "too many DNS lookups (11 > 10)"}, {@code "DNS timeout for
 *     _spf.example.com TXT"}
 */
public record SpfResult(
    Code code,
    String domain,
    Optional<String> explanation,
    Optional<String> mechanism,
    int dnsLookups,
    int voidLookups,
    String reason) {

  /** Checks. */
  public SpfResult {
    Objects.requireNonNull(code, "code must not be null");
    Objects.requireNonNull(domain, "domain must not be null");
    Objects.requireNonNull(explanation, "explanation must not be null");
    Objects.requireNonNull(mechanism, "mechanism must not be null");
    Objects.requireNonNull(reason, "reason must not be null");
    if (dnsLookups < 0 || voidLookups < 0) {
      throw new IllegalArgumentException("look-up counts must not be negative");
    }
  }

  /** The result codes of RFC 7208 §2.6. */
  public enum Code {
    /** No SPF record, or no checkable domain. */
    NONE,
    /** The domain makes no assertion ({@code ?}, or no mechanism matched). */
    NEUTRAL,
    /** The client is authorized. */
    PASS,
    /** The client is not authorized. */
    FAIL,
    /** The client is probably not authorized ({@code ~}). */
    SOFTFAIL,
    /** A transient error, mostly DNS: try again later. */
    TEMPERROR,
    /** The published records are wrong: a syntax error or a processing limit. */
    PERMERROR;

    /** The lower-case name used in headers: {@code pass}, {@code permerror}. */
    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** True for {@link #TEMPERROR} and {@link #PERMERROR}. */
    public boolean isError() {
      return this == TEMPERROR || this == PERMERROR;
    }
  }

  @Override
  public String toString() {
    return code.token() + " (" + reason + ")";
  }
}
