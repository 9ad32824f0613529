/**
 * Verifies a diagnosis with live DNS: DNSBL listings, SPF, DKIM keys and DMARC policy. Check
 * interfaces and result types live here; {@code io.github.bouncekit.dns.dnsjava} is the only
 * package that uses dnsjava.
 */
package io.github.bouncekit.dns;
