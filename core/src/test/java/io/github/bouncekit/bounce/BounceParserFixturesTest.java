package io.github.bouncekit.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.internal.Tsv;
import io.github.bouncekit.status.EnhancedStatusCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project's own bounce fixtures ({@code fixtures/*.eml}, written for the project) against
 * {@code fixtures/expected.tsv}: kind, recipients and, where the table gives them, action, status,
 * reply code, remote MTA, SMTP command, cause and the returned message's headers.
 */
class BounceParserFixturesTest {
  private static final String DIR = "/io/github/bouncekit/bounce/fixtures/";
  private static final BounceParser PARSER = BounceParser.defaults();

  /** (file, check) pairs known not to pass yet, from known-gaps.tsv. */
  static java.util.Set<String> knownGaps() {
    java.util.Set<String> gaps = new java.util.HashSet<>();
    for (Tsv.Row r : Tsv.resource(BounceParserFixturesTest.class, DIR + "known-gaps.tsv", "file", "check", "why").rows()) {
      r.required("why");
      gaps.add(r.required("file") + "|" + r.required("check"));
    }
    return gaps;
  }

  static Map<String, List<Tsv.Row>> expected() {
    Tsv tsv = Tsv.resource(BounceParserFixturesTest.class, DIR + "expected.tsv", "file", "kind", "recipient");
    Map<String, List<Tsv.Row>> byFile = new LinkedHashMap<>();
    for (Tsv.Row r : tsv.rows()) {
      byFile.computeIfAbsent(r.required("file"), k -> new ArrayList<>()).add(r);
    }
    return byFile;
  }

  static Stream<Arguments> files() {
    return expected().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @Test
  void thereAreEnoughFixturesOfEveryKind() {
    Map<String, List<Tsv.Row>> e = expected();
    assertThat(e).hasSizeGreaterThanOrEqualTo(60);
    assertThat(e.values().stream().map(rows -> rows.get(0).get("kind")).collect(Collectors.toSet()))
        .contains("dsn", "free_text", "delayed", "feedback", "auto_reply", "not_bounce");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void readsTheFixture(String file, List<Tsv.Row> rows) throws IOException {
    BounceReport report;
    try (InputStream in = BounceParserFixturesTest.class.getResourceAsStream(DIR + file)) {
      assertThat(in).as("fixture file " + file).isNotNull();
      report = PARSER.parse(in);
    }
    Checks c = new Checks(file, knownGaps());
    c.check("kind", "kind", rows.get(0).get("kind"), kindId(report.kind()));
    List<String> expectedRecipients =
        rows.stream().map(r -> r.get("recipient")).filter(s -> !s.isEmpty()).sorted().toList();
    if (!expectedRecipients.isEmpty()) {
      List<String> actual = report.recipients().stream().map(RecipientRecord::recipient).sorted().toList();
      c.check("recipients", "recipients", String.join(",", expectedRecipients), String.join(",", actual));
    }
    for (Tsv.Row row : rows) {
      String rcpt = row.get("recipient");
      if (rcpt.isEmpty()) {
        continue;
      }
      Optional<RecipientRecord> rec =
          report.recipients().stream().filter(r -> r.recipient().equals(rcpt)).findFirst();
      if (rec.isEmpty()) {
        continue;
      }
      RecipientRecord r = rec.get();
      c.check("dsn action", rcpt, row.get("dsn_action"), r.dsnAction().orElse(""));
      c.check("status", rcpt, row.get("status"), r.status().map(EnhancedStatusCode::toString).orElse(""));
      c.check("reply code", rcpt, row.get("reply_code"),
          r.diagnosis().replyCode().isPresent() ? Integer.toString(r.diagnosis().replyCode().getAsInt()) : "");
      c.check("remote MTA", rcpt, row.get("remote_mta"), r.remoteMta().orElse(""));
      c.check("SMTP command", rcpt, row.get("smtp_command"), r.smtpCommand().map(Enum::name).orElse(""));
      c.check("cause", rcpt, row.get("cause"), r.diagnosis().cause().id());
    }
    Tsv.Row first = rows.get(0);
    c.check("original Message-ID", "", first.get("orig_message_id"),
        report.original().flatMap(OriginalMessage::messageId).orElse(""));
    c.check("original subject", "", first.get("orig_subject"),
        report.original().flatMap(OriginalMessage::subject).orElse(""));
    c.check("original DKIM d=", "", first.get("dkim_domain"),
        report.original().flatMap(OriginalMessage::dkimDomain).orElse(""));
    c.check("feedback type", "", first.get("feedback_type"), report.feedbackType().orElse(""));
    c.soft.assertAll();
  }

  /** Compares expected and actual; a check listed in known-gaps.tsv must still fail. */
  private static final class Checks {
    final SoftAssertions soft = new SoftAssertions();
    final String file;
    final java.util.Set<String> gaps;

    Checks(String file, java.util.Set<String> gaps) {
      this.file = file;
      this.gaps = gaps;
    }

    void check(String name, String subject, String expected, String actual) {
      if (expected.isEmpty()) {
        return;
      }
      String what = (subject.isEmpty() || subject.equals(name) ? "" : subject + " ") + name;
      if (gaps.contains(file + "|" + name)) {
        soft.assertThat(actual.equalsIgnoreCase(expected))
            .as("%s: listed in known-gaps.tsv but now passes: remove the row", what)
            .isFalse();
      } else {
        soft.assertThat(actual).as(what).isEqualToIgnoringCase(expected);
      }
    }
  }

  private static String kindId(BounceKind k) {
    return k == BounceKind.FEEDBACK_REPORT ? "feedback" : k.id();
  }
}
