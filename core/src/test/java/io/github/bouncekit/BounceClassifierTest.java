package io.github.bouncekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bouncekit.provider.Provider;
import io.github.bouncekit.provider.ProviderRule;
import io.github.bouncekit.provider.RuleTable;
import io.github.bouncekit.remedy.Remedy;
import io.github.bouncekit.reply.SmtpStage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BounceClassifierTest {
  private static final BounceClassifier DEFAULTS = BounceClassifier.defaults();
  private static final String HEADER =
      "id\tpriority\tscope\tbasic\tenhanced\tmatch\tcause\taction\tpermanence\tremedies\tsource\texample\n";

  static RuleTable table(String name, String... rows) {
    String text = HEADER + String.join("\n", rows) + "\n";
    try {
      return RuleTable.read(
          name, name + ".tsv", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static String row(String id, int prio, String scope, String basic, String enh, String match, String cause) {
    return String.join(
        "\t", id, Integer.toString(prio), scope, basic, enh, match, cause, "", "", "",
        "https://example.com/doc", "550 example");
  }

  // ------------------------------------------------------------------ the shipped tables

  /** The README's quick start, word for word. */
  @Test
  void quickStartDiagnosis() {
    Diagnosis d =
        DEFAULTS.diagnose(
            "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's\n"
                + "550 5.7.26 DMARC policy. Please contact the administrator of example.com domain."
                + " - gsmtp");
    assertThat(d)
        .extracting(Diagnosis::cause, Diagnosis::action, Diagnosis::permanence)
        .containsExactly(Cause.AUTH_DMARC, Action.FIX_SENDER, Permanence.PERMANENT);
    assertThat(d.provider()).map(Provider::id).contains("gmail");
    assertThat(d.ruleId()).contains("gmail.dmarc-policy");
    assertThat(d.remedies())
        .extracting(Remedy::id)
        .startsWith("gmail-sender-guidelines", "gmail-bulk-sender-requirements", "sign-dkim");
    assertThat(d.status()).map(Object::toString).contains("5.7.26");
    assertThat(d.replyCode()).hasValue(550);
    assertThat(d.confidence()).isEqualTo(Confidence.HIGH);
  }

  /** Gmail refusing unauthenticated mail: the Microsoft 365 fix comes last, after Gmail's steps. */
  @Test
  void gmailAuthenticationFailuresMentionTheMicrosoft365Fix() {
    Diagnosis d =
        DEFAULTS.diagnose(
            "550 5.7.26 This mail is unauthenticated, which poses a security risk to the sender and"
                + " Gmail users, and has been blocked. The sender must authenticate with at least one"
                + " of SPF or DKIM. - gsmtp");
    assertThat(d.provider()).map(Provider::id).contains("gmail");
    assertThat(d.remedies()).extracting(Remedy::id).last().isEqualTo("outlook-spf-include");
    assertThat(d.remedies()).extracting(Remedy::id).first().asString().startsWith("gmail-");
  }

  @Test
  void exchangeUnableToRelayNamesTheConnectorFix() {
    Diagnosis d = DEFAULTS.diagnose("550 5.7.1 Unable to relay");
    assertThat(d.cause()).isEqualTo(Cause.RELAY_DENIED);
    assertThat(d.remedies()).extracting(Remedy::id).contains("exchange-relay-connector");
  }

  @Test
  void evidenceOffsetsPointAtTheMatchedWords() {
    Diagnosis d = DEFAULTS.diagnose("550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown in virtual mailbox table");
    Evidence e = d.evidence().orElseThrow();
    assertThat(e.matches()).isNotEmpty();
    for (Evidence.Match m : e.matches()) {
      String phrase = m.phrase().replace("*", "");
      assertThat(e.text().substring(m.start(), m.end())).isEqualTo(phrase);
    }
    assertThat(d.ruleId()).contains(e.ruleId());
    assertThat(DEFAULTS.tableOf(e.ruleId())).contains(e.table());
  }

  @Test
  void theMeaningBeatsTheCode() {
    // A 5.x.x code with words that say the condition is temporary.
    Diagnosis d =
        DEFAULTS.diagnose(
            "550 5.2.1 The user you are trying to contact is receiving mail at a rate that prevents"
                + " additional messages from being delivered.");
    assertThat(d.cause()).isEqualTo(Cause.RATE_LIMITED);
    assertThat(d.permanence()).isEqualTo(Permanence.TRANSIENT);
    assertThat(d.action()).isEqualTo(Action.RETRY);
  }

  /**
   * Permanence and action follow the meaning, not the code's class: the receiver's own trouble
   * (configuration, disk) may be mended, so it is retried even on a 5xx code, while a loop needs a
   * person; a message too large will not shrink, even on a 4xx code; a limit per hour lifts by
   * itself, a limit per message asks the sender to split it. A reply that calls itself a temporary
   * failure is retried whatever its code says, and a sender's or a header's fault never suppresses
   * the recipient.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          500 5.3.5 System config error | SYSTEM_ERROR | RETRY | TRANSIENT
          550 5.0.0 Mail system full | SYSTEM_ERROR | RETRY | TRANSIENT
          Permanent error while executing qmail-forward \
            | SYSTEM_ERROR | CONTACT_POSTMASTER | PERMANENT
          554 5.4.6 Too many hops | SYSTEM_ERROR | CONTACT_POSTMASTER | PERMANENT
          400 4.2.3 Message too big | MESSAGE_TOO_LARGE | FIX_SENDER | PERMANENT
          452 Too many recipients received this hour | RATE_LIMITED | RETRY | TRANSIENT
          550 5.1.1 Too many recipients this hour from your IP, slow down and try again later \
            | RATE_LIMITED | RETRY | TRANSIENT
          452 4.5.3 Too many recipients | RATE_LIMITED | FIX_SENDER | TRANSIENT
          521 5.2.1 "TempFail" | SYSTEM_ERROR | RETRY | TRANSIENT
          450 Requested mail action not taken: mailbox unavailable | SYSTEM_ERROR | RETRY | TRANSIENT
          Invalid address in To | NOT_RFC_COMPLIANT | FIX_SENDER | PERMANENT
          554 Sender domain does not have any MX records. | SENDER_INVALID | FIX_SENDER | PERMANENT
          """)
  void permanenceAndActionFollowTheMeaning(
      String reply, Cause cause, Action action, Permanence permanence) {
    Diagnosis d = DEFAULTS.diagnose(reply);
    assertThat(List.of(d.cause(), d.action(), d.permanence()))
        .containsExactly(cause, action, permanence);
  }

  @Test
  void yahooRetryingWillNotSucceedIsPermanent() {
    Diagnosis d =
        DEFAULTS.diagnose(
            "421 4.7.1 [TS03] All messages from 192.0.2.1 will be permanently deferred; Retrying will"
                + " NOT succeed. See https://senders.yahooinc.com/error-codes");
    assertThat(d.provider()).map(Provider::id).contains("yahoo");
    assertThat(d.permanence()).isEqualTo(Permanence.PERMANENT);
    assertThat(d.facts().providerCodes()).contains("TS03");
    assertThat(d.facts().ipAddresses()).contains("192.0.2.1");
  }

  @Test
  void factsAreDistinctInTextOrderAndBoundedPerKind() {
    StringBuilder reply = new StringBuilder("550 5.7.1 blocked hosts:");
    for (int i = 0; i < 200; i++) {
      reply.append(" 198.51.").append(i / 250).append('.').append(i % 250);
      reply.append(" 198.51.0.0"); // repeated: listed once
    }
    Diagnosis d = DEFAULTS.diagnose(reply.toString());
    assertThat(d.facts().ipAddresses()).hasSize(Facts.MAX_PER_KIND).doesNotHaveDuplicates();
    assertThat(d.facts().ipAddresses()).startsWith("198.51.0.0", "198.51.0.1", "198.51.0.2");
    // Host names: the wrapper's host first, then the bracketed ones, the whole list bounded too.
    StringBuilder hosts = new StringBuilder("host mx.example.net[192.0.2.1] said: 550 5.7.1 relays:");
    for (int i = 0; i < 200; i++) {
      hosts.append(" [relay").append(i).append(".example.org]");
    }
    Diagnosis h = DEFAULTS.diagnose(hosts.toString());
    assertThat(h.facts().hostNames())
        .hasSize(Facts.MAX_PER_KIND)
        .doesNotHaveDuplicates()
        .startsWith("mx.example.net", "relay0.example.org");
  }

  @Test
  void microsoftBlockListWithDelistRemedy() {
    Diagnosis d =
        DEFAULTS.diagnose(
            "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your"
                + " Internet service provider since part of their network is on our block list"
                + " (S3150). You can also refer your provider to"
                + " http://mail.live.com/mail/troubleshooting.aspx#errors."
                + " [AM1EUR02FT012.eop-EUR02.prod.protection.outlook.com]");
    assertThat(d.cause()).isEqualTo(Cause.BLOCKLISTED);
    assertThat(d.provider()).map(Provider::id).contains("microsoft");
    assertThat(d.remedies()).extracting(Remedy::id).isNotEmpty();
    assertThat(d.facts().providerCodes()).contains("S3150");
    assertThat(d.facts().hostNames()).contains("am1eur02ft012.eop-eur02.prod.protection.outlook.com");
  }

  @Test
  void blocklistNamesAreFacts() {
    Diagnosis d =
        DEFAULTS.diagnose(
            "554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org;"
                + " https://www.spamhaus.org/query/ip/192.0.2.9");
    assertThat(d.cause()).isEqualTo(Cause.BLOCKLISTED);
    assertThat(d.facts().blocklists()).contains("zen.spamhaus.org");
    assertThat(d.remedies()).extracting(Remedy::id).contains("spamhaus-removal");
    assertThat(d.action()).isEqualTo(Action.CONTACT_POSTMASTER);
  }

  @Test
  void aReceiversCertificateTheSenderCannotVerifyIsForItsPostmaster() {
    // The sending MTA refused the receiver's certificate (DANE, MTA-STS, an expired or mismatched
    // certificate): only the receiving side can fix it.
    for (String reply :
        List.of(
            "451 4.7.5 TLS negotiation failed: certificate verification failed for mx.example.org",
            "4/5.7.323 tlsa-invalid: The domain failed DANE validation.",
            "Server certificate not trusted")) {
      Diagnosis d = DEFAULTS.diagnose(reply);
      assertThat(d.cause()).as(reply).isEqualTo(Cause.TLS_OR_AUTH_REQUIRED);
      assertThat(d.action()).as(reply).isEqualTo(Action.CONTACT_POSTMASTER);
      assertThat(d.remedies()).extracting(Remedy::id).as(reply).contains("contact-recipient-postmaster");
    }
    // A receiver that requires TLS, or a handshake that failed, is the sender's to fix.
    assertThat(DEFAULTS.diagnose("530 5.7.0 Must issue a STARTTLS command first").action())
        .isEqualTo(Action.FIX_SENDER);
    assertThat(DEFAULTS.diagnose("454 4.7.0 TLS handshake failed: no shared cipher").action())
        .isEqualTo(Action.FIX_SENDER);
  }

  @Test
  void contextNamesTheProviderWhenTheTextCannot() {
    String reply = "550 5.1.1 User unknown";
    assertThat(DEFAULTS.diagnose(reply).provider()).isEmpty();
    assertThat(
            DEFAULTS
                .diagnose(reply, Context.none().withRemoteMta("gmail-smtp-in.l.google.com"))
                .provider())
        .map(Provider::id)
        .contains("gmail");
    assertThat(DEFAULTS.diagnose(reply, Context.none().withRecipient("someone@outlook.com")).provider())
        .map(Provider::id)
        .contains("microsoft");
    assertThat(
            DEFAULTS
                .diagnose(reply, Context.none().withRecipient("<a@Yahoo.com>").withStage(SmtpStage.RCPT_TO))
                .provider())
        .map(Provider::id)
        .contains("yahoo");
  }

  @Test
  void aRecipientCauseBeforeAnyRecipientWasNamedIsAboutTheSender() {
    // At MAIL FROM the server has not seen a recipient yet: "user unknown" is the sender.
    Diagnosis mail =
        DEFAULTS.diagnose(
            "550 5.1.1 <news@example.org>... User unknown",
            Context.none().withStage(SmtpStage.MAIL_FROM));
    assertThat(mail.cause()).isEqualTo(Cause.SENDER_INVALID);
    assertThat(mail.action()).isEqualTo(Action.FIX_SENDER);
    assertThat(mail.ruleId()).contains("generic.user-unknown");
    assertThat(mail.notes()).anySatisfy(n -> assertThat(n).contains("MAIL_FROM stage"));
    // The stage a wrapper names counts as well.
    Diagnosis wrapped =
        DEFAULTS.diagnose(
            "host mx.example.net[192.0.2.1] said: 553 5.1.8 <news@example.org>: Sender address"
                + " rejected: Domain not found (in reply to MAIL FROM command)");
    assertThat(wrapped.cause()).isEqualTo(Cause.SENDER_INVALID);
    // At HELO a bad domain name is the client's own name.
    Diagnosis helo =
        DEFAULTS.diagnose(
            "501 5.0.0 Invalid domain name", Context.none().withStage(SmtpStage.HELO));
    assertThat(helo.cause()).isEqualTo(Cause.PROTOCOL_ERROR);
    assertThat(helo.action()).isNotEqualTo(Action.SUPPRESS_RECIPIENT);
    // At AUTH the mailbox named is the client's own login.
    Diagnosis auth =
        DEFAULTS.diagnose(
            "550 5.1.1 <app@example.org>... User unknown", Context.none().withStage(SmtpStage.AUTH));
    assertThat(auth.cause()).isEqualTo(Cause.TLS_OR_AUTH_REQUIRED);
    assertThat(auth.action()).isNotEqualTo(Action.SUPPRESS_RECIPIENT);
    Diagnosis login = DEFAULTS.diagnose("Invalid login: 550 5.2.1 Mailbox is disabled");
    assertThat(login.cause()).isEqualTo(Cause.SENDER_ACCOUNT_RESTRICTED);
    assertThat(login.action()).isNotEqualTo(Action.SUPPRESS_RECIPIENT);
    assertThat(login.notes()).anySatisfy(n -> assertThat(n).contains("AUTH stage"));
    // After RCPT TO the recipient reading stands.
    Diagnosis rcpt =
        DEFAULTS.diagnose(
            "550 5.1.1 <a@example.com>... User unknown",
            Context.none().withStage(SmtpStage.RCPT_TO));
    assertThat(rcpt.cause()).isEqualTo(Cause.USER_UNKNOWN);
    assertThat(rcpt.action()).isEqualTo(Action.SUPPRESS_RECIPIENT);
    // 501 (a syntax error in the parameters) naming an invalid domain is the HELO/EHLO check of
    // Sendmail and Exchange even when the stage is unknown: never a recipient to suppress.
    assertThat(DEFAULTS.diagnose("501 5.0.0 Invalid domain name").cause())
        .isEqualTo(Cause.PROTOCOL_ERROR);
  }

  @Test
  void unknownInputIsANormalResult() {
    Diagnosis d = DEFAULTS.diagnose("the quick brown fox");
    assertThat(d.cause()).isEqualTo(Cause.UNKNOWN);
    assertThat(d.confidence()).isEqualTo(Confidence.NONE);
    assertThat(d.evidence()).isEmpty();
    assertThat(d.ruleId()).isEmpty();
    assertThat(d.notes()).anySatisfy(n -> assertThat(n).contains("no rule matched"));
    assertThat(d.action()).isNotEqualTo(Action.SUPPRESS_RECIPIENT);

    Diagnosis empty = DEFAULTS.diagnose("");
    assertThat(empty.cause()).isEqualTo(Cause.UNKNOWN);
    assertThat(empty.permanence()).isEqualTo(Permanence.UNKNOWN);
    assertThat(empty.notes()).contains("the reply is empty");
  }

  @Test
  void aBareCodeStillGetsItsDefaultMeaning() {
    Diagnosis d = DEFAULTS.diagnose("452 4.2.2");
    assertThat(d.cause()).isEqualTo(Cause.MAILBOX_FULL);
    assertThat(d.evidence().orElseThrow().basis()).isEqualTo(Evidence.Basis.ENHANCED_CODE);
    assertThat(d.confidence()).isEqualTo(Confidence.LOW);
  }

  @Test
  void overlongInputIsCutAndNoted() {
    Diagnosis d = DEFAULTS.diagnose("550 5.1.1 user unknown " + "x ".repeat(100_000));
    assertThat(d.reply().truncated()).isTrue();
    assertThat(d.notes()).anySatisfy(n -> assertThat(n).contains("longer than"));
    assertThat(d.cause()).isEqualTo(Cause.USER_UNKNOWN);
  }

  @Test
  void nullIsRefusedWithAClearMessage() {
    assertThatThrownBy(() -> DEFAULTS.diagnose(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("reply must not be null");
    assertThatThrownBy(() -> DEFAULTS.diagnose("550", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("Context.none()");
  }

  @Test
  void resultsAreImmutable() {
    Diagnosis d = DEFAULTS.diagnose("550 5.1.1 user unknown");
    assertThatThrownBy(() -> d.remedies().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> d.notes().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  // ------------------------------------------------------------------ decision order, own tables

  private static BounceClassifier own(RuleTable... tables) {
    BounceClassifier.Builder b = BounceClassifier.builder().withoutDefaultTables();
    for (RuleTable t : tables) {
      b.addTable(t);
    }
    return b.build();
  }

  @Test
  void providerRulesBeatGenericRulesAndPhrasesBeatCodes() {
    BounceClassifier c =
        own(
            table(
                "gmail",
                row("gmail.words", 10, "", "", "", "blocked", "blocklisted"),
                row("gmail.code", 90, "", "", "5.7.1", "", "low_reputation")),
            table(
                "generic",
                row("generic.words", 100, "", "", "", "blocked", "blocked_unspecified"),
                row("generic.enhanced", 100, "", "", "5.7.1", "", "policy_violation"),
                row("generic.basic", 100, "", "550", "", "", "system_error")));
    String signal = " - gsmtp";
    assertThat(c.diagnose("550 5.7.1 blocked" + signal).ruleId()).contains("gmail.words");
    assertThat(c.diagnose("550 5.7.1 nothing" + signal).ruleId()).contains("gmail.code");
    assertThat(c.diagnose("550 5.7.1 blocked").ruleId()).contains("generic.words");
    assertThat(c.diagnose("550 5.7.1 nothing").ruleId()).contains("generic.enhanced");
    assertThat(c.diagnose("550 nothing").ruleId()).contains("generic.basic");
    assertThat(c.diagnose("451 nothing").cause()).isEqualTo(Cause.UNKNOWN);
  }

  @Test
  void priorityThenLengthThenOrderDecideWithinATier() {
    BounceClassifier c =
        own(
            table(
                "generic",
                row("generic.short", 50, "", "", "", "mailbox", "user_unknown"),
                row("generic.long", 50, "", "", "", "mailbox full", "mailbox_full"),
                row("generic.first", 40, "", "", "", "quota", "mailbox_full"),
                row("generic.second", 40, "", "", "", "quota", "rate_limited"),
                row("generic.high", 60, "", "", "", "over", "mailbox_disabled")));
    assertThat(c.diagnose("552 mailbox full").ruleId()).contains("generic.long");
    assertThat(c.diagnose("552 quota").ruleId()).contains("generic.first");
    assertThat(c.diagnose("552 mailbox full, over quota").ruleId()).contains("generic.high");
  }

  /**
   * A phrase that ends inside an address's local part ("spam" in "<spam@example.com>") names a
   * mailbox, not a reason. The local part runs to the '@' over at most 64 characters (RFC 5321);
   * a character that cannot be in a local part, or a longer run, ends it.
   */
  @Test
  void aPhraseInsideAnAddressLocalPartIsNoReason() {
    BounceClassifier c =
        own(table("generic", row("generic.spam", 50, "", "", "", "spam*", "spam_content")));
    String r63 = "r".repeat(63);
    assertThat(c.diagnose("550 rejected: <spam@example.com>").cause()).isEqualTo(Cause.UNKNOWN);
    assertThat(c.diagnose("550 <spam.reports@example.com> spam").cause())
        .isEqualTo(Cause.SPAM_CONTENT);
    assertThat(c.diagnose("550 to spam-" + r63 + "@example.com").cause())
        .as("the run from the phrase's end to the '@' is 64 characters")
        .isEqualTo(Cause.UNKNOWN);
    assertThat(c.diagnose("550 to spam-r" + r63 + "@example.com").cause())
        .as("65 characters are no local part")
        .isEqualTo(Cause.SPAM_CONTENT);
    assertThat(c.diagnose("550 spam <x@example.com> and <spam@example.org>").cause())
        .as("a phrase before the last '@' but outside any address")
        .isEqualTo(Cause.SPAM_CONTENT);
    assertThat(c.diagnose("550 spam, x@example.com").cause()).isEqualTo(Cause.SPAM_CONTENT);
  }

  @Test
  void expressionSyntax() {
    BounceClassifier c =
        own(
            table(
                "generic",
                row("generic.and-not", 50, "", "", "", "storage & inactive", "mailbox_disabled"),
                row("generic.or", 40, "", "", "", "storage & !inactive | over quota", "mailbox_full"),
                row("generic.prefix", 30, "", "", "", "blacklist*", "blocklisted"),
                row("generic.suffix", 30, "", "", "", "*listed here", "blocklisted")));
    assertThat(c.diagnose("552 out of storage and inactive").ruleId()).contains("generic.and-not");
    assertThat(c.diagnose("552 out of storage").ruleId()).contains("generic.or");
    assertThat(c.diagnose("552 you are OVER\n  QUOTA").ruleId()).contains("generic.or");
    assertThat(c.diagnose("550 blacklisted").ruleId()).contains("generic.prefix");
    assertThat(c.diagnose("550 blocklisted here").ruleId()).contains("generic.suffix");
    // Word boundaries: "storage" inside "storages" does not count.
    assertThat(c.diagnose("552 storages").cause()).isEqualTo(Cause.UNKNOWN);
  }

  @Test
  void scopeDecidesWhenProviderRowsApply() {
    BounceClassifier c =
        own(
            table(
                "gmail",
                row("gmail.detected", 50, "detected", "", "", "quota", "mailbox_full"),
                row("gmail.any", 50, "any", "", "", "gmail quota", "rate_limited")),
            table(
                "microsoft",
                row("microsoft.shared", 50, "shared", "", "", "resolver.adr.recipnotfound", "user_unknown")));
    assertThat(c.diagnose("552 quota").cause()).isEqualTo(Cause.UNKNOWN);
    assertThat(c.diagnose("552 quota", Context.none().withRemoteMta("mx.google.com")).ruleId())
        .contains("gmail.detected");
    Diagnosis any = c.diagnose("452 gmail quota");
    assertThat(any.ruleId()).contains("gmail.any");
    assertThat(any.provider()).map(Provider::id).contains("gmail");
    Diagnosis shared = c.diagnose("550 5.1.1 RESOLVER.ADR.RecipNotFound; not found");
    assertThat(shared.ruleId()).contains("microsoft.shared");
    assertThat(shared.provider()).isEmpty();
  }

  @Test
  void userTablesAddAndReplace(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("acme.tsv");
    Files.writeString(
        file,
        HEADER
            + row("acme.parked", 80, "any", "", "", "acme mailbox parked", "mailbox_disabled")
            + "\n");
    BounceClassifier c = BounceClassifier.builder().addTable(RuleTable.read(file)).build();
    Diagnosis d = c.diagnose("550 ACME mailbox parked");
    assertThat(d.ruleId()).contains("acme.parked");
    assertThat(d.provider()).map(Provider::id).contains("acme");
    assertThat(d.action()).isEqualTo(Action.SUPPRESS_RECIPIENT);

    BounceClassifier noGeneric = BounceClassifier.builder().removeTable("generic").build();
    assertThat(noGeneric.tables()).extracting(RuleTable::name).doesNotContain("generic");
    assertThat(noGeneric.diagnose("550 5.1.1 User unknown").ruleId()).isNotEqualTo(Optional.of("generic.user-unknown"));

    BounceClassifier extra =
        BounceClassifier.builder()
            .addRules(
                "generic",
                List.of(
                    new ProviderRule(
                        "generic.acme-special", 100, ProviderRule.Scope.DETECTED, "", "",
                        "frobnicated mailbox", Cause.MAILBOX_DISABLED, Optional.empty(),
                        Optional.empty(), List.of(), "https://example.com", "550 frobnicated mailbox")))
            .build();
    assertThat(extra.diagnose("550 frobnicated mailbox").ruleId()).contains("generic.acme-special");
    assertThat(extra.diagnose("550 5.1.1 User unknown").cause()).isEqualTo(Cause.USER_UNKNOWN);
  }

  @Test
  void aStagedRowAppliesOnlyAtItsStages() {
    String header = HEADER.replace("\texample\n", "\texample\tstage\n");
    String text =
        header
            + row("generic.parked-at-data", 90, "", "", "", "mailbox parked", "recipient_blocked_sender")
            + "\tdata,bdat\n"
            + row("generic.parked", 80, "", "", "", "mailbox parked", "mailbox_disabled")
            + "\n";
    RuleTable t;
    try {
      t = RuleTable.read("generic", "generic.tsv", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertThat(t.rules().get(0).stages()).containsExactlyInAnyOrder(SmtpStage.DATA, SmtpStage.BDAT);
    assertThat(t.rules().get(1).stages()).isEmpty();
    BounceClassifier c = BounceClassifier.builder().removeTable("generic").addTable(t).build();

    // The stage from the reply's transcript, from the caller's context, or unknown.
    assertThat(c.diagnose(">>> DATA\n<<< 550 mailbox parked").ruleId()).contains("generic.parked-at-data");
    assertThat(c.diagnose(">>> RCPT TO:<a@example.com>\n<<< 550 mailbox parked").ruleId())
        .contains("generic.parked");
    assertThat(c.diagnose("550 mailbox parked", Context.none().withStage(SmtpStage.BDAT)).ruleId())
        .contains("generic.parked-at-data");
    assertThat(c.diagnose("550 mailbox parked", Context.none().withStage(SmtpStage.RCPT_TO)).ruleId())
        .contains("generic.parked");
    assertThat(c.diagnose("550 mailbox parked").ruleId())
        .as("a staged row does not apply when the stage is unknown")
        .contains("generic.parked");

    assertThatThrownBy(
            () ->
                RuleTable.read(
                    "generic",
                    "generic.tsv",
                    new ByteArrayInputStream(
                        (header + row("generic.x", 50, "", "", "", "a", "user_unknown") + "\tend-of-data\n")
                            .getBytes(StandardCharsets.UTF_8))))
        .hasMessageContaining("generic.tsv, line 2, column 'stage'")
        .hasMessageContaining("was end-of-data");
  }

  @Test
  void badTablesFailFastWithTheirPosition() {
    assertThatThrownBy(() -> table("generic", row("generic.x", 50, "", "", "", "Upper Case", "user_unknown")))
        .hasMessageContaining("generic.tsv, line 2")
        .hasMessageContaining("lower case");
    assertThatThrownBy(() -> table("generic", row("generic.x", 50, "", "", "", "a", "no_such_cause")))
        .hasMessageContaining("unknown cause no_such_cause");
    assertThatThrownBy(() -> table("generic", row("generic.x", 50, "", "5x", "", "a", "user_unknown")))
        .hasMessageContaining("expected a reply code");
    assertThatThrownBy(() -> table("generic", row("generic.x", 50, "", "", "5.7", "a", "user_unknown")))
        .hasMessageContaining("class.subject.detail");
    assertThatThrownBy(() -> table("generic", row("generic.x", 50, "", "", "", "", "user_unknown")))
        .hasMessageContaining("would match anything");
    assertThatThrownBy(() -> table("generic", row("other.x", 50, "", "", "", "a", "user_unknown")))
        .hasMessageContaining("start with 'generic.'");
    assertThatThrownBy(() -> table("generic", row("generic.x", 50, "", "", "", "!a", "user_unknown")))
        .hasMessageContaining("at least one phrase that is not negated");
    assertThatThrownBy(
            () ->
                table(
                    "generic",
                    String.join(
                        "\t", "generic.x", "50", "", "", "", "spf", "auth_spf", "suppress_recipient",
                        "", "", "https://example.com", "550 spf")))
        .hasMessageContaining("suppress_recipient is only for recipient causes");
    assertThatThrownBy(
            () ->
                own(table("generic", row("generic.x", 1, "", "", "", "a", "user_unknown")),
                    table("gmail", row("gmail.x", 1, "", "", "", "a", "user_unknown"), row("gmail.x", 1, "", "", "", "b", "user_unknown"))))
        .hasMessageContaining("gmail.x appears twice");
    assertThatThrownBy(() -> own(table("nosuchprovider", row("nosuchprovider.x", 1, "", "", "", "a", "user_unknown"))))
        .hasMessageContaining("not in providers.tsv");
    assertThatThrownBy(() -> BounceClassifier.builder().removeTable("nope"))
        .hasMessageContaining("no table named 'nope'");
  }
}
