package io.github.bouncekit.examples.processing;

import io.github.bouncekit.BounceClassifier;
import io.github.bouncekit.Context;
import io.github.bouncekit.Diagnosis;
import io.github.bouncekit.remedy.Remedy;
import java.util.List;

/**
 * How bounce-processing code acts on a diagnosis: suppress dead addresses, schedule retries,
 * and raise sender-side problems to the operators once, not per recipient.
 *
 * <pre>
 * java -cp examples/target/bouncekit.jar io.github.bouncekit.examples.processing.BounceHandlingExample
 * </pre>
 */
public final class BounceHandlingExample {
  private BounceHandlingExample() {}

  /** What a mailer would do with one failed delivery. */
  static String handle(BounceClassifier classifier, String recipient, String reply) {
    Diagnosis d = classifier.diagnose(reply, Context.none().withRecipient(recipient));
    switch (d.action()) {
      case SUPPRESS_RECIPIENT:
        return "suppress " + recipient + " (" + d.cause().id() + ")";
      case RETRY:
        return "retry " + recipient + " later (" + d.cause().id() + ", " + d.permanence().id() + ")";
      case FIX_SENDER:
      case CONTACT_POSTMASTER:
        List<Remedy> steps = d.remedies();
        return "alert operators: "
            + d.cause().id()
            + d.provider().map(p -> " at " + p.id()).orElse("")
            + (steps.isEmpty() ? "" : "; first step: " + steps.get(0).title())
            + "; keep " + recipient;
      default:
        return "log for review: " + d.notes();
    }
  }

  /** Runs a few typical failures through the classifier and prints the decisions. */
  public static void main(String[] args) {
    BounceClassifier classifier = BounceClassifier.defaults();
    String[][] failures = {
      {"gone@gmail.com", "550-5.1.1 The email account that you tried to reach does not exist. - gsmtp"},
      {"busy@yahoo.com", "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to user complaints"},
      {"someone@outlook.com", "550 5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal from this list please visit https://sender.office.com/"},
      {"full@example.org", "host mx.example.org[198.51.100.2] said: 552 5.2.2 Mailbox full (in reply to RCPT TO command)"},
    };
    for (String[] f : failures) {
      System.out.println(handle(classifier, f[0], f[1]));
    }
  }
}
