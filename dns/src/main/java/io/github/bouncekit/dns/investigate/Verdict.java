package io.github.bouncekit.dns.investigate;

/** What a check says about the diagnosis's hypothesis. */
public enum Verdict {
  /** The check found the problem: a listing, an SPF failure, a missing key or PTR record ... */
  PROBLEM,
  /** The check found nothing wrong with what it looked at. */
  NO_PROBLEM,
  /**
   * Nothing is known: a DNS look-up failed or timed out, or the sender did not give what the check
   * needs (a sending IP, a DKIM selector ...). Never read as either of the others.
   */
  UNKNOWN
}
