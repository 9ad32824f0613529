package io.github.bouncekit.dns;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to one DNS look-up, with every outcome as a value: records, the name does not exist
 * (NXDOMAIN), the name exists but has no records of the type (NODATA), or a failure (time-out,
 * SERVFAIL, REFUSED, a network error). A failure is never folded into "no records": callers that
 * need three-valued results (SPF's TEMPERROR, a DNSBL that could not be asked) see it as such.
 *
 * @param <T> the record value type (a TXT string, an address, a host name)
 */
public sealed interface DnsAnswer<T>
    permits DnsAnswer.Records, DnsAnswer.NxDomain, DnsAnswer.NoData, DnsAnswer.Failure {

  /** The queried name, as asked. */
  String name();

  /** The records, empty for every outcome but {@link Records}. */
  default List<T> values() {
    return List.of();
  }

  /** True when the look-up succeeded: records, NXDOMAIN or NODATA. */
  default boolean isDefinite() {
    return !(this instanceof Failure);
  }

  /** The failure, when the look-up failed. */
  default Optional<Failure<T>> failure() {
    return Optional.empty();
  }

  /**
   * Records of the queried type.
   *
   * @param name the queried name
   * @param values the records' values, in answer order, not empty
   * @param ttl the smallest time-to-live of the records
   * @param <T> the value type
   */
  record Records<T>(String name, List<T> values, Duration ttl) implements DnsAnswer<T> {
    /** Checks and copies. */
    public Records {
      Objects.requireNonNull(name, "name must not be null");
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("an answer with records needs at least one; use NoData");
      }
      Objects.requireNonNull(ttl, "ttl must not be null");
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("ttl must not be negative, was " + ttl);
      }
    }
  }

  /**
   * The name does not exist (RCODE 3, NXDOMAIN).
   *
   * @param name the queried name
   * @param <T> the value type
   */
  record NxDomain<T>(String name) implements DnsAnswer<T> {
    /** Checks. */
    public NxDomain {
      Objects.requireNonNull(name, "name must not be null");
    }
  }

  /**
   * The name exists but has no records of the queried type (NOERROR with an empty answer).
   *
   * @param name the queried name
   * @param <T> the value type
   */
  record NoData<T>(String name) implements DnsAnswer<T> {
    /** Checks. */
    public NoData {
      Objects.requireNonNull(name, "name must not be null");
    }
  }

  /**
   * The look-up did not give a definite answer.
   *
   * @param name the queried name
   * @param kind what went wrong
   * @param detail a human-readable detail (server, elapsed time, exception message)
   * @param <T> the value type
   */
  record Failure<T>(String name, Kind kind, String detail) implements DnsAnswer<T> {
    /** Checks. */
    public Failure {
      Objects.requireNonNull(name, "name must not be null");
      Objects.requireNonNull(kind, "kind must not be null");
      Objects.requireNonNull(detail, "detail must not be null");
    }

    @Override
    public Optional<Failure<T>> failure() {
      return Optional.of(this);
    }

    /** What went wrong. */
    public enum Kind {
      /** No answer within the deadline. */
      TIMEOUT,
      /** The server answered SERVFAIL (RCODE 2). */
      SERVFAIL,
      /** The server refused the query (RCODE 5). */
      REFUSED,
      /** Any other RCODE, a malformed answer, or a network error. */
      OTHER
    }
  }
}
