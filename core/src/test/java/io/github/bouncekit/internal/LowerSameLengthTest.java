package io.github.bouncekit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** ReplyParser.lowerSameLength: lower case character by character, keeping every index. */
class LowerSameLengthTest {

  @Test
  void everyCharacterIsLowerCasedOnItsOwn() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      if (!Character.isSurrogate(c)) {
        all.append(c);
      }
    }
    String s = all.toString();
    String low = ReplyParser.lowerSameLength(s);
    assertThat(low).hasSameSizeAs(s);
    for (int i = 0; i < s.length(); i++) {
      if (low.charAt(i) != Character.toLowerCase(s.charAt(i))) {
        throw new AssertionError("U+" + Integer.toHexString(s.charAt(i)) + " lowered to U+"
            + Integer.toHexString(low.charAt(i)));
      }
    }
  }

  @Test
  void aLatin1TextIsLoweredAsStringDoesIt() {
    StringBuilder latin1 = new StringBuilder("550 5.1.1 <Kijitora@Example.JP>: User Unknown ");
    for (char c = 0; c <= 0xff; c++) {
      latin1.append(c);
    }
    String s = latin1.toString();
    assertThat(ReplyParser.lowerSameLength(s)).isEqualTo(s.toLowerCase(Locale.ROOT));
  }

  @Test
  void keepsIndexesWhereStringToLowerCaseWouldNot() {
    // U+0130 (capital I with dot above) is two characters in String.toLowerCase's answer.
    String s = "\u0130STANBUL Mailbox \u03a3\u0391\u03a3";
    assertThat(s.toLowerCase(Locale.ROOT)).hasSize(s.length() + 1);
    assertThat(ReplyParser.lowerSameLength(s)).isEqualTo("istanbul mailbox \u03c3\u03b1\u03c3");
  }

  @Test
  void aTextWithNothingToChangeIsReturnedAsItIs() {
    for (String s : new String[] {"", "550 5.1.1 user unknown", "déjà vu ü ß", "почта 信箱"}) {
      assertThat(ReplyParser.lowerSameLength(s)).isSameAs(s);
    }
    String upper = "550 Déjà";
    assertThat(ReplyParser.lowerSameLength(upper)).isEqualTo("550 déjà").isNotSameAs(upper);
  }
}
