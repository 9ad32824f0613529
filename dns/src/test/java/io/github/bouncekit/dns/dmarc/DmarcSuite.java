package io.github.bouncekit.dns.dmarc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The DMARC conformance data copied from the shared suite ({@code record-parsing.yml}, {@code
 * policy-discovery.yml}, {@code psl/test_psl.txt}), loaded for parameterized tests. A missing file
 * is an error, not a skip.
 */
final class DmarcSuite {
  static final String BASE = "/io/github/bouncekit/dns/dmarc/";

  private DmarcSuite() {}

  /** One record-parsing case under one mode. */
  record ParsingCase(String id, String record, DmarcMode mode, Map<String, Object> expected) {
    String result() {
      return String.valueOf(expected.get("result"));
    }

    Optional<String> expectedString(String key) {
      return Optional.ofNullable(expected.get(key)).map(o -> String.valueOf(o));
    }

    boolean verify() {
      return Boolean.TRUE.equals(expected.get("verify"));
    }

    @Override
    public String toString() {
      return id + " [" + mode + "] " + record;
    }
  }

  /** One policy-discovery scenario under one mode. */
  record DiscoveryCase(
      String id,
      String author,
      Optional<String> dkimDomain,
      Map<String, Object> zonedata,
      DmarcMode mode,
      Map<String, Object> expected) {
    @Override
    public String toString() {
      return id + " [" + mode + "]";
    }
  }

  /** One {@code checkPublicSuffix(input, expected)} line; nulls as empty. */
  record PslCase(int line, Optional<String> input, Optional<String> expected) {
    @Override
    public String toString() {
      return "line " + line + ": " + input.orElse("null") + " -> " + expected.orElse("null");
    }
  }

  static String modeKey(DmarcMode mode) {
    return mode.name().toLowerCase(Locale.ROOT);
  }

  @SuppressWarnings("unchecked")
  static List<ParsingCase> parsingCases() {
    Map<String, Object> doc = (Map<String, Object>) yaml("record-parsing.yml");
    List<ParsingCase> out = new ArrayList<>();
    for (Object o : (List<Object>) doc.get("cases")) {
      Map<String, Object> c = (Map<String, Object>) o;
      for (DmarcMode mode : DmarcMode.values()) {
        out.add(
            new ParsingCase(
                String.valueOf(c.get("id")),
                String.valueOf(c.get("record")),
                mode,
                (Map<String, Object>) c.get(modeKey(mode))));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static List<DiscoveryCase> discoveryCases() {
    Map<String, Object> doc = (Map<String, Object>) yaml("policy-discovery.yml");
    List<DiscoveryCase> out = new ArrayList<>();
    for (Object o : (List<Object>) doc.get("scenarios")) {
      Map<String, Object> s = (Map<String, Object>) o;
      for (DmarcMode mode : DmarcMode.values()) {
        out.add(
            new DiscoveryCase(
                String.valueOf(s.get("id")),
                String.valueOf(s.get("author")),
                Optional.ofNullable(s.get("dkim_d")).map(String::valueOf),
                (Map<String, Object>) s.get("zonedata"),
                mode,
                (Map<String, Object>) s.get(modeKey(mode))));
      }
    }
    return out;
  }

  /** The {@code checkPublicSuffix} lines that are not commented out. */
  static List<PslCase> pslCases() {
    List<PslCase> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(open("psl/test_psl.txt"), StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        String t = line.trim();
        if (!t.startsWith("checkPublicSuffix(")) {
          continue;
        }
        String args = t.substring("checkPublicSuffix(".length(), t.lastIndexOf(')'));
        int comma = args.indexOf(',', args.startsWith("'") ? args.indexOf('\'', 1) : 0);
        out.add(new PslCase(n, arg(args.substring(0, comma)), arg(args.substring(comma + 1))));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static Optional<String> arg(String raw) {
    String s = raw.trim();
    if (s.equals("null")) {
      return Optional.empty();
    }
    if (!s.startsWith("'") || !s.endsWith("'")) {
      throw new IllegalStateException("unexpected argument in test_psl.txt: " + raw);
    }
    return Optional.of(s.substring(1, s.length() - 1));
  }

  private static Object yaml(String file) {
    try (InputStream in = open(file)) {
      return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InputStream open(String file) {
    InputStream in = DmarcSuite.class.getResourceAsStream(BASE + file);
    if (in == null) {
      throw new IllegalStateException("conformance data " + BASE + file + " is missing");
    }
    return in;
  }
}
