/**
 * DomainKeys Identified Mail (RFC 6376, RFC 8463 Ed25519, RFC 8301): the tag-list parser ({@link
 * io.github.bouncekit.dns.dkim.TagList}), key records ({@link
 * io.github.bouncekit.dns.dkim.DkimKeyRecord}) and their check ({@link
 * io.github.bouncekit.dns.dkim.DkimKeyCheck}), DKIM-Signature fields ({@link
 * io.github.bouncekit.dns.dkim.DkimSignature}) and their verification ({@link
 * io.github.bouncekit.dns.dkim.DkimVerifier}).
 *
 * <p>Everything here goes through the {@link io.github.bouncekit.dns.DnsClient} seam and never
 * imports dnsjava; the crypto is the JDK's own (Ed25519 since Java 15). Parsers are hand-written
 * scanners, linear in their (bounded) input; bad input is a value ({@link
 * io.github.bouncekit.dns.SyntaxError}, a permerror result), never an exception. Only
 * {@code null} and out-of-range arguments throw.
 */
package io.github.bouncekit.dns.dkim;
