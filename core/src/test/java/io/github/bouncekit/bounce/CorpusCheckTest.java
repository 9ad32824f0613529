package io.github.bouncekit.bounce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The optional corpus check: every file of the shared bounce corpus (sisimai/set-of-emails,
 * BSD-2-Clause, not part of this repository) is read without an exception or a hang, and every
 * bounce in it gets at least one recipient record, but for the known gaps listed in {@code
 * corpus-known-gaps.txt} (the list must stay exact). The corpus is looked for at {@code
 * $BOUNCEKIT_CORPUS}, else at {@code ../../shared/corpus/set-of-emails} from the core module
 * (the {@code shared/} folder beside the checkout); when it is absent the test is skipped with a
 * message.
 */
class CorpusCheckTest {

  static Path corpus() {
    String env = System.getenv("BOUNCEKIT_CORPUS");
    Path p = env != null && !env.isBlank() ? Path.of(env) : Path.of("../../shared/corpus/set-of-emails");
    return p.toAbsolutePath().normalize();
  }

  @Test
  void everyBounceOfTheCorpusGetsARecipientRecord() throws IOException {
    Path root = corpus();
    Assumptions.assumeTrue(
        Files.isDirectory(root),
        "the shared bounce corpus is not present at " + root + "; the corpus check is skipped");
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().equals("LICENSE"))
          .filter(p -> !p.getFileName().toString().endsWith(".md"))
          .sorted()
          .forEach(files::add);
    }
    BounceParser parser = BounceParser.defaults();
    Map<String, Map<String, Integer>> perFolder = new TreeMap<>();
    List<String> withoutRecipient = new ArrayList<>();
    assertTimeoutPreemptively(
        Duration.ofMinutes(5),
        () -> {
          for (Path f : files) {
            BounceReport r = parser.parse(f);
            String folder = root.relativize(f.getParent()).toString();
            perFolder.computeIfAbsent(folder, k -> new TreeMap<>()).merge(r.kind().id(), 1, Integer::sum);
            if (r.isBounce() && r.recipients().isEmpty()) {
              withoutRecipient.add(root.relativize(f).toString());
            }
          }
        });
    System.out.println("corpus check: " + files.size() + " files under " + root);
    perFolder.forEach((folder, kinds) -> System.out.println("  " + folder + " " + kinds));
    System.out.println("  bounces without a recipient record: " + withoutRecipient);
    assertThat(files).hasSizeGreaterThan(800);
    List<String> known = new ArrayList<>();
    try (java.io.InputStream in = CorpusCheckTest.class.getResourceAsStream("corpus-known-gaps.txt")) {
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          known.add(line.trim());
        }
      }
    }
    assertThat(withoutRecipient)
        .as("bounces without a recipient record (known ones are listed in corpus-known-gaps.txt)")
        .containsExactlyInAnyOrderElementsOf(known);
  }
}
