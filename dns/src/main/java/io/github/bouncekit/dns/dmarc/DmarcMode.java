package io.github.bouncekit.dns.dmarc;

/** Which DMARC specification {@link DmarcCheck} and {@link DmarcRecord#parse} follow. */
public enum DmarcMode {
  /**
   * RFC 9989 (DMARC, May 2026; obsoletes RFC 7489 and RFC 9091), the default: policy discovery by
   * the DNS tree walk, the {@code np}, {@code psd} and {@code t} tags, {@code pct}, {@code rf} and
   * {@code ri} removed, {@code p} optional (missing means {@code none}).
   */
  RFC9989,
  /**
   * RFC 7489: the record at the From domain, else at its Organizational Domain taken from the
   * Public Suffix List; {@code p} required right after {@code v}; {@code pct}, {@code rf}, {@code
   * ri} in force; {@code np}, {@code psd}, {@code t} unknown (ignored).
   */
  RFC7489
}
