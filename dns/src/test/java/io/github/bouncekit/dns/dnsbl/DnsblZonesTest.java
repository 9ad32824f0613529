package io.github.bouncekit.dns.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bouncekit.dns.dnsbl.DnsblZone.Matching;
import io.github.bouncekit.dns.dnsbl.DnsblZone.Requirement;
import io.github.bouncekit.dns.dnsbl.DnsblZone.TargetKind;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped zone table and the table loader's checks. */
class DnsblZonesTest {

  @Test
  void theShippedTableHasTheZonesTheIssueNamesAndNoDeadOnes() {
    DnsblZones z = DnsblZones.defaults();
    assertThat(z.ids())
        .containsExactly(
            "spamhaus-zen", "spamhaus-dbl", "barracuda", "spamcop", "psbl", "uceprotect-1",
            "uceprotect-2", "uceprotect-3", "mailspike", "surbl", "uribl");
    assertThat(z.zones())
        .extracting(DnsblZone::zone)
        .noneMatch(n -> n.contains("sorbs") || n.contains("abuseat"));
    for (DnsblZone zone : z.zones()) {
      assertThat(zone.codes()).as(zone.id()).isNotEmpty();
      assertThat(zone.lookupUrl()).as(zone.id()).startsWith("https://");
      assertThat(zone.terms()).as(zone.id()).isNotBlank();
    }
  }

  @Test
  void shippedFactsOfNote() {
    DnsblZones z = DnsblZones.defaults();
    DnsblZone zen = z.get("spamhaus-zen").orElseThrow();
    assertThat(zen.kinds()).containsExactlyInAnyOrder(TargetKind.IP4, TargetKind.IP6);
    assertThat(zen.requirements()).containsExactly(Requirement.NO_PUBLIC_RESOLVER);
    assertThat(zen.error(0x7FFFFFFE)).isPresent(); // 127.255.255.254
    assertThat(zen.error(0x7FFFFF01)).isPresent(); // 127.255.255.1: the reserved block
    assertThat(zen.error(0x7F000002)).isEmpty();
    assertThat(z.get("spamhaus-dbl").orElseThrow().error(0x7F0001FF)).isPresent(); // 127.0.1.255
    assertThat(z.get("barracuda").orElseThrow().requirements())
        .containsExactly(Requirement.REGISTERED_RESOLVER);
    DnsblZone uribl = z.get("uribl").orElseThrow();
    assertThat(uribl.matching()).isEqualTo(Matching.BITMASK);
    assertThat(uribl.error(0x7F000001)).isPresent();
    assertThat(z.get("surbl").orElseThrow().matching()).isEqualTo(Matching.BITMASK);
  }

