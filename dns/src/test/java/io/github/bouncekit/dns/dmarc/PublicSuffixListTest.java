package io.github.bouncekit.dns.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Public Suffix List's own {@code test_psl.txt} against the bundled list, and the loader. */
class PublicSuffixListTest {
  private static final PublicSuffixList PSL = PublicSuffixList.bundled();

  static List<DmarcSuite.PslCase> cases() {
    return DmarcSuite.pslCases();
  }

  @Test
  void theSuiteHas78Cases() {
    assertThat(cases()).hasSize(78);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void testPsl(DmarcSuite.PslCase c) {
    if (c.input().isEmpty()) {
      // checkPublicSuffix(null, null): the API takes no null; the null check stands in for it.
      assertThatThrownBy(() -> PSL.registrableDomain(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("name");
      assertThat(c.expected()).isEmpty();
      return;
    }
    assertThat(PSL.registrableDomain(c.input().get())).as(c.toString()).isEqualTo(c.expected());
  }

  @Test
  void ownListWithWildcardsExceptionsAndTheDefaultRule() throws Exception {
    PublicSuffixList psl =
        PublicSuffixList.parse(
            new StringReader("// comment\ncom\nuk\nco.uk\n*.ck\n!www.ck\n\n公司.cn\ncn\n"));
    assertThat(psl.size()).isEqualTo(7);
    assertThat(psl.registrableDomain("a.b.example.co.uk")).hasValue("example.co.uk");
    assertThat(psl.registrableDomain("co.uk")).isEmpty();
    assertThat(psl.registrableDomain("x.y.ck")).hasValue("x.y.ck");
    assertThat(psl.registrableDomain("y.ck")).isEmpty();
    assertThat(psl.registrableDomain("a.www.ck")).hasValue("www.ck");
    assertThat(psl.registrableDomain("a.b.unlisted")).hasValue("b.unlisted");
    assertThat(psl.registrableDomain("Mail.Example.COM.")).hasValue("example.com");
    assertThat(psl.registrableDomain("www.xn--85x722f.xn--55qx5d.cn"))
        .hasValue("xn--85x722f.xn--55qx5d.cn");
    assertThat(psl.publicSuffix("a.b.example.co.uk")).hasValue("co.uk");
    assertThat(psl.publicSuffix("a.b.unlisted")).hasValue("unlisted");
    assertThat(psl.registrableDomain("a..example.com")).isEmpty();
    assertThat(psl.registrableDomain("x".repeat(254))).isEmpty();
  }

  @Test
  void anEmptyListIsRefused() {
    assertThatThrownBy(() -> PublicSuffixList.parse(new StringReader("// nothing\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no rule");
  }

  @Test
  void theBundledListIsTheFullOne() {
    assertThat(PSL.size()).isGreaterThan(9000);
    assertThat(PSL.registrableDomain("foo.bar.github.io")).hasValue("bar.github.io");
  }
}
