package io.github.bouncekit.dns.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The expected outcome of each {@code record-parsing.yml} case, shared by the in-memory parser test
 * and the loopback DNS test, with this project's reading where it differs from the suite.
 */
final class ParsingExpectations {
  private ParsingExpectations() {}

  /**
   * Cases whose RFC 9989 expectation in the suite is not this project's reading of RFC 9989. The
   * suite reads an invalid {@code p} (and an invalid {@code sp} or {@code np}) as {@code p=none};
   * the policy discovery rules of RFC 9989 (as worded in the DMARCbis drafts), like RFC 7489 §6.6.3, say that a retrieved record without a
   * valid {@code p}, or with an invalid {@code sp} or {@code np}, is read as {@code p=none} only
   * when {@code rua} holds a valid URI, and otherwise gets no DMARC processing. Only a record with
   * no {@code p} tag at all is read as {@code p=none} unconditionally (the {@code p} tag's own
   * definition). None of these records has an {@code rua}, so each asks for no processing:
   *
   * <ul>
   *   <li>{@code odm-5} {@code p=n}: an abbreviation, an invalid value (suite: valid, p none);
   *   <li>{@code odm-8} {@code p=bob}: an invalid value (suite: valid, p none);
   *   <li>{@code odm-9} {@code sp=bob}: an invalid {@code sp} (suite: valid, p none, sp none);
   *   <li>{@code cd-grammar} {@code v=DMARC1; p}: a {@code p} tag without a value is present and
   *       invalid, not absent (suite: valid, p none);
   *   <li>{@code cd-np-bad} {@code np=invalid}: an invalid {@code np} (suite: valid, p reject, not
   *       marked verify).
   * </ul>
   */
  static final Map<String, String> RFC9989_READING =
      Map.of(
          "odm-5", "no-policy",
          "odm-8", "no-policy",
          "odm-9", "no-policy",
          "cd-grammar", "no-policy",
          "cd-np-bad", "no-policy");

  private static final Set<String> TAGS =
      Set.of("p", "sp", "np", "psd", "t", "adkim", "aspf", "pct", "rf", "ri", "fo", "rua", "ruf");

  /** The outcome this project expects: valid, no-policy, not-dmarc or invalid. */
  static String expectedOutcome(DmarcSuite.ParsingCase c) {
    if (c.mode() == DmarcMode.RFC9989 && RFC9989_READING.containsKey(c.id())) {
      return RFC9989_READING.get(c.id());
    }
    switch (c.result()) {
      case "valid":
        return "valid";
      case "p-none-if-rua":
        // Only records with a valid rua URI are read as p=none; none of the suite's have one.
        return hasValidRua(c) ? "valid" : "no-policy";
      case "not-dmarc":
        return "not-dmarc";
      case "undefined":
        return "invalid";
      default:
        throw new IllegalStateException(c + ": unknown result " + c.result());
    }
  }

  private static boolean hasValidRua(DmarcSuite.ParsingCase c) {
    return c.record().contains("rua=mailto:") && c.record().contains("@");
  }

  /** Checks a parse result against the case. */
  static void check(DmarcSuite.ParsingCase c, DmarcParseResult r) {
    String outcome = expectedOutcome(c);
    switch (outcome) {
      case "valid":
        assertThat(r.outcome()).as("%s: outcome %s %s", c, r.errors(), r.warnings()).isEqualTo(DmarcParseResult.Outcome.VALID);
        checkFields(c, r.record().orElseThrow());
        break;
      case "no-policy":
        assertThat(r.outcome()).as("%s: outcome %s", c, r.warnings()).isEqualTo(DmarcParseResult.Outcome.NO_POLICY);
        assertThat(r.errors()).as("%s: errors", c).isNotEmpty();
        break;
      case "not-dmarc":
        assertThat(r.outcome()).as("%s: outcome", c).isEqualTo(DmarcParseResult.Outcome.NOT_DMARC);
        break;
      case "invalid":
        assertThat(r.outcome()).as("%s: outcome", c).isEqualTo(DmarcParseResult.Outcome.INVALID);
        assertThat(r.errors()).as("%s: errors", c).isNotEmpty();
        break;
      default:
        throw new IllegalStateException(outcome);
    }
  }

  private static void checkFields(DmarcSuite.ParsingCase c, DmarcRecord rec) {
    Map<String, Object> e = c.expected();
    if (e.containsKey("p")) {
      assertThat(rec.policy().token()).as("%s: p", c).isEqualTo(String.valueOf(e.get("p")));
    }
    if (e.containsKey("sp")) {
      assertThat(rec.subdomainPolicyOrDefault().token())
          .as("%s: sp", c)
          .isEqualTo(String.valueOf(e.get("sp")));
    }
    if (e.containsKey("np")) {
      assertThat(rec.nonExistentPolicyOrDefault().token())
          .as("%s: np", c)
          .isEqualTo(String.valueOf(e.get("np")));
    }
    if (e.containsKey("psd")) {
      assertThat(rec.psd().token()).as("%s: psd", c).isEqualTo(String.valueOf(e.get("psd")));
    }
    if (e.containsKey("t")) {
      assertThat(rec.testing() ? "y" : "n").as("%s: t", c).isEqualTo(String.valueOf(e.get("t")));
    }
    if (e.containsKey("adkim")) {
      assertThat(rec.dkimAlignment().token()).as("%s: adkim", c).isEqualTo(String.valueOf(e.get("adkim")));
    }
    if (e.containsKey("aspf")) {
      assertThat(rec.spfAlignment().token()).as("%s: aspf", c).isEqualTo(String.valueOf(e.get("aspf")));
    }
    if (e.containsKey("pct")) {
      assertThat(rec.percent()).as("%s: pct", c).isEqualTo(((Number) e.get("pct")).intValue());
    }
    if (e.containsKey("fo")) {
      assertThat(rec.failureOptions()).as("%s: fo", c).isEqualTo(String.valueOf(e.get("fo")));
    }
    if (e.containsKey("warn")) {
      String warn = String.valueOf(e.get("warn"));
      assertThat(rec.warnings()).as("%s: warnings for '%s'", c, warn).isNotEmpty();
      for (String tag : tagsNamedIn(warn)) {
        assertThat(rec.warnings())
            .as("%s: a warning about %s (%s)", c, tag, warn)
            .anySatisfy(w -> assertThat(w.tag()).isEqualTo(tag));
      }
    }
  }

  /** The tag names a suite warning mentions ("p missing; pct removed" names p and pct). */
  static Set<String> tagsNamedIn(String warn) {
    Set<String> out = new LinkedHashSet<>();
    for (String word : warn.split("[^A-Za-z]+")) {
      if (TAGS.contains(word)) {
        out.add(word);
      }
    }
    return out;
  }
}
