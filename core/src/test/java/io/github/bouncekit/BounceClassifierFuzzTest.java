package io.github.bouncekit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test of {@link BounceClassifier#diagnose(String, Context)}: runs over the seeds in
 * {@code BounceClassifierFuzzTestInputs/diagnose/} during {@code mvn verify}; {@code JAZZER_FUZZ=1}
 * fuzzes for real.
 */
class BounceClassifierFuzzTest {
  private static final BounceClassifier CLASSIFIER = BounceClassifier.defaults();

  @FuzzTest(maxDuration = "60s")
  void diagnose(FuzzedDataProvider data) {
    String recipient = data.consumeString(40);
    String host = data.consumeString(40);
    String reply = data.consumeRemainingAsString();
    Diagnosis d = CLASSIFIER.diagnose(reply, Context.none().withRecipient(recipient).withRemoteMta(host));
    assertThat(d.cause()).isNotNull();
    if (d.cause() == Cause.UNKNOWN) {
      assertThat(d.evidence()).isEmpty();
    } else {
      assertThat(d.evidence()).isPresent();
    }
    d.evidence()
        .ifPresent(
            e -> e.matches().forEach(m -> assertThat(m.end()).isLessThanOrEqualTo(e.text().length())));
    if (d.action() == Action.SUPPRESS_RECIPIENT) {
      assertThat(d.cause().group() == Cause.Group.RECIPIENT || d.cause() == Cause.RECIPIENT_BLOCKED_SENDER)
          .isTrue();
    }
  }
}
