/**
 * Sender Policy Framework (RFC 7208): the record parser ({@link
 * io.github.bouncekit.dns.spf.SpfRecord}), macro expansion ({@link
 * io.github.bouncekit.dns.spf.MacroExpander}), {@code check_host()} ({@link
 * io.github.bouncekit.dns.spf.SpfEvaluator}) and a linter for published records ({@link
 * io.github.bouncekit.dns.spf.SpfLinter}).
 *
 * <p>Everything here goes through the {@link io.github.bouncekit.dns.DnsClient} seam and never
 * imports dnsjava. Parsers are hand-written scanners, linear in their (bounded) input; bad input is
 * a value ({@link io.github.bouncekit.dns.SyntaxError}), never an exception. Only {@code
 * null} arguments throw ({@link NullPointerException}).
 */
package io.github.bouncekit.dns.spf;
