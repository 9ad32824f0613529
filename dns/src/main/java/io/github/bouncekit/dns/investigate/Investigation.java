package io.github.bouncekit.dns.investigate;

import io.github.bouncekit.Diagnosis;
import io.github.bouncekit.remedy.Remedy;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of an investigation: the diagnosis, the checks its cause called for, what each
 * found, and the diagnosis's remedies re-ordered by the findings.
 *
 * @param diagnosis the diagnosis investigated
 * @param sender the facts the checks used (with the sending IP taken from the reply when the caller
 *     gave none and the reply named one)
 * @param checks the checks run, in {@link Check} order
 * @param findings what they found, in {@link Check} order
 * @param remedies the diagnosis's remedies: those tied to a check that found a problem first, those
 *     tied only to checks that found none last, the others in between, each group in the
 *     diagnosis's order
 * @param notes what could not be checked and why, and where a fact came from
 */
public record Investigation(
    Diagnosis diagnosis,
    SenderFacts sender,
    List<Check> checks,
    List<Finding> findings,
    List<Remedy> remedies,
    List<String> notes) {
  /** Checks the fields. */
  public Investigation {
    Objects.requireNonNull(diagnosis, "diagnosis must not be null");
    Objects.requireNonNull(sender, "sender must not be null");
    checks = List.copyOf(checks);
    findings = List.copyOf(findings);
    remedies = List.copyOf(remedies);
    notes = List.copyOf(notes);
  }

  /**
   * The findings that found a problem.
   *
   * @return them, in order
   */
  public List<Finding> problems() {
    return findings.stream().filter(f -> f.verdict() == Verdict.PROBLEM).toList();
  }

  /**
   * Whether a check found a problem that explains the diagnosis.
   *
   * @return true when at least one finding is a {@link Verdict#PROBLEM}
   */
  public boolean confirmed() {
    return findings.stream().anyMatch(f -> f.verdict() == Verdict.PROBLEM);
  }
}
