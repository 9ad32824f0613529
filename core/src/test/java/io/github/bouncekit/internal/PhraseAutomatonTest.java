package io.github.bouncekit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PhraseAutomatonTest {

  private static TreeSet<String> scan(PhraseAutomaton a, String text) {
    TreeSet<String> out = new TreeSet<>();
    a.scan(text, (p, start, end) -> out.add(p + "@" + start + "-" + end));
    return out;
  }

  private static TreeSet<String> naive(List<String> patterns, String text) {
    TreeSet<String> out = new TreeSet<>();
    for (int p = 0; p < patterns.size(); p++) {
      String pat = patterns.get(p);
      for (int i = text.indexOf(pat); i >= 0; i = text.indexOf(pat, i + 1)) {
        out.add(p + "@" + i + "-" + (i + pat.length()));
      }
    }
    return out;
  }

  @Test
  void findsOverlappingAndNestedOccurrences() {
    List<String> patterns = List.of("he", "she", "his", "hers", "e");
    PhraseAutomaton a = new PhraseAutomaton(patterns);
    assertThat(scan(a, "ushers")).isEqualTo(naive(patterns, "ushers"));
    assertThat(scan(a, "ushers")).contains("1@1-4", "0@2-4", "3@2-6", "4@3-4");
    assertThat(scan(a, "")).isEmpty();
    assertThat(scan(a, "xyz")).isEmpty();
  }

  @Test
  void refusesEmptyPatterns() {
    assertThatThrownBy(() -> new PhraseAutomaton(List.of("a", "")))
        .hasMessageContaining("empty pattern");
  }

  @Test
  void reportsEachStringsPayloadInPlaceOfItsIndex() {
    List<String> patterns = List.of("he", "she", "his", "hers", "e", "he");
    int[] payloads = {700, -3, 0, Integer.MAX_VALUE, 1 << 30, 12};
    PhraseAutomaton byIndex = new PhraseAutomaton(patterns);
    PhraseAutomaton byPayload = new PhraseAutomaton(patterns, payloads);
    for (String text : List.of("ushers", "hishe", "hehehe", "", "sheers")) {
      List<String> expected = new ArrayList<>();
      byIndex.scan(text, (p, start, end) -> expected.add(payloads[p] + "@" + start + "-" + end));
      List<String> got = new ArrayList<>();
      byPayload.scan(text, (p, start, end) -> got.add(p + "@" + start + "-" + end));
      assertThat(got).as(text).isEqualTo(expected); // the same reports, in the same order
    }
    assertThat(new PhraseAutomaton(patterns, null).states()).isEqualTo(byIndex.states());
  }

  @Test
  void refusesPayloadsThatDoNotMatchThePatterns() {
    assertThatThrownBy(() -> new PhraseAutomaton(List.of("a", "b"), new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("1 payloads for 2 patterns");
  }

  static LongStream seeds() {
    return LongStream.range(0, 100).map(i -> 0xACL * 1000 + i);
  }

  /** Against a naive search, on small alphabets where overlaps and failure chains are common. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void agreesWithANaiveSearch(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    String alphabet = "abc. é5".substring(0, 2 + rnd.nextInt(6));
    List<String> patterns = new ArrayList<>();
    for (int i = 1 + rnd.nextInt(30); i > 0; i--) {
      patterns.add(random(rnd, alphabet, 1 + rnd.nextInt(6)));
    }
    PhraseAutomaton a = new PhraseAutomaton(patterns);
    for (int t = 0; t < 10; t++) {
      String text = random(rnd, alphabet + "xyz", rnd.nextInt(200));
      assertThat(scan(a, text)).as(text).isEqualTo(naive(patterns, text));
    }
  }

  private static String random(SplittableRandom rnd, String alphabet, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /** Tens of thousands of states, most of them deep (sparse) ones. */
  @Test
  void largeAutomatonsAgreeWithANaiveSearchToo() {
    SplittableRandom rnd = new SplittableRandom(7);
    List<String> patterns = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      patterns.add(random(rnd, "abcdefghij", 8 + rnd.nextInt(5)));
    }
    PhraseAutomaton a = new PhraseAutomaton(patterns);
    assertThat(a.states()).isGreaterThan(0x8000);
    for (int t = 0; t < 20; t++) {
      String text = patterns.get(rnd.nextInt(patterns.size())) + random(rnd, "abcdefghijk", 300)
          + patterns.get(rnd.nextInt(patterns.size()));
      assertThat(scan(a, text)).isEqualTo(naive(patterns, text));
    }
  }

  /**
   * Strings over more distinct characters than one byte numbers (the records then keep a wider
   * class field), and states with hundreds of children.
   */
  @Test
  void manyDistinctCharactersAgreeWithANaiveSearch() {
    SplittableRandom rnd = new SplittableRandom(11);
    StringBuilder wide = new StringBuilder();
    for (char c = '\u4e00'; c < '\u4e00' + 700; c++) {
      wide.append(c);
    }
    String alphabet = wide.toString();
    List<String> patterns = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      patterns.add("a" + random(rnd, alphabet, 1 + rnd.nextInt(4))); // "a" has 700 children
    }
    for (int i = 0; i < 500; i++) {
      patterns.add(random(rnd, alphabet.substring(0, 20), 1 + rnd.nextInt(5)));
    }
    PhraseAutomaton a = new PhraseAutomaton(patterns);
    // 701 characters and class 0, every other character
    assertThat(a.toString()).contains("702 classes");
    for (int t = 0; t < 30; t++) {
      String text = random(rnd, "a" + alphabet.substring(0, 30), 400)
          + patterns.get(rnd.nextInt(patterns.size()));
      assertThat(scan(a, text)).isEqualTo(naive(patterns, text));
    }
  }

  /**
   * Reports come in order of their end; at one end, the longer string first, and equal strings
   * in the order they were given.
   */
  @Test
  void reportsInOrderOfTheirEndLongestFirst() {
    List<String> patterns = List.of("b", "abcd", "cd", "bcd", "d", "abc", "cd", "zzz", "c");
    PhraseAutomaton a = new PhraseAutomaton(patterns);
    List<String> got = new ArrayList<>();
    a.scan("xabcdx", (p, start, end) -> got.add(patterns.get(p) + "#" + p + "@" + start));
    assertThat(got).containsExactly(
        "b#0@2", "abc#5@1", "c#8@3", "abcd#1@1", "bcd#3@2", "cd#2@3", "cd#6@3", "d#4@4");
  }
}
