/**
 * Helpers shared by the SPF, DKIM, DMARC and DNSBL packages: defensive DNS calls, IP address
 * parsing and formatting, quoted text in error messages. Not part of the API: the module does not
 * export this package, and its types may change in any release.
 */
package io.github.bouncekit.dns.internal;
