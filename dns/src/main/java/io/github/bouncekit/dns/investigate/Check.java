package io.github.bouncekit.dns.investigate;

/** A DNS check an investigation can run. */
public enum Check {
  /** The sending IP (and the sender's domain) in the DNS blocklists. */
  DNSBL,
  /** SPF evaluation (RFC 7208) of the sending IP for the MAIL FROM (or HELO) domain. */
  SPF,
  /** The DKIM keys of the given selectors: published, usable, not revoked. */
  DKIM_KEY,
  /** The From domain's DMARC policy and whether SPF or DKIM give it an aligned pass. */
  DMARC,
  /** Reverse DNS of the sending IP: a PTR name that resolves back to the IP. */
  PTR
}