  @Test
  void aDqsKeyTurnsSpamhausZonesIntoTheirKeyedForm() {
    DnsblZones keyed = DnsblZones.defaults().withKey("AbC123");
    DnsblZone zen = keyed.get("spamhaus-zen").orElseThrow();
    assertThat(zen.zone()).isEqualTo("abc123.zen.dq.spamhaus.net");
    assertThat(zen.requirements()).containsExactly(Requirement.KEY);
    assertThat(zen.toString()).doesNotContain("abc123");
    assertThat(keyed.get("spamhaus-dbl").orElseThrow().zone()).isEqualTo("abc123.dbl.dq.spamhaus.net");
    assertThat(keyed.get("spamcop").orElseThrow().zone()).isEqualTo("bl.spamcop.net");
    assertThat(DnsblZones.defaults().withKey("spamhaus-zen", "k1").get("spamhaus-dbl").orElseThrow().zone())
        .isEqualTo("dbl.spamhaus.org");
    assertThatThrownBy(() -> DnsblZones.defaults().withKey("spamcop", "k1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no key-based");
    assertThatThrownBy(() -> DnsblZones.defaults().withKey("bad.key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("letters and digits");
  }

  @Test
  void zonesCanBeAddedReplacedRemovedAndChosen() {
    DnsblZones d = DnsblZones.defaults();
    DnsblZones only = d.only(List.of("uribl", "spamhaus-zen"));
    assertThat(only.ids()).containsExactly("spamhaus-zen", "uribl");
    assertThat(d.without("uceprotect-3").ids()).doesNotContain("uceprotect-3").hasSize(10);
    DnsblZones parsed =
        DnsblZones.parse(
            new StringReader(
                "spamcop\tbl.example.net\tip4\tExample\texact\t127.0.0.2=mine\t-\t-\t-\tfree\thttps://example.net/\n"),
            "mine.tsv");
    DnsblZones replaced = d.with(parsed.zones().get(0));
    assertThat(replaced.ids()).isEqualTo(d.ids());
    assertThat(replaced.get("spamcop").orElseThrow().zone()).isEqualTo("bl.example.net");
    assertThatThrownBy(() -> d.only(List.of("sorbs")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no zone 'sorbs'")
        .hasMessageContaining("spamhaus-zen");
    assertThatThrownBy(() -> d.without("nope")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = ';',
      quoteCharacter = '"',
      value = {
        "x\tbl.example.net\tip4\tEx\texact\t127.0.0.2=a\t-\t-\tt\thttps://e/;expected 11 tab-separated columns, found 10",
        "x\tbl.example.net\tip5\tEx\texact\t127.0.0.2=a\t-\t-\t-\tt\thttps://e/\tz;expected 11",
        "x\tbl.example.net\tip5\tEx\texact\t127.0.0.2=a\t-\t-\t-\tt\thttps://e/;unknown kind 'ip5'",
        "x\tbl.example.net\tip4\tEx\tfuzzy\t127.0.0.2=a\t-\t-\t-\tt\thttps://e/;match must be",
        "x\tbl.example.net\tip4\tEx\texact\t10.0.0.2=a\t-\t-\t-\tt\thttps://e/;outside 127.0.0.0/8",
        "x\tbl.example.net\tip4\tEx\texact\t127.0.0.2\t-\t-\t-\tt\thttps://e/;is not 'code=meaning'",
        "x\tbl.example.net\tip4\tEx\tbitmask\t3=a\t-\t-\t-\tt\thttps://e/;is not one of 1, 2, 4",
        "x\tbl.example.net\tip4\tEx\texact\t127.0.0.2=a\t127.0.0.1/40=e\t-\t-\tt\thttps://e/;prefix must be 8-32",
        "x\tbl.example.net\tip4\tEx\texact\t127.0.0.2=a\t-\tmagic\t-\tt\thttps://e/;unknown requirement",
        "X Y\tbl.example.net\tip4\tEx\texact\t127.0.0.2=a\t-\t-\t-\tt\thttps://e/;zone id must be",
        "x\tbl example.net\tip4\tEx\texact\t127.0.0.2=a\t-\t-\t-\tt\thttps://e/;is not usable",
        "x\tbl.example.net\tip4\tEx\texact\t127.0.0.2=a|127.0.0.2=b\t-\t-\t-\tt\thttps://e/;appears twice",
        "x\tbl.example.net\tip4\t-\texact\t127.0.0.2=a\t-\t-\t-\tt\thttps://e/;'operator' must not be empty",
      })
  void badRowsAreRejectedWithTheLineNumber(String row, String message) {
    String table = "# comment\n\n" + row.replace("\\t", "\t") + "\n";
    assertThatThrownBy(() -> DnsblZones.parse(new StringReader(table), "t.tsv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("t.tsv line 3: ")
        .hasMessageContaining(message);
  }

  @Test
  void aRepeatedIdIsRejected() {
    String row = "x\tbl.example.net\tip4\tEx\texact\t127.0.0.2=a\t-\t-\t-\tt\thttps://e/\n";
    assertThatThrownBy(() -> DnsblZones.parse(new StringReader(row + row), "t.tsv"))
        .hasMessage("t.tsv line 2: zone id 'x' appears twice");
  }
}
