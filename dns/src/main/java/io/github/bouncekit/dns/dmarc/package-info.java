/**
 * DMARC (RFC 9989 by default, RFC 7489 on request): the record parser ({@link
 * io.github.bouncekit.dns.dmarc.DmarcRecord}), policy discovery, Organizational Domains, identifier
 * alignment and report-destination authorisation ({@link io.github.bouncekit.dns.dmarc.DmarcCheck}),
 * and the Public Suffix List algorithm for RFC 7489 mode ({@link
 * io.github.bouncekit.dns.dmarc.PublicSuffixList}).
 *
 * <p>Everything here goes through the {@link io.github.bouncekit.dns.DnsClient} seam and never
 * imports dnsjava. The parser is a hand-written scanner, linear in its bounded input; bad records
 * are values ({@link io.github.bouncekit.dns.dmarc.DmarcParseResult}), never exceptions. Results
 * are three-valued: a DNS failure is a temporary error, never "no record".
 */
package io.github.bouncekit.dns.dmarc;
