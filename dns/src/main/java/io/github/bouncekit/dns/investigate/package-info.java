/**
 * The investigation that turns a diagnosis into DNS checks: {@link
 * io.github.bouncekit.dns.investigate.Investigator} runs the checks a diagnosed cause calls for (a
 * blocklisting: DNS blocklists; an SPF, DKIM or DMARC failure: SPF evaluation, DKIM keys and the
 * DMARC policy; a missing PTR: reverse DNS) with what the sender knows, and returns what each check
 * found, with the diagnosis's remedies re-ordered by it.
 */
package io.github.bouncekit.dns.investigate;
