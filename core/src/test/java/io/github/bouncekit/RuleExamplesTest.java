package io.github.bouncekit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.provider.ProviderRule;
import io.github.bouncekit.provider.RuleTable;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of every shipped table carries an example reply that must classify to that row. */
class RuleExamplesTest {
  private static final BounceClassifier CLASSIFIER = BounceClassifier.defaults();

  static Stream<Arguments> rows() {
    return CLASSIFIER.tables().stream()
        .flatMap(t -> t.rules().stream().map(r -> Arguments.of(r.id(), r)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void exampleClassifiesToItsRow(String id, ProviderRule rule) {
    Diagnosis d = CLASSIFIER.diagnose(rule.example());
    assertThat(d.ruleId()).as("rule for: %s", rule.example()).contains(id);
    assertThat(d.cause()).isEqualTo(rule.cause());
    rule.action().ifPresent(a -> assertThat(d.action()).isEqualTo(a));
    rule.permanence().ifPresent(p -> assertThat(d.permanence()).isEqualTo(p));
    if (rule.scope() == ProviderRule.Scope.ANY) {
      assertThat(d.provider()).as("an 'any' row names its provider").isPresent();
    }
  }

  @Test
  void theTablesAreLargeAndCoverTheNamedProviders() {
    List<RuleTable> tables = CLASSIFIER.tables();
    Set<String> names = tables.stream().map(RuleTable::name).collect(Collectors.toSet());
    assertThat(names).contains("generic", "gmail", "microsoft", "yahoo");
    assertThat(names.size() - 4).as("other provider tables").isGreaterThanOrEqualTo(30);
    assertThat(tables.stream().mapToInt(t -> t.rules().size()).sum()).isGreaterThan(400);
  }

  @Test
  void everyRuleHasASourceUrl() {
    for (RuleTable t : CLASSIFIER.tables()) {
      for (ProviderRule r : t.rules()) {
        assertThat(r.source()).as(r.id()).matches("https?://\\S+");
      }
    }
  }

  /** A table file that is not loaded would be dead data: every file must be a loaded table. */
  @Test
  void everyTableFileIsLoaded() throws IOException, URISyntaxException {
    Path dir =
        Path.of(BounceClassifier.class.getResource("/io/github/bouncekit/rules/generic.tsv").toURI())
            .getParent();
    Set<String> files = new HashSet<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".tsv"))
          .map(n -> n.substring(0, n.length() - 4))
          .filter(n -> !n.equals("providers") && !n.equals("remedies"))
          .forEach(files::add);
    }
    Set<String> loaded = CLASSIFIER.tables().stream().map(RuleTable::name).collect(Collectors.toSet());
    assertThat(loaded).containsExactlyInAnyOrderElementsOf(files);
  }
}
