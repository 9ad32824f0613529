package io.github.bouncekit.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An Aho-Corasick automaton over fixed strings. One pass over a text reports every occurrence of
 * every string: the cost is linear in the text plus the number of occurrences, and does not grow
 * with the number of strings. Immutable and safe to share between threads.
 *
 * <p>Layout: the characters the strings use are numbered by frequency (every other character is
 * class 0, which always leads back to the root). The root and the states one character deep keep
 * a full transition row; every deeper state keeps only its trie children and its failure link,
 * and a scan that finds no child there follows failure links down to a full row (at most as many
 * steps, over a whole text, as characters it read). Deeper states are numbered depth first, so
 * the states along one string lie next to each other in memory, and a deeper state's record also
 * lists the strings it reports: a report reads the memory the next step reads anyway. A record
 * packs each child's character class and target into one int, so a state with one child that
 * reports nothing, most of them, takes eight bytes. A table of full rows for all states would be
 * hundreds of times larger (a few thousand strings make tens of thousands of states), and a scan
 * would miss the processor caches on nearly every character.
 *
 * <p>Limits: the record space holds fewer than {@code 2^(31 - b)} ints, where {@code b} is the
 * number of bits of the count of distinct characters (2^23, about 8.4 million, for up to 255
 * characters); a larger set of strings is refused with an {@link IllegalArgumentException}.
 */
public final class PhraseAutomaton {
  /** Receives occurrences. */
  @FunctionalInterface
  public interface Sink {
    /**
     * One occurrence.
     *
     * @param pattern index of the string in the list given to the constructor, or the string's
     *     payload when the constructor was given payloads
     * @param start offset of its first character in the text
     * @param end offset after its last character
     */
    void hit(int pattern, int start, int end);
  }

  // States below this depth keep a full row.
  private static final int DENSE_DEPTH = 2;

  private final char[] charClass = new char[Character.MAX_VALUE + 1];
  private final int classes;
  // A record's header and a child's entry keep a class (or a count of children) in their low
  // classBits bits.
  private final int classBits;
  // A transition's target is a state's id, plus REPORTS when that state reports strings; ids are
  // below REPORTS = 1 << (31 - classBits).
  private final int reports;
  private final int denseStates; // states 0 .. denseStates-1 have a full row
  private final int[] dense; // denseStates x classes: targets
  // The deeper states, one record each, next to each other: a header (failure link << classBits
  // | number of children), an entry per child (target << classBits | class), and when the state
  // reports strings, their number and a (string or its payload, length) pair per string. Their
  // ids are denseStates + the record's offset. A state with one child that reports nothing, most
  // of them, takes two ints, so a walk along a string reads a few cache lines.
  private final int[] records;
  // The strings the full-row states report: denseOutputs[denseFirst[s] .. denseFirst[s + 1]) as
  // (string or its payload, length) pairs.
  private final int[] denseFirst;
  private final int[] denseOutputs;
  private final int stateCount;
  private final int patternCount;

  /**
   * Compiles the strings; an occurrence reports the string's index.
   *
   * @param patterns non-empty strings; duplicates are allowed and each is reported
   */
  public PhraseAutomaton(List<String> patterns) {
    this(patterns, null);
  }

