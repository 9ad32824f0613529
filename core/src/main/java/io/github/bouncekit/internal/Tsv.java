package io.github.bouncekit.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A small reader for the project's tab-separated data files: UTF-8, one header row, no quoting,
 * {@code #} comment lines and blank lines skipped. Errors name the source, line and column.
 */
public final class Tsv {
  private final String source;
  private final List<String> header;
  private final List<Row> rows;

  private Tsv(String source, List<String> header, List<Row> rows) {
    this.source = source;
    this.header = header;
    this.rows = rows;
  }

  /** One data row. */
  public static final class Row {
    private final Tsv table;
    private final int line;
    private final String[] cells;

    Row(Tsv table, int line, String[] cells) {
      this.table = table;
      this.line = line;
      this.cells = cells;
    }

    /** The 1-based line number in the source. */
    public int line() {
      return line;
    }

    /** The cell of a column, trimmed; empty when the row is shorter than the header. */
    public String get(String column) {
      int i = table.header.indexOf(column);
      if (i < 0) {
        throw new IllegalStateException(table.source + ": no column '" + column + "'");
      }
      return i < cells.length ? cells[i].trim() : "";
    }

    /** Whether the table has a column (optional columns may be left out of a file). */
    public boolean has(String column) {
      return table.header.contains(column);
    }

    /** The cell of a column; fails with the position when it is empty. */
    public String required(String column) {
      String v = get(column);
      if (v.isEmpty()) {
        throw error(column, "must not be empty");
      }
      return v;
    }

    /** An exception that names the source, line and column. */
    public IllegalArgumentException error(String column, String message) {
      return new IllegalArgumentException(
          table.source + ", line " + line + ", column '" + column + "': " + message);
    }
  }

  /**
   * Reads a class-path resource.
   *
   * @param anchor the class whose loader and package resolve {@code name}
   * @param name the resource name, relative to the anchor's package or absolute
   * @param requiredColumns columns the header must contain
   * @return the table
   */
  public static Tsv resource(Class<?> anchor, String name, String... requiredColumns) {
    InputStream in = anchor.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(
          "data file missing from the class path: " + name + " (next to " + anchor.getName() + ")");
    }
    try (in) {
      return read(name, in, requiredColumns);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  /**
   * Reads a table from a stream (not closed).
   *
   * @param source a name for error messages
   * @param in UTF-8 text
   * @param requiredColumns columns the header must contain
   * @return the table
   * @throws IOException when reading fails
   */
  public static Tsv read(String source, InputStream in, String... requiredColumns)
      throws IOException {
    Objects.requireNonNull(in, "in");
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    List<String> header = null;
    List<String[]> raw = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    String line;
    int n = 0;
    while ((line = r.readLine()) != null) {
      n++;
      if (n == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
        line = line.substring(1);
      }
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\t", -1);
      if (header == null) {
        header = List.of(Arrays.stream(cells).map(String::trim).toArray(String[]::new));
        continue;
      }
      if (cells.length > header.size()) {
        throw new IllegalArgumentException(
            source
                + ", line "
                + n
                + ": "
                + cells.length
                + " cells but the header has "
                + header.size()
                + " columns (a stray tab?)");
      }
      raw.add(cells);
      lines.add(n);
    }
    if (header == null) {
      throw new IllegalArgumentException(source + ": no header row");
    }
    for (String c : requiredColumns) {
      if (!header.contains(c)) {
        throw new IllegalArgumentException(
            source + ": header lacks column '" + c + "' (has " + header + ")");
      }
    }
    Tsv t = new Tsv(source, header, new ArrayList<>());
    for (int i = 0; i < raw.size(); i++) {
      t.rows.add(new Row(t, lines.get(i), raw.get(i)));
    }
    return t;
  }

  /** The source name given when reading. */
  public String source() {
    return source;
  }

  /** The data rows, in file order. */
  public List<Row> rows() {
    return rows;
  }

  /**
   * Undoes the escapes used inside cells: {@code \n} newline, {@code \r} carriage return, {@code \t} tab, {@code \\}
   * backslash; any other backslash stays as it is.
   */
  public static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char d = s.charAt(i + 1);
        if (d == 'n') {
          b.append('\n');
          i++;
          continue;
        } else if (d == 'r') {
          b.append('\r');
          i++;
          continue;
        } else if (d == 't') {
          b.append('\t');
          i++;
          continue;
        } else if (d == '\\') {
          b.append('\\');
          i++;
          continue;
        }
      }
      b.append(c);
    }
    return b.toString();
  }
}
