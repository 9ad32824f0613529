package io.github.bouncekit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.Facts;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FactExtractorTest {

  @ParameterizedTest(name = "{0}: IPv4 {1}, IPv6 {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2001:db8::1|false|true",
        "::1|false|true",
        "::|false|false",
        "fe80::|false|true",
        "2001:db8:0:0:0:0:0:1|false|true",
        "2001:db8:0:0:0:0:0:1:2|false|false",
        "2001:db8:0:0:0:0:1|false|false",
        "2001:db8::0:0:0:0:0:1|false|false",
        "2001:db8::1::2|false|false",
        "2001:db8:::1|false|false",
        "::ffff:192.0.2.1|false|true",
        "::ffff:192.0.2.256|false|false",
        "64:ff9b::192.0.2.33|false|true",
        "2001:db8:1:2:3:4:192.0.2.1|false|true",
        "2001:db8:192.0.2.1::|false|false",
        "12345::1|false|false",
        "2001:dg8::1|false|false",
        ":2001:db8:0:0:0:0:0:1|false|false",
        "2001:db8:0:0:0:0:0:1:|false|false",
        "1:|false|false",
        "16:18969|false|false",
        "a:b|false|false",
        "00.00000:FF000000|false|false",
        "S3150|false|false",
        "192.0.2.1|true|false",
        "255.255.255.255|true|false",
        "256.1.1.1|false|false",
        "01.2.3.4|false|false",
        "1.2.3|false|false",
        "1.2.3.4.|false|false",
        "1.2.3.4.5|false|false",
        "1..3.4|false|false",
        "a.b.c.d|false|false",
      })
  void readsAddressLiterals(String text, boolean ipv4, boolean ipv6) {
    assertThat(FactExtractor.isIpv4(text)).isEqualTo(ipv4);
    assertThat(FactExtractor.isIpv6(text)).isEqualTo(ipv6);
    // The same answers for the text inside a longer one.
    String around = "[" + text + "]:25";
    int end = 1 + text.length();
    assertThat(FactExtractor.isIpv4(around, 1, end)).isEqualTo(ipv4);
    assertThat(FactExtractor.isIpv6(around, 1, end)).isEqualTo(ipv6);
  }

  /** The in-place reading agrees with a plain one that splits the text, on random texts. */
  @Test
  void ipv6AgreesWithASplittingReading() {
    SplittableRandom rnd = new SplittableRandom(0xF4C7);
    String alphabet = "0123456789abcdefg:.";
    for (int t = 0; t < 200_000; t++) {
      StringBuilder b = new StringBuilder();
      for (int i = rnd.nextInt(1, 24); i > 0; i--) {
        b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      String s = b.toString();
      assertThat(FactExtractor.isIpv6(s)).as(s).isEqualTo(splitting(s));
    }
  }

  // The reference: split on ':' and read each group.
  private static boolean splitting(String s) {
    if (s.length() < 2 || s.length() > 45 || s.indexOf(':') < 0) {
      return false;
    }
    int doubleColon = s.indexOf("::");
    if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
      return false;
    }
    String[] groups = s.split(":", -1);
    int count = 0;
    for (int g = 0; g < groups.length; g++) {
      String grp = groups[g];
      if (grp.isEmpty()) {
        continue;
      }
      if (g == groups.length - 1 && grp.indexOf('.') >= 0) {
        if (!FactExtractor.isIpv4(grp)) {
          return false;
        }
        count += 2;
        continue;
      }
      if (grp.length() > 4) {
        return false;
      }
      for (char c : grp.toCharArray()) {
        if (Character.digit(c, 16) < 0) {
          return false;
        }
      }
      count++;
    }
    return doubleColon < 0
        ? count == 8 && !s.startsWith(":") && !s.endsWith(":")
        : count < 8 && count >= 1;
  }

  @Test
  void readsTokensInPlace() {
    Facts f =
        FactExtractor.extract(
            "550 5.7.1 [192.0.2.1]:25 (mx.example.net) [hostname=Relay.Example.ORG] IPv6:2001:db8::1"
                + " see https://example.com/help?a=1). S3150 AUP#CDRBL RFC5321 \"10.0.0.1\",",
            null,
            List.of());
    assertThat(f.ipAddresses()).containsExactly("192.0.2.1", "2001:db8::1", "10.0.0.1");
    assertThat(f.hostNames()).containsExactly("mx.example.net", "relay.example.org");
    assertThat(f.urls()).containsExactly("https://example.com/help?a=1");
    assertThat(f.providerCodes()).containsExactly("S3150", "AUP#CDRBL");
  }
}
