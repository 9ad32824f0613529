package io.github.bouncekit.dns.investigate;

import java.util.Objects;
import java.util.Optional;

/**
 * What one check found.
 *
 * @param check the check
 * @param verdict what it says about the hypothesis
 * @param subject what was looked at: an IP address, a domain, {@code selector._domainkey.domain}
 * @param summary one sentence for a person: what was found and, for a problem, what it means
 * @param link where to act, when the check knows (a blocklist's removal page)
 */
public record Finding(
    Check check, Verdict verdict, String subject, String summary, Optional<String> link) {
  /** Checks the fields. */
  public Finding {
    Objects.requireNonNull(check, "check must not be null");
    Objects.requireNonNull(verdict, "verdict must not be null");
    Objects.requireNonNull(subject, "subject must not be null");
    Objects.requireNonNull(summary, "summary must not be null");
    Objects.requireNonNull(link, "link must not be null (use Optional.empty())");
  }

  static Finding of(Check check, Verdict verdict, String subject, String summary) {
    return new Finding(check, verdict, subject, summary, Optional.empty());
  }

  @Override
  public String toString() {
    return check + " " + verdict + " " + subject + ": " + summary;
  }
}
