package io.github.bouncekit.provider;

import io.github.bouncekit.Action;
import io.github.bouncekit.Cause;
import io.github.bouncekit.Permanence;
import io.github.bouncekit.internal.CodeConstraint;
import io.github.bouncekit.internal.MatchExpression;
import io.github.bouncekit.reply.SmtpStage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One row of a rule table (see the rules README shipped next to the tables for the column
 * format). The constructor checks every part and fails with a message that says what is wrong.
 *
 * @param id stable id {@code <table>.<slug>}
 * @param priority 0-100; higher wins among matching rows of the same tier
 * @param scope when the row applies
 * @param basic constraint on the basic reply code, empty for none ({@code 550}, {@code 5xx})
 * @param enhanced constraint on the enhanced code, empty for none ({@code 5.7.606-649})
 * @param match match expression, empty for a code-only row
 * @param cause the cause the row gives
 * @param action an action that overrides the cause's default
 * @param permanence a permanence that overrides the one derived from the code
 * @param remedies remedy ids, in order
 * @param source URL documenting the wording
 * @param example a reply that classifies to this row
 * @param stages the SMTP stages at which the row applies; empty for every stage, including an
 *     unknown one. A row with stages applies only when the stage is known (from the caller's
 *     {@link io.github.bouncekit.Context} or the reply's transcript) and is one of them.
 */
public record ProviderRule(
    String id,
    int priority,
    Scope scope,
    String basic,
    String enhanced,
    String match,
    Cause cause,
    Optional<Action> action,
    Optional<Permanence> permanence,
    List<String> remedies,
    String source,
    String example,
    Set<SmtpStage> stages) {

  /** When a provider table's row applies. */
  public enum Scope {
    /** Only when the table's provider was recognised. */
    DETECTED,
    /** Always; the words identify the provider, so a match also names it. */
    ANY,
    /**
     * Always, without naming the provider: the wording is the product's, but self-run servers
     * use it too (on-premises Exchange).
     */
    SHARED
  }

  /** Checks the parts. */
  public ProviderRule {
    Objects.requireNonNull(id, "id must not be null");
    if (!id.matches("[a-z0-9][a-z0-9.-]*")) {
      throw new IllegalArgumentException(
          "a rule id is lower-case letters, digits, '.' and '-': \"" + id + "\"");
    }
    if (priority < 0 || priority > 100) {
      throw new IllegalArgumentException("priority must be 0-100, was " + priority);
    }
    Objects.requireNonNull(scope, "scope must not be null");
    Objects.requireNonNull(basic, "basic must not be null (use \"\")");
    Objects.requireNonNull(enhanced, "enhanced must not be null (use \"\")");
    Objects.requireNonNull(match, "match must not be null (use \"\")");
    Objects.requireNonNull(cause, "cause must not be null");
    Objects.requireNonNull(action, "action must not be null");
    Objects.requireNonNull(permanence, "permanence must not be null");
    remedies = List.copyOf(remedies);
    Objects.requireNonNull(source, "source must not be null");
    Objects.requireNonNull(example, "example must not be null");
    stages = Set.copyOf(Objects.requireNonNull(stages, "stages must not be null (use Set.of())"));
    if (action.equals(Optional.of(Action.SUPPRESS_RECIPIENT))
        && cause.group() != Cause.Group.RECIPIENT
        && cause != Cause.RECIPIENT_BLOCKED_SENDER) {
      throw new IllegalArgumentException(
          "rule "
              + id
              + ": suppress_recipient is only for recipient causes and recipient_blocked_sender,"
              + " never for "
              + cause.id()
              + ": suppressing a good address over a sender-side problem loses the address");
    }
    CodeConstraint.basic(basic);
    CodeConstraint.enhanced(enhanced);
    if (MatchExpression.parse(match).isEmpty() && basic.isBlank() && enhanced.isBlank()) {
      throw new IllegalArgumentException(
          "rule " + id + " has no match expression and no code constraint: it would match anything");
    }
  }

  /**
   * A row that applies at every SMTP stage.
   *
   * @param id stable id {@code <table>.<slug>}
   * @param priority 0-100
   * @param scope when the row applies
   * @param basic constraint on the basic reply code, empty for none
   * @param enhanced constraint on the enhanced code, empty for none
   * @param match match expression, empty for a code-only row
   * @param cause the cause the row gives
   * @param action an action that overrides the cause's default
   * @param permanence a permanence that overrides the one derived from the code
   * @param remedies remedy ids, in order
   * @param source URL documenting the wording
   * @param example a reply that classifies to this row
   */
  public ProviderRule(
      String id,
      int priority,
      Scope scope,
      String basic,
      String enhanced,
      String match,
      Cause cause,
      Optional<Action> action,
      Optional<Permanence> permanence,
      List<String> remedies,
      String source,
      String example) {
    this(
        id, priority, scope, basic, enhanced, match, cause, action, permanence, remedies, source,
        example, Set.of());
  }

  /**
   * Whether the row applies at a stage.
   *
   * @param stage the stage of the reply, empty when unknown
   * @return true when the row has no stages, or the stage is known and one of them
   */
  public boolean appliesAt(Optional<SmtpStage> stage) {
    return stages.isEmpty() || stage.filter(stages::contains).isPresent();
  }

  /** True when the row has no match expression (it matches on codes only). */
  public boolean isCodeOnly() {
    return match.isBlank();
  }
}
