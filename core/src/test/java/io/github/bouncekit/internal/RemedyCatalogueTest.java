package io.github.bouncekit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.Cause;
import io.github.bouncekit.remedy.Remedy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemedyCatalogueTest {
  private final RemedyCatalogue catalogue = RemedyCatalogue.load();

  @Test
  void everyCauseButUnknownHasAGenericDefault() {
    assertThat(catalogue.causesWithoutDefaults()).isEmpty();
  }

  @Test
  void ruleRemediesComeFirstThenProviderStepsThenGenericOnesThenAfterthoughts() {
    List<Remedy> r = catalogue.remedies(Cause.AUTH_DMARC, Optional.of("gmail"), List.of("publish-dmarc"));
    assertThat(r).extracting(Remedy::id).first().isEqualTo("publish-dmarc");
    assertThat(r).extracting(Remedy::id).doesNotHaveDuplicates();
    assertThat(r).extracting(Remedy::id).last().isEqualTo("outlook-spf-include");
    assertThat(catalogue.remedies(Cause.AUTH_DMARC, Optional.empty(), List.of()))
        .extracting(Remedy::id)
        .doesNotContain("outlook-spf-include", "gmail-sender-guidelines");
  }
}
