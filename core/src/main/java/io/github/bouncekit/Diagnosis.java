package io.github.bouncekit;

import io.github.bouncekit.provider.Provider;
import io.github.bouncekit.remedy.Remedy;
import io.github.bouncekit.reply.SmtpReply;
import io.github.bouncekit.status.EnhancedStatusCode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a reply means and what to do about it: one immutable value per {@link
 * BounceClassifier#diagnose(String)} call.
 *
 * @param reply the parsed reply
 * @param provider the provider whose server produced the reply, when recognised
 * @param cause why the message was refused
 * @param action what the sender should do first
 * @param permanence whether retrying unchanged can succeed
 * @param remedies ordered steps to fix the problem (most useful first)
 * @param evidence the rule that decided and what it matched; empty when the cause is unknown
 * @param facts addresses, host names, blocklists, provider codes and URLs found in the reply
 * @param confidence how sure the diagnosis is
 * @param notes plain-language notes: input truncated, codes that disagree, why nothing matched
 */
public record Diagnosis(
    SmtpReply reply,
    Optional<Provider> provider,
    Cause cause,
    Action action,
    Permanence permanence,
    List<Remedy> remedies,
    Optional<Evidence> evidence,
    Facts facts,
    Confidence confidence,
    List<String> notes) {

  /** Checks and copies the parts. */
  public Diagnosis {
    Objects.requireNonNull(reply, "reply must not be null");
    Objects.requireNonNull(provider, "provider must not be null (use Optional.empty())");
    Objects.requireNonNull(cause, "cause must not be null");
    Objects.requireNonNull(action, "action must not be null");
    Objects.requireNonNull(permanence, "permanence must not be null");
    remedies = List.copyOf(remedies);
    Objects.requireNonNull(evidence, "evidence must not be null (use Optional.empty())");
    Objects.requireNonNull(facts, "facts must not be null");
    Objects.requireNonNull(confidence, "confidence must not be null");
    notes = List.copyOf(notes);
  }

  /** The basic reply code, such as 550. */
  public OptionalInt replyCode() {
    return reply.code();
  }

  /** The enhanced status code, such as 5.7.26. */
  public Optional<EnhancedStatusCode> status() {
    return reply.enhancedCode();
  }

  /** The id of the rule that decided, such as {@code gmail.dmarc-policy}. */
  public Optional<String> ruleId() {
    return evidence.map(Evidence::ruleId);
  }

  /** True for a hard bounce. */
  public boolean isPermanent() {
    return permanence == Permanence.PERMANENT;
  }
}
