package io.github.bouncekit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextNormalizerTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        // white space, case and quotes
        "`  550\t5.1.1\r\n  User   Unknown `| 550 5.1.1 user unknown",
        "Recipient’s “mailbox”| recipient's \"mailbox\"",
        // contractions written out
        "The recipient doesn't exist| the recipient does not exist",
        "Recipient doesn’t exist| recipient does not exist",
        "We can't accept it| we can not accept it",
        "It won't be delivered| it will not be delivered",
        "Address isn't valid; mail wasn't sent| address is not valid; mail was not sent",
        "You're not allowed, we've blocked you, I'm sorry, they'll retry|"
            + " you are not allowed, we have blocked you, i am sorry, they will retry",
        "It's blocked and that's final| it is blocked and that is final",
        "You're're| you are are",
        // a possessive stays; apostrophes that are no contraction stay
        "The recipient's mailbox| the recipient's mailbox",
        "'quoted' o'clock n't x'| 'quoted' o'clock n't x'",
        // Latin letters without their diacritics
        "Usuário Inválido; Empfänger; réservée; Łódź; ß Æ|"
            + " usuario invalido; empfanger; reservee; lodz; ß æ",
        "Привет 你好| привет 你好",
        // other spellings stay in the text: phrases are matched in each spelling instead
        "E-mail, mail box, cannot, recognised| e-mail, mail box, cannot, recognised",
      })
  void normalForm(String text, String normal) {
    assertThat(TextNormalizer.normalize(text)).isEqualTo(normal.strip());
  }

  @Test
  void aPhraseIsMatchedInEachSpellingOfItsWords() {
    assertThat(TextNormalizer.spellings("email address")).containsExactly(
        "email address", "e-mail address");
    assertThat(TextNormalizer.spellings("mailbox unavailable")).containsExactlyInAnyOrder(
        "mailbox unavailable", "mail box unavailable", "mail-box unavailable", "inbox unavailable",
        "mailbox is unavailable", "mail box is unavailable", "mail-box is unavailable",
        "inbox is unavailable", "mailbox was unavailable", "mail box was unavailable",
        "mail-box was unavailable", "inbox was unavailable");
    assertThat(TextNormalizer.spellings("inbox is full")).contains(
        "inbox is full", "mailbox is full", "mail box is full", "mail-box is full", "inbox full",
        "mailbox full", "mailbox was full");
    assertThat(TextNormalizer.spellings("temporarily unavailable")).containsExactly(
        "temporarily unavailable", "temporary unavailable");
    assertThat(TextNormalizer.spellings("account deactivated")).containsExactlyInAnyOrder(
        "account deactivated", "account disabled", "account is deactivated",
        "account was deactivated", "account has been deactivated", "account is disabled",
        "account was disabled", "account has been disabled");
    // a state with or without its verb; "has been" only before a participle
    assertThat(TextNormalizer.spellings("host is unknown")).containsExactlyInAnyOrder(
        "host is unknown", "host unknown", "host was unknown");
    assertThat(TextNormalizer.spellings("domain has been blocked")).containsExactlyInAnyOrder(
        "domain has been blocked", "domain blocked", "domain is blocked", "domain was blocked");
    // the sender's states keep their verb: "sender was rejected" is not "Sender rejected"
    assertThat(TextNormalizer.spellings("sender was rejected")).containsExactly(
        "sender was rejected");
    assertThat(TextNormalizer.spellings("ip is rejected")).containsExactly("ip is rejected");
    // a contraction typed without its apostrophe
    assertThat(TextNormalizer.spellings("user does not have")).containsExactly(
        "user does not have", "user doesnt have");
    assertThat(TextNormalizer.spellings("invalid recipient")).contains(
        "invalid recipient", "not valid recipient");
    assertThat(TextNormalizer.spellings("mailboxes full")).contains("mail boxes full");
    assertThat(TextNormalizer.spellings("blocklisted")).containsExactly(
        "blocklisted", "block listed", "block-listed");
    assertThat(TextNormalizer.spellings("unauthorized sender")).containsExactly(
        "unauthorized sender", "unauthorised sender");
    assertThat(TextNormalizer.spellings("organisation")).containsExactly(
        "organisation", "organization");
    assertThat(TextNormalizer.spellings("unusual behaviour")).containsExactly(
        "unusual behaviour", "unusual behavior");
    assertThat(TextNormalizer.spellings("not accepted")).containsExactly(
        "not accepted", "cannot accepted");
    assertThat(TextNormalizer.spellings("can not be delivered")).containsExactly(
        "can not be delivered", "cannot be delivered");
    // combinations
    assertThat(TextNormalizer.spellings("e-mail not recognised"))
        .contains("email not recognized", "e-mail not recognized", "email not recognised");
    // words that only look alike keep their one spelling
    assertThat(TextNormalizer.spellings("visit our site")).containsExactly("visit our site");
    assertThat(TextNormalizer.spellings("realistic organism")).containsExactly(
        "realistic organism");
    assertThat(TextNormalizer.spellings("voicemail box")).containsExactly("voicemail box");
  }

  @Test
  void theNormalFormIsStable() {
    // Normalising the normal form changes nothing, for any mix of the characters the rules
    // look at: a phrase normalised once matches the text normalised once.
    String alphabet = "abcdeilmnorstxz '-.;'\u2019";
    SplittableRandom random = new SplittableRandom(7);
    String[] words = {
      "doesn't", "can't", "cannot", "can", "not", "e-mail", "mail", "box", "it's", "won't",
      "you're", "'s", "'re", "n't", "i'm", "'t"
    };
    for (int round = 0; round < 20_000; round++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(12);
      for (int k = 0; k < n; k++) {
        if (random.nextBoolean()) {
          b.append(words[random.nextInt(words.length)]);
        } else {
          b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        if (random.nextInt(3) == 0) {
          b.append(' ');
        }
      }
      String once = TextNormalizer.normalize(b);
      assertThat(TextNormalizer.normalize(once)).as("input: %s", b).isEqualTo(once);
    }
  }

  @Test
  void piecesAppendedInTurnGiveTheNormalFormOfTheirConcatenation() {
    // Pieces of every length around the builder's buffer sizes, the first ending in white space
    // (a space left pending for the next piece), in a new builder and in one reused as a thread
    // reuses it.
    TextNormalizer.Builder reused = new TextNormalizer.Builder();
    String[] tails = {" ", "\t\n", " x ", "'s ", "\u00a0"};
    for (int first = 0; first < 300; first += 7) {
      for (String tail : tails) {
        for (int second = 0; second < 560; second++) {
          String a = "Ab".repeat(first / 2) + tail;
          String b = "Cd'E".repeat(second / 4) + "x".repeat(second % 4);
          String expected = TextNormalizer.normalize(a + b);
          assertThat(new TextNormalizer.Builder().append(a).append(b).build()).isEqualTo(expected);
          assertThat(reused.reset().append(a).append(b).build()).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void numbersAppendedGiveTheNormalFormOfTheirDigits() {
    // After text of every length around the builder's buffer sizes, with and without a space left
    // pending, in a new builder and in a reused one; the digits are written without the
    // per-character step, so each must still come out as the text's own digits would.
    TextNormalizer.Builder reused = new TextNormalizer.Builder();
    int[] numbers = {0, 7, 10, 99, 550, 5_000_000, Integer.MAX_VALUE, -42};
    String[] tails = {"", " ", "\t\n", "x'", "\u00a0"};
    for (int first = 0; first < 600; first++) {
      for (String tail : tails) {
        for (int number : numbers) {
          String a = "Ab".repeat(first / 2) + (first % 2 == 1 ? "C" : "") + tail;
          String expected = TextNormalizer.normalize(a + number + " z");
          assertThat(new TextNormalizer.Builder().append(a).append(number).append(" z").build())
              .isEqualTo(expected);
          assertThat(reused.reset().append(a).append(number).append(" z").build())
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void aStringIsNormalisedAsItsCharactersOneByOneAre() {
    // A String is read with a fast path (printable ASCII at once, runs of white space in one go);
    // the same text as another CharSequence goes character by character. Both must give the same
    // form, after a space left pending and when cut into two appends anywhere.
    String alphabet = "aZ0.'\"-  \t\n\r\u0000\u007f\u00a0\u2028\u3000\u2019\u201c\u00c9\u00df";
    String[] words = {"Doesn't", "CAN'T", "it\u2019s", "you're ", " we've", "O'Brien"};
    SplittableRandom random = new SplittableRandom(11);
    TextNormalizer.Builder fast = new TextNormalizer.Builder();
    TextNormalizer.Builder slow = new TextNormalizer.Builder();
    for (int round = 0; round < 30_000; round++) {
      StringBuilder b = new StringBuilder();
      for (int k = random.nextInt(40); k > 0; k--) {
        if (random.nextInt(4) == 0) {
          b.append(words[random.nextInt(words.length)]);
        } else {
          b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      String text = b.toString();
      String lead = random.nextBoolean() ? "" : random.nextBoolean() ? "x " : " ";
      int cut = random.nextInt(text.length() + 1);
      String expected = slow.reset().append(lead).append(new StringBuilder(text.substring(0, cut)))
          .append(new StringBuilder(text.substring(cut))).build();
      String got = fast.reset().append(lead).append(text.substring(0, cut))
          .append(text.substring(cut)).build();
      assertThat(got).as("%s|%s", lead, text).isEqualTo(expected);
    }
  }
}
