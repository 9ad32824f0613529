package io.github.bouncekit.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
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
  private final char[] compact; // see the constructor for the encodings
  private final int[] next;
  private final int[][] outputs;
  private final int[] lengths;

  /**
   * Compiles the strings.
   *
   * @param patterns non-empty strings; duplicates are allowed and each is reported
   */
  public PhraseAutomaton(List<String> patterns) {
    // Classes are numbered by how often their character occurs in the patterns, the most frequent
    // first: a table row is 2 bytes a class, so the transitions a text takes most often (space,
    // common letters) share the first cache line of each row.
    int[] frequency = new int[Character.MAX_VALUE + 1];
    for (String p : patterns) {
      if (p.isEmpty()) {
        throw new IllegalArgumentException("empty pattern");
      }
      for (int i = 0; i < p.length(); i++) {
        frequency[p.charAt(i)]++;
      }
    }
    List<Character> used = new ArrayList<>();
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      if (frequency[c] > 0) {
        used.add((char) c);
      }
    }
    used.sort((a, b) -> frequency[b] != frequency[a] ? frequency[b] - frequency[a] : a - b);
    int cls = 1;
    for (char c : used) {
      charClass[c] = (char) cls++;
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
    // Number the states breadth-first: the shallow states, where most transitions of a scan
    // land, then share a few cache lines of the transition table.
    int[] order = new int[nodes];
    int[] rank = new int[nodes];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(0);
    int count = 0;
    while (!queue.isEmpty()) {
      int node = queue.poll();
      rank[node] = count;
      order[count++] = node;
      for (int c = 0; c < classes; c++) {
        Integer child = children.get(node).get((char) c);
        if (child != null) {
          queue.add(child);
        }
      }
    }
    int[] table = new int[nodes * classes];
    int[] fail = new int[nodes];
    // Breadth-first again, in the new numbering: failure links and the full transition table.
    for (int k = 0; k < nodes; k++) {
      int node = order[k];
      int self = rank[node];
      if (node != 0) {
        out.get(node).addAll(out.get(order[fail[self]]));
      }
      for (int c = 0; c < classes; c++) {
        Integer child = children.get(node).get((char) c);
        if (child != null) {
          int ch = rank[child];
          fail[ch] = node == 0 ? 0 : table[fail[self] * classes + c];
          table[self * classes + c] = ch;
        } else {
          table[self * classes + c] = node == 0 ? 0 : table[fail[self] * classes + c];
        }
      }
    }
    // Entries are premultiplied row offsets, shifted left once; the low bit says whether the
    // target state reports occurrences. The scan loop then needs no multiplication and no look at
    // the outputs for the (many) states that report nothing.
    outputs = new int[nodes][];
    int[] empty = new int[0];
    for (int n = 0; n < nodes; n++) {
      List<Integer> o = out.get(order[n]);
      outputs[n] = o.isEmpty() ? empty : o.stream().mapToInt(Integer::intValue).toArray();
    }
    if (nodes < 0x8000) {
      // Up to 32767 states: a char per entry (half the memory, fewer cache misses), the target
      // state in the low 15 bits and "reports occurrences" in the top bit.
      compact = new char[table.length];
      for (int i = 0; i < table.length; i++) {
        int target = table[i];
        compact[i] = (char) (target | (outputs[target].length > 0 ? 0x8000 : 0));
      }
      next = null;
    } else {
      if ((long) nodes * classes * 2 >= Integer.MAX_VALUE) {
        throw new IllegalArgumentException("too many patterns for one automaton");
      }
      compact = null;
      next = new int[table.length];
      for (int i = 0; i < table.length; i++) {
        int target = table[i];
        next[i] = (target * classes) << 1 | (outputs[target].length > 0 ? 1 : 0);
      }
    }
  }

  /** Reports every occurrence of every pattern in {@code text}, in order of their end. */
  public void scan(CharSequence text, Sink sink) {
    final char[] charClass = this.charClass;
    final int classes = this.classes;
    final char[] chars = text.toString().toCharArray();
    if (compact != null) {
      final char[] t = compact;
      int state = 0;
      for (int i = 0, n = chars.length; i < n; i++) {
        char e = t[state * classes + charClass[chars[i]]];
        state = e & 0x7fff;
        if (e >= 0x8000) {
          report(outputs[state], i, sink);
        }
      }
    } else {
      final int[] t = this.next;
      int offset = 0;
      for (int i = 0, n = chars.length; i < n; i++) {
        int e = t[offset + charClass[chars[i]]];
        offset = e >>> 1;
        if ((e & 1) != 0) {
          report(outputs[offset / classes], i, sink);
        }
      }
    }
  }

  private void report(int[] o, int i, Sink sink) {
    for (int k = 0; k < o.length; k++) {
      int p = o[k];
      sink.hit(p, i + 1 - lengths[p], i + 1);
    }
  }

  /** The number of states (for sizing diagnostics). */
  public int states() {
    return outputs.length;
  }

  @Override
  public String toString() {
    return "PhraseAutomaton[" + lengths.length + " patterns, " + outputs.length + " states, "
        + classes + " classes]";
  }
}
