package io.github.bouncekit.dns.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random inputs: {@link DnsblTarget#parse(String)} either gives a target whose query name
 * DNS can carry, or throws {@link IllegalArgumentException}; nothing else. Inputs are built from
 * characters that matter to the parser (digits, hex letters, dots, colons, Unicode, controls).
 */
class DnsblTargetPropertyTest {
  private static final String ALPHABET = "0123456789abcdefABCDEF.:-_ /%\u00fc\u0000xyzXYZ\u3002";

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1L, 7L, 42L, 2026L, 0xB0B5L})
  void parseNeverFailsOtherwise(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int targets = 0;
    for (int i = 0; i < 20_000; i++) {
      int length = random.nextInt(0, 80);
      StringBuilder s = new StringBuilder(length);
      for (int j = 0; j < length; j++) {
        s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      String text = s.toString();
      DnsblTarget t;
      try {
        t = DnsblTarget.parse(text);
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).as(text).isNotBlank();
        continue;
      }
      targets++;
      assertThat(t.prefix()).as(text).doesNotStartWith(".").doesNotEndWith(".").doesNotContain("..");
      assertThat(DomainNames.problem(t.queryName("zen.spamhaus.org").toLowerCase(java.util.Locale.ROOT)))
          .as(text)
          .satisfiesAnyOf(
              p -> assertThat(p).isEmpty(),
              p -> assertThat(p).contains("longer than 253 characters"));
      // Parsing the normal form gives the same target.
      assertThat(DnsblTarget.parse(t.value())).as(text).isEqualTo(t);
    }
    assertThat(targets).as("some random inputs are valid targets").isPositive();
  }
}
