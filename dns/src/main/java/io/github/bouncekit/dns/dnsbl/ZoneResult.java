package io.github.bouncekit.dns.dnsbl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one zone said about the target.
 *
 * @param zone the zone asked
 * @param queryName the name queried (may hold a DQS key: show {@link DnsblZone#id()} to people)
 * @param status listed, not listed, or an error
 * @param answers the A records of the answer ({@code 127.0.0.2}), in answer order; empty when there
 *     were none
 * @param meanings for {@link Status#LISTED}: the meaning of each return code (each bit of a
 *     bitmask); empty otherwise
 * @param txt for {@link Status#LISTED}: the zone's TXT record for the name (the reason, for
 *     people), when it answered one in time
 * @param error for {@link Status#ERROR}: what went wrong
 * @param health the RFC 5782 test-point probe's verdict on the zone
 * @param detail why, for people: {@code "NXDOMAIN"}, {@code "127.255.255.254: error: query through
 *     a public or open resolver ..."}, {@code "no answer within 2000 ms"}
 */
public record ZoneResult(
    DnsblZone zone,
    String queryName,
    Status status,
    List<String> answers,
    List<String> meanings,
    Optional<String> txt,
    Optional<ErrorKind> error,
    Health health,
    String detail) {

  /** Checks that the parts agree with the status. */
  public ZoneResult {
    Objects.requireNonNull(zone, "zone must not be null");
    Objects.requireNonNull(queryName, "queryName must not be null");
    Objects.requireNonNull(status, "status must not be null");
    answers = List.copyOf(answers);
    meanings = List.copyOf(meanings);
    Objects.requireNonNull(txt, "txt must not be null");
    Objects.requireNonNull(error, "error must not be null");
    Objects.requireNonNull(health, "health must not be null");
    Objects.requireNonNull(detail, "detail must not be null");
    if ((status == Status.ERROR) != error.isPresent()) {
      throw new IllegalArgumentException("an error kind goes with status ERROR and only with it");
    }
    if (status != Status.LISTED && (!meanings.isEmpty() || txt.isPresent())) {
      throw new IllegalArgumentException("meanings and TXT reasons belong to listings only");
    }
  }

  /** The three outcomes: a definite answer either way, or none. */
  public enum Status {
    /** The zone lists the target: an A record in 127.0.0.0/8 that is not an error code. */
    LISTED,
    /** The zone answered NXDOMAIN (or a name without A records): the target is not listed. */
    NOT_LISTED,
    /** No usable answer: never read this as listed or as not listed. */
    ERROR
  }

  /** Why a zone gave no usable answer. */
  public enum ErrorKind {
    /** The operator's error answer (Spamhaus {@code 127.255.255.254}, URIBL {@code 127.0.0.1}). */
    ERROR_ANSWER,
    /** An answer outside 127.0.0.0/8: a resolver rewrote NXDOMAIN (ad redirect, captive portal). */
    OUTSIDE_LOOPBACK,
    /** No answer before the check's deadline or the client's time-out. */
    TIMEOUT,
    /** The server answered SERVFAIL. */
    SERVFAIL,
    /** The server refused the query. */
    REFUSED,
    /** Another DNS failure (network error, malformed answer, a client that threw). */
    DNS_ERROR,
    /** The RFC 5782 test points show the list dead, or the resolver blocked. */
    LIST_UNUSABLE,
    /** The query name would be longer than DNS allows (253 characters). */
    NAME_TOO_LONG
  }

  /** The verdict of the RFC 5782 §5 test-point probe. */
  public enum Health {
    /** No probe was asked for. */
    NOT_PROBED,
    /** The listed test point is listed and the unlisted one is not. */
    PASSED,
    /** A test point answered wrongly: the list is dead, lists everything, or blocks the resolver. */
    FAILED,
    /** A test point gave no definite answer in time; the zone's own answer stands. */
    INCONCLUSIVE
  }

  /** True when the zone lists the target. */
  public boolean isListed() {
    return status == Status.LISTED;
  }

  /** True for an error. */
  public boolean isError() {
    return status == Status.ERROR;
  }

  @Override
  public String toString() {
    return zone.id() + ": " + status + " (" + detail + ")";
  }
}
