package io.github.bouncekit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.internal.Tsv;
import io.github.bouncekit.provider.Provider;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Replies written for the project, outside the development set: what they must mean. */
class ClassifierCasesTest {
  private static final BounceClassifier CLASSIFIER = BounceClassifier.defaults();

  static Stream<Arguments> cases() {
    return Tsv.resource(ClassifierCasesTest.class, "classifier-cases.tsv", "reply", "cause", "provider")
        .rows()
        .stream()
        .map(r -> Arguments.of(Tsv.unescape(r.required("reply")), r.required("cause"), r.get("provider")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void meansWhatItSays(String reply, String cause, String provider) {
    Diagnosis d = CLASSIFIER.diagnose(reply);
    if (!cause.equals("-")) {
      assertThat(d.cause().id()).as("cause, rule %s", d.ruleId()).isEqualTo(cause);
    }
    if (!provider.equals("-")) {
      assertThat(d.provider().map(Provider::id).orElse("")).as("provider").isEqualTo(provider);
    }
    if (d.action() == Action.SUPPRESS_RECIPIENT) {
      // Only a recipient cause, or a recipient who blocked the sender (rules README), suppresses.
      assertThat(d.cause().group() == Cause.Group.RECIPIENT
              || d.cause() == Cause.RECIPIENT_BLOCKED_SENDER)
          .as("suppress_recipient for %s", d.cause())
          .isTrue();
    }
  }
}
