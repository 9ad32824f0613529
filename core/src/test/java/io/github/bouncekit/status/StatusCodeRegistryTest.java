package io.github.bouncekit.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusCodeRegistryTest {
  private final StatusCodeRegistry registry = StatusCodeRegistry.iana();

  @Test
  void holdsTheWholeRegistry() {
    // The IANA registry (updated 2024-12-06) enumerates X.0.0 .. X.7.30: 81 codes.
    assertThat(registry.size()).isEqualTo(81);
    assertThat(registry.entries()).hasSize(81);
    assertThat(registry.entries().get(0).code()).isEqualTo("X.0.0");
    assertThat(registry.entries().get(80).code()).isEqualTo("X.7.30");
    int[] lastDetail = {0, 10, 4, 6, 7, 6, 10, 30};
    for (int subject = 0; subject < lastDetail.length; subject++) {
      for (int detail = 0; detail <= lastDetail[subject]; detail++) {
        assertThat(registry.lookup(subject, detail)).as("X.%d.%d", subject, detail).isPresent();
      }
      assertThat(registry.lookup(subject, lastDetail[subject] + 1)).isEmpty();
    }
  }

  /** One or more codes from each document that added codes to the registry. */
  @ParameterizedTest(name = "{0} ({3})")
  @CsvSource(
      delimiter = '|',
      value = {
        "5.1.1 | Bad destination mailbox address | 550 | RFC 3463",
        "4.2.2 | Mailbox full | 552 | RFC 3463",
        "5.4.7 | Delivery time expired | | RFC 3463",
        "5.1.9 | Message relayed to non-compliant mailer | | RFC 3886",
        "5.6.6 | Message content not available | 554 | RFC 4468",
        "5.7.8 | Authentication credentials invalid | 535 | RFC 4954",
        "5.5.6 | Authentication Exchange line is too long | 500 | RFC 4954",
        "5.7.13 | User Account Disabled | 525 | RFC 5248",
        "5.6.7 | Non-ASCII addresses not permitted for that sender/recipient | 553 | RFC 6531",
        "2.3.6 | Requested priority was changed | 250 | RFC 6710",
        "5.7.17 | Mailbox owner has changed | | RFC 7293",
        "5.7.26 | Multiple authentication checks failed | 550 | RFC 7372",
        "5.7.23 | SPF validation failed | 550 | RFC 7372",
        "5.3.2 | System not accepting network messages | 453 | RFC 7504",
        "5.1.10 | Recipient address has null MX | 556 | RFC 7505",
        "5.7.27 | Sender address has null MX | 550 | RFC 7505",
        "5.7.29 | ARC validation failure | 550 | RFC 8617",
        "5.7.30 | REQUIRETLS support required | 550 | RFC 8689",
      })
  void spotChecks(String code, String title, Integer basic, String reference) {
    RegisteredStatusCode e = EnhancedStatusCode.parse(code).registration().orElseThrow();
    assertThat(e.title()).isEqualTo(title);
    assertThat(e.references()).contains(reference);
    assertThat(e.description()).isNotBlank();
    if (basic != null) {
      assertThat(e.basicCodes()).contains(basic);
    } else {
      assertThat(e.basicCodes()).isEmpty();
    }
    assertThat(e.code()).isEqualTo(EnhancedStatusCode.parse(code).toRegistryForm());
  }

  @Test
  void unregisteredCodesAreKeptAndReportedAsUnregistered() {
    for (String code : List.of("5.7.606", "4.7.650", "5.7.509", "5.1.90", "4.4.316")) {
      EnhancedStatusCode c = EnhancedStatusCode.parse(code);
      assertThat(c.toString()).isEqualTo(code);
      assertThat(c.registration()).as(code).isEmpty();
      assertThat(registry.isRegistered(c)).isFalse();
    }
    assertThat(registry.isRegistered(EnhancedStatusCode.parse("4.7.1"))).isTrue();
  }

  @Test
  void describesClassesAndSubjects() {
    assertThat(registry.describe(StatusClass.PERMANENT_FAILURE)).containsIgnoringCase("permanent");
    assertThat(registry.describe(StatusSubject.SECURITY_OR_POLICY)).containsIgnoringCase("security");
    for (StatusClass c : StatusClass.values()) {
      assertThat(registry.describe(c)).isNotBlank().isNotEqualTo(c.title());
    }
    for (StatusSubject s : StatusSubject.values()) {
      assertThat(registry.describe(s)).isNotBlank().isNotEqualTo(s.title());
    }
  }

  @Test
  void entriesAreImmutable() {
    List<RegisteredStatusCode> entries = registry.entries();
    org.assertj.core.api.Assertions.assertThatThrownBy(entries::clear)
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
