package io.github.bouncekit.dns.dmarc;

import java.util.Locale;
import java.util.Optional;

/** A requested message handling: the values of the {@code p}, {@code sp} and {@code np} tags. */
public enum DmarcPolicy {
  /** No action: deliver, report only. */
  NONE,
  /** Treat as suspicious (for example, the spam folder). */
  QUARANTINE,
  /** Reject, during the SMTP transaction if possible. */
  REJECT;

  /** The value as written in records: {@code none}, {@code quarantine}, {@code reject}. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * One level weaker, as RFC 9989 asks for records in test mode ({@code t=y}): reject becomes
   * quarantine, quarantine becomes none, none stays none.
   *
   * @return the weaker policy
   */
  public DmarcPolicy weaker() {
    return this == REJECT ? QUARANTINE : NONE;
  }

  /**
   * The policy a tag value names, compared without regard to case.
   *
   * @param value a tag value such as {@code "reject"}
   * @return the policy; empty for anything else (abbreviations such as {@code n} included)
   */
  public static Optional<DmarcPolicy> of(String value) {
    for (DmarcPolicy p : values()) {
      if (p.token().equalsIgnoreCase(value)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
