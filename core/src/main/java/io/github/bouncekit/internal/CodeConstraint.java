package io.github.bouncekit.internal;

import io.github.bouncekit.status.EnhancedStatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A rule's constraint on the basic reply code ({@code 550}, {@code 5xx}, {@code 55x}, {@code
 * 550-554}, joined by {@code ,}) or on the enhanced status code ({@code 5.7.26}, {@code X.7.26},
 * {@code 5.7.*}, {@code 5.7.606-649}, joined by {@code ,}).
 */
public final class CodeConstraint {
  private static final CodeConstraint ANY = new CodeConstraint("", new int[0][]);

  private final String text;
  // basic: {lo, hi}; enhanced: {class or -1, subject or -1, detailLo, detailHi}
  private final int[][] alternatives;

  private CodeConstraint(String text, int[][] alternatives) {
    this.text = text;
    this.alternatives = alternatives;
  }

  /** True when there is no constraint. */
  public boolean isAny() {
    return alternatives.length == 0;
  }

  /**
   * Parses a basic-code constraint.
   *
   * @param cell the cell text; blank gives no constraint
   * @return the constraint
   * @throws IllegalArgumentException with a message that says what is wrong
   */
  public static CodeConstraint basic(String cell) {
    if (cell == null || cell.isBlank()) {
      return ANY;
    }
    List<int[]> out = new ArrayList<>();
    for (String part : cell.split(",", -1)) {
      String p = part.trim().toLowerCase(java.util.Locale.ROOT);
      int dash = p.indexOf('-');
      if (dash > 0) {
        int lo = basicNumber(p.substring(0, dash), cell);
        int hi = basicNumber(p.substring(dash + 1), cell);
        if (hi < lo) {
          throw new IllegalArgumentException("empty range " + p + " in \"" + cell + "\"");
        }
        out.add(new int[] {lo, hi});
      } else if (p.length() == 3 && p.endsWith("xx")) {
        int c = basicNumber(p.charAt(0) + "00", cell);
        out.add(new int[] {c, c + 99});
      } else if (p.length() == 3 && p.endsWith("x")) {
        int c = basicNumber(p.substring(0, 2) + "0", cell);
        out.add(new int[] {c, c + 9});
      } else {
        int c = basicNumber(p, cell);
        out.add(new int[] {c, c});
      }
    }
    return new CodeConstraint(cell.trim(), out.toArray(new int[0][]));
  }

  private static int basicNumber(String s, String cell) {
    try {
      int v = Integer.parseInt(s.trim());
      if (v >= 200 && v <= 599 && s.trim().length() == 3) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "expected a reply code (200-599), 5xx, 55x or a range 550-554, got \""
            + s.trim()
            + "\" in \""
            + cell
            + "\"");
  }

  /**
   * Parses an enhanced-code constraint.
   *
   * @param cell the cell text; blank gives no constraint
   * @return the constraint
   * @throws IllegalArgumentException with a message that says what is wrong
   */
  public static CodeConstraint enhanced(String cell) {
    if (cell == null || cell.isBlank()) {
      return ANY;
    }
    List<int[]> out = new ArrayList<>();
    for (String part : cell.split(",", -1)) {
      String p = part.trim();
      String[] f = p.split("\\.", -1);
      if (f.length != 3) {
        throw new IllegalArgumentException(
            "expected class.subject.detail such as 5.7.1, X.7.26, 5.7.* or 5.7.606-649, got \""
                + p
                + "\"");
      }
      int cls;
      if (f[0].equalsIgnoreCase("x")) {
        cls = -1;
      } else if (f[0].equals("2") || f[0].equals("4") || f[0].equals("5")) {
        cls = f[0].charAt(0) - '0';
      } else {
        throw new IllegalArgumentException("the class must be 2, 4, 5 or X in \"" + p + "\"");
      }
      int subject = f[1].equals("*") ? -1 : number(f[1], p);
      int lo;
      int hi;
      if (f[2].equals("*")) {
        lo = 0;
        hi = 999;
      } else if (f[2].indexOf('-') > 0) {
        lo = number(f[2].substring(0, f[2].indexOf('-')), p);
        hi = number(f[2].substring(f[2].indexOf('-') + 1), p);
        if (hi < lo) {
          throw new IllegalArgumentException("empty detail range in \"" + p + "\"");
        }
      } else {
        lo = number(f[2], p);
        hi = lo;
      }
      out.add(new int[] {cls, subject, lo, hi});
    }
    return new CodeConstraint(cell.trim(), out.toArray(new int[0][]));
  }

  private static int number(String s, String p) {
    try {
      int v = Integer.parseInt(s);
      if (v >= 0 && v <= 999) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("expected a number 0-999, got \"" + s + "\" in \"" + p + "\"");
  }

  /** True when the basic code satisfies this basic-code constraint. */
  public boolean matchesBasic(OptionalInt code) {
    if (isAny()) {
      return true;
    }
    if (code.isEmpty()) {
      return false;
    }
    int c = code.getAsInt();
    for (int[] a : alternatives) {
      if (c >= a[0] && c <= a[1]) {
        return true;
      }
    }
    return false;
  }

  /** True when the enhanced code satisfies this enhanced-code constraint. */
  public boolean matchesEnhanced(Optional<EnhancedStatusCode> code) {
    if (isAny()) {
      return true;
    }
    if (code.isEmpty()) {
      return false;
    }
    EnhancedStatusCode e = code.get();
    for (int[] a : alternatives) {
      if ((a[0] < 0 || a[0] == e.statusClass().code())
          && (a[1] < 0 || a[1] == e.subject())
          && e.detail() >= a[2]
          && e.detail() <= a[3]) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return text;
  }
}
