package io.github.bouncekit.dns.dkim;

import io.github.bouncekit.dns.testserver.Zone;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The DKIM conformance data in {@code src/test/resources/io/github/bouncekit/dns/dkim/} (see its
 * README): messages, zone files, the generated cases and the Mail::DKIM corpus table. A missing
 * file is an error, never a skip.
 */
final class DkimData {
  static final String ROOT = "/io/github/bouncekit/dns/dkim/";

  private DkimData() {}

  /** The bytes of a data file, by its path under the dkim folder. */
  static byte[] bytes(String path) {
    try (InputStream in = DkimData.class.getResourceAsStream(ROOT + path)) {
      if (in == null) {
        throw new IllegalStateException("DKIM test data " + ROOT + path + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }

  /**
   * Adds the records of a zone file in the simple form the data uses: {@code name. IN TXT "..."
   * "..."} lines and {@code ;} comments.
   */
  static Zone.Builder addZoneFile(Zone.Builder zone, String path) {
    for (String line : text(path).split("\r?\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith(";")) {
        continue;
      }
      String[] head = l.split("\\s+", 4);
      if (head.length < 4 || !head[1].equals("IN") || !head[2].equals("TXT")) {
        throw new IllegalArgumentException(path + ": unexpected line " + l);
      }
      List<String> strings = new ArrayList<>();
      String rest = head[3];
      int i = 0;
      while ((i = rest.indexOf('"', i)) >= 0) {
        int end = rest.indexOf('"', i + 1);
        strings.add(rest.substring(i + 1, end));
        i = end + 1;
      }
      zone.add(head[0], "TXT", strings);
    }
    return zone;
  }

  /**
   * Adds Mail::DKIM's {@code FAKE_DNS.dat}: {@code name value} lines, where the value is a TXT
   * record, {@code NXDOMAIN} (nothing is added), {@code ~~Query timed out~~} or {@code
   * ~~SERVFAIL~~}.
   */
  static Zone.Builder addFakeDns(Zone.Builder zone, String path) {
    for (String line : text(path).split("\r?\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] parts = l.split("\\s+", 2);
      String name = parts[0];
      String value = parts.length > 1 ? parts[1].strip() : "";
      switch (value) {
        case "NXDOMAIN":
          break;
        case "~~Query timed out~~":
          zone.timeout(name);
          break;
        case "~~SERVFAIL~~":
          zone.servfail(name);
          break;
        case "\"\"":
          zone.add(name, "TXT", "");
          break;
        default:
          zone.add(name, "TXT", value);
      }
    }
    return zone;
  }

  /** One generated case of {@code generated/cases.yml}. */
  record GeneratedCase(
      String name, String description, String message, Map<String, Object> zonedata,
      String expected, String spec) {
    @Override
    public String toString() {
      return name;
    }
  }

  @SuppressWarnings("unchecked")
  static List<GeneratedCase> generatedCases() {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    Map<String, Object> doc = yaml.load(text("generated/cases.yml"));
    List<GeneratedCase> out = new ArrayList<>();
    for (Object o : (List<Object>) doc.get("cases")) {
      Map<String, Object> c = (Map<String, Object>) o;
      Object zd = c.get("zonedata");
      out.add(
          new GeneratedCase(
              String.valueOf(c.get("name")),
              String.valueOf(c.get("description")),
              "generated/" + c.get("message"),
              zd == null ? Map.of() : (Map<String, Object>) zd,
              String.valueOf(c.get("expected")),
              String.valueOf(c.get("spec"))));
    }
    return out;
  }

  /** One row of the Mail::DKIM corpus table {@code mail-dkim-corpus/expected.tsv}. */
  record CorpusCase(
      String file,
      String maildkimExpected,
      String signatureVersion,
      String modernExpected,
      String modernRule,
      String note) {
    @Override
    public String toString() {
      return file;
    }
  }

  static List<CorpusCase> corpusCases() {
    String[] lines = text("mail-dkim-corpus/expected.tsv").split("\r?\n");
    Map<String, Integer> col = new LinkedHashMap<>();
    String[] header = lines[0].split("\t", -1);
    for (int i = 0; i < header.length; i++) {
      col.put(header[i], i);
    }
    List<CorpusCase> out = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String[] f = lines[i].split("\t", -1);
      out.add(
          new CorpusCase(
              f[col.get("file")],
              f[col.get("maildkim_expected")],
              f[col.get("sig_v")],
              f[col.get("modern_expected")],
              f[col.get("modern_rule")],
              f[col.get("note")]));
    }
    return out;
  }
}
