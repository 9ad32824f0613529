package io.github.bouncekit.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bouncekit.internal.Tsv;
import io.github.bouncekit.status.EnhancedStatusCode;
import io.github.bouncekit.status.StatusClass;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SmtpReplyTest {

  record Case(
      String name,
      String input,
      String code,
      String enhanced,
      String text,
      String remoteHost,
      String stage,
      String trailer) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    Tsv tsv =
        Tsv.resource(
            SmtpReplyTest.class,
            "reply-cases.tsv",
            "name",
            "input",
            "code",
            "enhanced",
            "text",
            "remoteHost",
            "stage",
            "trailer");
    return tsv.rows().stream()
        .map(
            r ->
                new Case(
                    r.required("name"),
                    Tsv.unescape(r.get("input")),
                    r.get("code"),
                    r.get("enhanced"),
                    Tsv.unescape(r.get("text")),
                    r.get("remoteHost"),
                    r.get("stage"),
                    r.get("trailer")))
        .toList();
  }

  static Stream<Arguments> caseArguments() {
    return cases().stream().map(c -> Arguments.of(c.name(), c));
  }

  @Test
  void theCaseTableCoversEnoughForms() {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(cases()).extracting(Case::name).doesNotHaveDuplicates();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("caseArguments")
  void parsesEveryForm(String name, Case c) {
    SmtpReply r = SmtpReply.parse(c.input());
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(r.code())
        .as("basic code")
        .isEqualTo(
            c.code().isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(c.code())));
    soft.assertThat(r.enhancedCode().map(EnhancedStatusCode::toString))
        .as("enhanced code")
        .isEqualTo(c.enhanced().isEmpty() ? Optional.empty() : Optional.of(c.enhanced()));
    soft.assertThat(r.text()).as("text").isEqualTo(c.text());
    soft.assertThat(r.remoteHost())
        .as("remote host")
        .isEqualTo(c.remoteHost().isEmpty() ? Optional.empty() : Optional.of(c.remoteHost()));
    soft.assertThat(r.stage())
        .as("stage")
        .isEqualTo(
            c.stage().isEmpty() ? Optional.empty() : Optional.of(SmtpStage.valueOf(c.stage())));
    soft.assertThat(r.trailer())
        .as("trailer")
        .isEqualTo(c.trailer().isEmpty() ? Optional.empty() : Optional.of(c.trailer()));
    soft.assertThat(r.truncated()).as("truncated").isFalse();
    soft.assertAll();
  }

  @Test
  void reportsCodesThatDisagreeOnTheClass() {
    SmtpReply r = SmtpReply.parse("550 4.2.2 mailbox full");
    assertThat(r.codesDisagree()).isTrue();
    assertThat(r.replyClass()).contains(StatusClass.PERMANENT_FAILURE);
    assertThat(r.warnings())
        .singleElement()
        .asString()
        .contains("550", "4.2.2", "disagree", "basic code's class (5)");
  }

  @Test
  void consistentCodesGiveNoWarning() {
    SmtpReply r = SmtpReply.parse("451 4.7.1 try later");
    assertThat(r.codesDisagree()).isFalse();
    assertThat(r.warnings()).isEmpty();
    assertThat(r.replyClass()).contains(StatusClass.PERSISTENT_TRANSIENT_FAILURE);
  }

  @Test
  void reportsDroppedSecondReply() {
    SmtpReply r = SmtpReply.parse("550 5.1.1 User unknown\n503 5.5.1 Need RCPT");
    assertThat(r.warnings()).singleElement().asString().contains("1 line(s)", "550");
  }

  @Test
  void theClassComesFromTheEnhancedCodeWhenThereIsNoBasicCode() {
    assertThat(SmtpReply.parse("4.4.1 connection timed out").replyClass())
        .contains(StatusClass.PERSISTENT_TRANSIENT_FAILURE);
    assertThat(SmtpReply.parse("no codes here").replyClass()).isEmpty();
  }

  @Test
  void refusesNullWithAClearMessage() {
    assertThatThrownBy(() -> SmtpReply.parse(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("reply must not be null");
  }

  @Test
  void capsLongInputAndSaysSo() {
    String reply = "550 5.7.1 " + "x".repeat(SmtpReply.MAX_INPUT_LENGTH * 2);
    SmtpReply r = SmtpReply.parse(reply);
    assertThat(r.truncated()).isTrue();
    assertThat(r.code()).hasValue(550);
    assertThat(r.text().length()).isLessThanOrEqualTo(SmtpReply.MAX_INPUT_LENGTH);
    assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("longer than"));
  }

  @Test
  void inputAtTheCapIsNotTruncated() {
    String reply = "550 " + "y".repeat(SmtpReply.MAX_INPUT_LENGTH - 4);
    assertThat(SmtpReply.parse(reply).truncated()).isFalse();
  }

  @Test
  void recordRejectsImpossibleCodes() {
    assertThatThrownBy(
            () ->
                new SmtpReply(
                    OptionalInt.of(99),
                    Optional.empty(),
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    List.of(),
                    false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 200 and 599");
  }

  @Test
  void toStringIsTheCanonicalOneLineForm() {
    assertThat(SmtpReply.parse("550-5.7.1 a\r\n550 5.7.1 b").toString()).isEqualTo("550 5.7.1 a b");
  }
}
