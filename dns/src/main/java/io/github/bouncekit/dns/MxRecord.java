package io.github.bouncekit.dns;

import java.util.Objects;

/**
 * One MX record.
 *
 * @param preference lower is preferred (0-65535)
 * @param exchange the mail exchanger's host name, without the trailing dot ({@code ""} for the
 *     null MX of RFC 7505, whose exchange is the root)
 */
public record MxRecord(int preference, String exchange) {
  /** Checks the parts. */
  public MxRecord {
    if (preference < 0 || preference > 0xFFFF) {
      throw new IllegalArgumentException("MX preference must be 0-65535, was " + preference);
    }
    Objects.requireNonNull(exchange, "exchange must not be null");
  }

  /** True for a null MX ({@code 0 .}): the domain accepts no mail (RFC 7505). */
  public boolean isNullMx() {
    return exchange.isEmpty();
  }
}