  /**
   * Compiles the strings; an occurrence reports the string's payload, kept in the automaton's own
   * records, so that a caller reads what it needs about the string without a look-up of its own.
   *
   * @param patterns non-empty strings; duplicates are allowed and each is reported
   * @param payloads one value per string (null: the strings' indexes)
   */
  public PhraseAutomaton(List<String> patterns, int[] payloads) {
    if (payloads != null && payloads.length != patterns.size()) {
      throw new IllegalArgumentException(
          payloads.length + " payloads for " + patterns.size() + " patterns");
    }
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
    classBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(classes - 1));
    reports = 1 << (31 - classBits);
    int[] lengths = new int[patterns.size()];
    patternCount = patterns.size();
    // Trie, in construction numbering.
    List<TreeMap<Integer, Integer>> children = new ArrayList<>();
    List<List<Integer>> out = new ArrayList<>();
    List<Integer> depth = new ArrayList<>();
    children.add(new TreeMap<>());
    out.add(new ArrayList<>());
    depth.add(0);
    for (int pi = 0; pi < patterns.size(); pi++) {
      String p = patterns.get(pi);
      lengths[pi] = p.length();
      int node = 0;
      for (int i = 0; i < p.length(); i++) {
        int c = charClass[p.charAt(i)];
        Integer child = children.get(node).get(c);
        if (child == null) {
          child = children.size();
          children.get(node).put(c, child);
          children.add(new TreeMap<>());
          out.add(new ArrayList<>());
          depth.add(i + 1);
        }
        node = child;
      }
      out.get(node).add(pi);
    }
    int nodes = children.size();
    // New numbering: the shallow states breadth first, then the others depth first.
    int[] rank = new int[nodes];
    int[] order = new int[nodes];
    int count = 0;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(0);
    List<Integer> deepRoots = new ArrayList<>();
    while (!queue.isEmpty()) {
      int node = queue.poll();
      rank[node] = count;
      order[count++] = node;
      for (int child : children.get(node).values()) {
        if (depth.get(child) < DENSE_DEPTH) {
          queue.add(child);
        } else {
          deepRoots.add(child);
        }
      }
    }
    denseStates = count;
    ArrayDeque<Integer> stack = new ArrayDeque<>();
    for (int i = deepRoots.size() - 1; i >= 0; i--) {
      stack.push(deepRoots.get(i));
    }
    while (!stack.isEmpty()) {
      int node = stack.pop();
      rank[node] = count;
      order[count++] = node;
      List<Integer> kids = new ArrayList<>(children.get(node).values());
      for (int i = kids.size() - 1; i >= 0; i--) {
        stack.push(kids.get(i));
      }
    }
    // Failure links and outputs, breadth first over the trie.
    int[] failOld = new int[nodes];
    queue.add(0);
    while (!queue.isEmpty()) {
      int node = queue.poll();
      for (Map.Entry<Integer, Integer> e : children.get(node).entrySet()) {
        int c = e.getKey();
        int child = e.getValue();
        int f = 0;
        if (node != 0) {
          f = failOld[node];
          while (f != 0 && !children.get(f).containsKey(c)) {
            f = failOld[f];
          }
          Integer t = children.get(f).get(c);
          f = t == null ? 0 : t;
        }
        failOld[child] = f;
        out.get(child).addAll(out.get(f));
        queue.add(child);
      }
    }
    stateCount = nodes;
    int[][] outputs = new int[nodes][];
    int[] empty = new int[0];
    for (int n = 0; n < nodes; n++) {
      List<Integer> o = out.get(order[n]);
      outputs[n] = o.isEmpty() ? empty : o.stream().mapToInt(Integer::intValue).toArray();
    }
    // Ids: dense states keep their ordinal; a deeper state's id is denseStates plus its record's
    // offset.
    int[] id = new int[nodes];
    int size = 0;
    for (int n = 0; n < nodes; n++) {
      if (n < denseStates) {
        id[n] = n;
      } else {
        id[n] = denseStates + size;
        int reported = outputs[n].length;
        size += 1 + children.get(order[n]).size() + (reported == 0 ? 0 : 1 + 2 * reported);
      }
    }
    if ((long) denseStates + size >= reports
        || (long) denseStates * classes >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many patterns for one automaton: "
          + nodes + " states over " + (classes - 1) + " distinct characters");
    }
    records = new int[size];
    for (int n = denseStates; n < nodes; n++) {
      int node = order[n];
      int r = id[n] - denseStates;
      records[r] = id[rank[failOld[node]]] << classBits | children.get(node).size();
      int k = r + 1;
      for (Map.Entry<Integer, Integer> e : children.get(node).entrySet()) {
        int target = rank[e.getValue()];
        records[k++] = flag(id[target], outputs[target]) << classBits | e.getKey();
      }
      if (outputs[n].length > 0) {
        records[k++] = outputs[n].length;
      }
      for (int p : outputs[n]) {
        records[k++] = payloads == null ? p : payloads[p];
        records[k++] = lengths[p];
      }
    }
    denseFirst = new int[denseStates + 1];
    int denseSize = 0;
    for (int n = 0; n < denseStates; n++) {
      denseFirst[n] = denseSize;
      denseSize += 2 * outputs[n].length;
    }
    denseFirst[denseStates] = denseSize;
    denseOutputs = new int[denseSize];
    for (int n = 0; n < denseStates; n++) {
      int k = denseFirst[n];
      for (int p : outputs[n]) {
        denseOutputs[k++] = payloads == null ? p : payloads[p];
        denseOutputs[k++] = lengths[p];
      }
    }
    // Full rows: delta(s, c) = child, else delta(fail(s), c); the root's missing children are 0.
    dense = new int[denseStates * classes];
    for (int n = 0; n < denseStates; n++) {
      int node = order[n];
      int f = rank[failOld[node]];
      for (int c = 0; c < classes; c++) {
        Integer child = children.get(node).get(c);
        int t;
        if (child != null) {
          int target = rank[child];
          t = flag(id[target], outputs[target]);
        } else {
          t = n == 0 ? 0 : dense[f * classes + c];
        }
        dense[n * classes + c] = t;
      }
    }
  }

  // A state id as a target: plus REPORTS when the state reports occurrences.
  private int flag(int id, int[] outputs) {
    return outputs.length > 0 ? id | reports : id;
  }

  /** Reports every occurrence of every pattern in {@code text}, in order of their end. */
  public void scan(CharSequence text, Sink sink) {
    final char[] charClass = this.charClass;
    final int classes = this.classes;
    final int denseStates = this.denseStates;
    final int[] dense = this.dense;
    final int[] records = this.records;
    final int classBits = this.classBits;
    final int classMask = (1 << classBits) - 1;
    final int reports = this.reports;
    final String s = text.toString();
    int state = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      int c = charClass[s.charAt(i)];
      if (c == 0) {
        state = 0;
        continue;
      }
      int e;
      while (true) {
        if (state < denseStates) {
          e = dense[state * classes + c];
          break;
        }
        int r = state - denseStates;
        int header = records[r];
        int j = r + 1;
        int end = j + (header & classMask);
        while (j < end && (records[j] & classMask) != c) {
          j++;
        }
        if (j < end) {
          e = records[j] >>> classBits;
          break;
        }
        state = header >>> classBits;
      }
      if (e < reports) {
        state = e;
        continue;
      }
      state = e - reports;
      if (state < denseStates) {
        report(denseOutputs, denseFirst[state], denseFirst[state + 1], i, sink);
      } else {
        int r = state - denseStates;
        int count = r + 1 + (records[r] & classMask); // where the number of strings is
        report(records, count + 1, count + 1 + 2 * records[count], i, sink);
      }
    }
  }

  // The (string or payload, length) pairs in o[from, to), for the character at i.
  private static void report(int[] o, int from, int to, int i, Sink sink) {
    for (int k = from; k < to; k += 2) {
      sink.hit(o[k], i + 1 - o[k + 1], i + 1);
    }
  }

  /** The number of states (for sizing diagnostics). */
  public int states() {
    return stateCount;
  }

  @Override
  public String toString() {
    return "PhraseAutomaton[" + patternCount + " patterns, " + stateCount + " states, "
        + classes + " classes]";
  }
}
