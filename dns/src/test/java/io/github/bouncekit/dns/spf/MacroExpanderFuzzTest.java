package io.github.bouncekit.dns.spf;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.bouncekit.dns.ParseResult;
import io.github.bouncekit.dns.internal.IpAddresses;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz test of {@link MacroString#parse} and {@link MacroExpander}. In {@code mvn test} it
 * runs in regression mode over the seeds in {@code
 * src/test/resources/io/github/bouncekit/dns/spf/MacroExpanderFuzzTestInputs/expand/}; {@code
 * JAZZER_FUZZ=1 mvn -pl dns test -Dtest=MacroExpanderFuzzTest} fuzzes for real.
 */
class MacroExpanderFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void expand(byte[] data) {
    String input = new String(data, StandardCharsets.UTF_8);
    // The first line, if any, is the sender: fuzz the values as well as the macro-string.
    int nl = input.indexOf('\n');
    String sender = nl < 0 ? "strong-bad@email.example.com" : input.substring(0, nl);
    String text = nl < 0 ? input : input.substring(nl + 1);
    InetAddress ip =
        data.length % 2 == 0
            ? InetAddress.getLoopbackAddress()
            : IpAddresses.toInet(IpAddresses.parseIpv6("2001:db8::cb01"));
    MacroExpander.Variables v =
        MacroExpander.Variables.of(ip, sender, "mx.example.org").withValidatedDomain(sender);
    for (MacroString.Context context : MacroString.Context.values()) {
      ParseResult<MacroString> parsed = MacroString.parse(text, context);
      if (parsed.error().isPresent()) {
        assertThat(parsed.error().get().position()).isBetween(0, text.length());
        continue;
      }
      MacroString ms = parsed.orElseThrow();
      String expanded = MacroExpander.expand(ms, v);
      assertThat(expanded).hasSizeLessThanOrEqualTo(MacroExpander.MAX_EXPANSION_LENGTH);
      if (!ms.hasMacros()) {
        assertThat(expanded).isEqualTo(text);
      }
      assertThat(MacroExpander.expandDomain(ms, v)).hasSizeLessThanOrEqualTo(253);
    }
  }
}
