/**
 * DNS blocklists (RFC 5782): a zone table as data ({@link io.github.bouncekit.dns.dnsbl.DnsblZones},
 * loaded from {@code zones.tsv} and changeable by the user), query-name construction ({@link
 * io.github.bouncekit.dns.dnsbl.DnsblTarget}) and a check of one address or domain against every
 * zone at once ({@link io.github.bouncekit.dns.dnsbl.DnsblCheck}).
 *
 * <p>Every zone's outcome is three-valued ({@link
 * io.github.bouncekit.dns.dnsbl.ZoneResult.Status}): listed, not listed, or an error. An operator's
 * error answer (Spamhaus {@code 127.255.255.x}, URIBL {@code 127.0.0.1}), an answer outside {@code
 * 127.0.0.0/8}, a time-out or a SERVFAIL is an error, never a listing and never "not listed".
 * Everything goes through the {@link io.github.bouncekit.dns.DnsClient} seam; nothing here imports
 * dnsjava.
 */
package io.github.bouncekit.dns.dnsbl;
