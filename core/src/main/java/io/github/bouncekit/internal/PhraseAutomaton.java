package io.github.bouncekit.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An Aho-Corasick automaton over fixed strings, compiled to a dense transition table over the
 * alphabet the strings use (every other character is one class that leads back to the root). One
 * pass over a text reports every occurrence of every string: the cost is linear in the text plus
 * the number of occurrences, and does not grow with the number of strings. Immutable and safe to
 * share between threads.
 */
public final class PhraseAutomaton {
  /** Receives occurrences. */
  @FunctionalInterface
  public interface Sink {
    /**
     * One occurrence.
     *
     * @param pattern index of the string in the list given to the constructor
     * @param start offset of its first character in the text
     * @param end offset after its last character
     */
    void hit(int pattern, int start, int end);
  }

  private final char[] charClass = new char[Character.MAX_VALUE + 1];
  private final int classes;
  private final int[] next;
  private final int[][] outputs;
  private final int[] lengths;

  /**
   * Compiles the strings.
   *
   * @param patterns non-empty strings; duplicates are allowed and each is reported
   */
  public PhraseAutomaton(List<String> patterns) {
    int cls = 1;
    for (String p : patterns) {
      if (p.isEmpty()) {
        throw new IllegalArgumentException("empty pattern");
      }
      for (int i = 0; i < p.length(); i++) {
        char c = p.charAt(i);
        if (charClass[c] == 0) {
          charClass[c] = (char) cls++;
        }
      }
    }
    classes = cls;
    lengths = new int[patterns.size()];
    // Trie.
    List<Map<Character, Integer>> children = new ArrayList<>();
    List<List<Integer>> out = new ArrayList<>();
    children.add(new HashMap<>());
    out.add(new ArrayList<>());
    for (int pi = 0; pi < patterns.size(); pi++) {
      String p = patterns.get(pi);
      lengths[pi] = p.length();
      int node = 0;
      for (int i = 0; i < p.length(); i++) {
        char c = charClass[p.charAt(i)];
        Integer child = children.get(node).get(c);
        if (child == null) {
          child = children.size();
          children.get(node).put(c, child);
          children.add(new HashMap<>());
          out.add(new ArrayList<>());
        }
        node = child;
      }
      out.get(node).add(pi);
    }
    int nodes = children.size();
    next = new int[nodes * classes];
    int[] fail = new int[nodes];
    // Breadth-first: failure links and the full transition table.
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < classes; c++) {
      Integer child = children.get(0).get((char) c);
      if (child != null) {
        next[c] = child;
        fail[child] = 0;
        queue.add(child);
      }
    }
    while (!queue.isEmpty()) {
      int node = queue.poll();
      out.get(node).addAll(out.get(fail[node]));
      for (int c = 0; c < classes; c++) {
        Integer child = children.get(node).get((char) c);
        if (child != null) {
          fail[child] = next[fail[node] * classes + c];
          next[node * classes + c] = child;
          queue.add(child);
        } else {
          next[node * classes + c] = next[fail[node] * classes + c];
        }
      }
    }
    outputs = new int[nodes][];
    int[] empty = new int[0];
    for (int n = 0; n < nodes; n++) {
      List<Integer> o = out.get(n);
      outputs[n] = o.isEmpty() ? empty : o.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** Reports every occurrence of every pattern in {@code text}, in order of their end. */
  public void scan(CharSequence text, Sink sink) {
    int state = 0;
    final int[] next = this.next;
    final char[] charClass = this.charClass;
    final int classes = this.classes;
    for (int i = 0, n = text.length(); i < n; i++) {
      state = next[state * classes + charClass[text.charAt(i)]];
      int[] o = outputs[state];
      for (int k = 0; k < o.length; k++) {
        int p = o[k];
        sink.hit(p, i + 1 - lengths[p], i + 1);
      }
    }
  }

  /** The number of states (for sizing diagnostics). */
  public int states() {
    return outputs.length;
  }

  @Override
  public String toString() {
    return "PhraseAutomaton[" + lengths.length + " patterns, " + outputs.length + " states, "
        + classes + " classes]" + (Arrays.equals(lengths, new int[0]) ? " (empty)" : "");
  }
}
