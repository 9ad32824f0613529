/**
 * A DNS server for tests that runs inside the test JVM on 127.0.0.1 (UDP and TCP on one ephemeral
 * port): {@link io.github.bouncekit.dns.testserver.LoopbackDnsServer} serves a {@link
 * io.github.bouncekit.dns.testserver.Zone} that a test fills in with records and faults (timeout,
 * SERVFAIL, REFUSED, truncation, delay), or loads from a scenario of the openspf / pyspf SPF test
 * suites; {@link io.github.bouncekit.dns.testserver.InMemoryDnsClient} answers from memory without
 * a socket. Test code only; it ships in the dns module's test-jar for other modules' tests.
 */
package io.github.bouncekit.dns.testserver;
