package io.github.bouncekit.dns.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.bouncekit.dns.ParseResult;
import io.github.bouncekit.dns.SyntaxError;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Jazzer fuzz test of {@link TagList#parse(String)}, {@link DkimKeyRecord#parse(String)} and
 * {@link DkimSignature#parse(String)}. In {@code mvn test} it runs in regression mode over the
 * seeds in {@code src/test/resources/io/github/bouncekit/dns/dkim/TagListFuzzTestInputs/parse/};
 * {@code JAZZER_FUZZ=1 mvn -pl dns test -Dtest=TagListFuzzTest} fuzzes for real.
 */
class TagListFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void parse(byte[] data) {
    String input = new String(data, StandardCharsets.UTF_8);
    ParseResult<TagList> r = TagList.parse(input);
    assertThat(r.isValid()).isNotEqualTo(r.error().isPresent());
    if (r.error().isPresent()) {
      SyntaxError e = r.error().get();
      assertThat(e.position()).isBetween(0, input.length());
      assertThat(e.message()).isNotBlank();
    } else {
      Set<String> names = new HashSet<>();
      for (TagList.Tag t : r.orElseThrow().tags()) {
        assertThat(input.startsWith(t.name(), t.position())).isTrue();
        assertThat(input.substring(t.valueStart(), t.valueEnd())).isEqualTo(t.value());
        assertThat(names.add(t.name())).as("duplicate %s", t.name()).isTrue();
        assertThat(t.value()).doesNotContain(";");
      }
    }
    // The parsers built on it never throw and agree on where the input is bad.
    ParseResult<DkimKeyRecord> key = DkimKeyRecord.parse(input);
    key.error().ifPresent(e -> assertThat(e.position()).isBetween(0, input.length()));
    key.value()
        .ifPresent(k -> assertThat(k.publicKey().isPresent()).isNotEqualTo(
            k.keyProblem().isPresent() || k.isRevoked()));
    ParseResult<DkimSignature> sig = DkimSignature.parse(input);
    sig.error().ifPresent(e -> assertThat(e.position()).isBetween(0, input.length()));
    sig.value().ifPresent(s -> assertThat(s.signedHeaders()).isNotEmpty());
  }
}
