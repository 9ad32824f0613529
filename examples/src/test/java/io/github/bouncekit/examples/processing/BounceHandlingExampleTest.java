package io.github.bouncekit.examples.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.BounceClassifier;
import org.junit.jupiter.api.Test;

class BounceHandlingExampleTest {
  private final BounceClassifier classifier = BounceClassifier.defaults();

  @Test
  void decidesAsAMailerShould() {
    assertThat(BounceHandlingExample.handle(classifier, "gone@gmail.com",
            "550-5.1.1 The email account that you tried to reach does not exist. - gsmtp"))
        .startsWith("suppress gone@gmail.com (user_unknown)");
    assertThat(BounceHandlingExample.handle(classifier, "full@example.org", "552 5.2.2 Mailbox full"))
        .startsWith("retry full@example.org later (mailbox_full, transient)");
    assertThat(BounceHandlingExample.handle(classifier, "someone@outlook.com",
            "550 5.7.606 Access denied, banned sending IP [192.0.2.1]."))
        .startsWith("alert operators: blocklisted at microsoft")
        .endsWith("keep someone@outlook.com");
  }
}
