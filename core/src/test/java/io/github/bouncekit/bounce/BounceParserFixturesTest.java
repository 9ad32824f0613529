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
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(kindId(report.kind())).as("kind").isEqualTo(rows.get(0).get("kind"));
    List<String> expectedRecipients =
        rows.stream().map(r -> r.get("recipient")).filter(s -> !s.isEmpty()).toList();
    if (!expectedRecipients.isEmpty()) {
      soft.assertThat(report.recipients())
          .extracting(RecipientRecord::recipient)
          .as("recipients")
          .containsExactlyInAnyOrderElementsOf(expectedRecipients);
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
      check(soft, rcpt + " dsn action", row.get("dsn_action"), r.dsnAction().orElse(""));
      check(soft, rcpt + " status", row.get("status"), r.status().map(EnhancedStatusCode::toString).orElse(""));
      check(soft, rcpt + " reply code", row.get("reply_code"),
          r.diagnosis().replyCode().isPresent() ? Integer.toString(r.diagnosis().replyCode().getAsInt()) : "");
      check(soft, rcpt + " remote MTA", row.get("remote_mta"), r.remoteMta().orElse(""));
      check(soft, rcpt + " SMTP command", row.get("smtp_command"), r.smtpCommand().map(Enum::name).orElse(""));
      check(soft, rcpt + " cause", row.get("cause"), r.diagnosis().cause().id());
    }
    Tsv.Row first = rows.get(0);
    check(soft, "original Message-ID", first.get("orig_message_id"),
        report.original().flatMap(OriginalMessage::messageId).orElse(""));
    check(soft, "original subject", first.get("orig_subject"),
        report.original().flatMap(OriginalMessage::subject).orElse(""));
    check(soft, "original DKIM d=", first.get("dkim_domain"),
        report.original().flatMap(OriginalMessage::dkimDomain).orElse(""));
    check(soft, "feedback type", first.get("feedback_type"), report.feedbackType().orElse(""));
    soft.assertAll();
  }

  private static void check(SoftAssertions soft, String what, String expected, String actual) {
    if (!expected.isEmpty()) {
      soft.assertThat(actual).as(what).isEqualToIgnoringCase(expected);
    }
  }

  private static String kindId(BounceKind k) {
    return k == BounceKind.FEEDBACK_REPORT ? "feedback" : k.id();
  }
}
