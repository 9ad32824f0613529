package io.github.bouncekit.dns.spf;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.dns.internal.IpAddresses;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The openspf conformance suites (YAML streams of scenarios), loaded for parameterized tests. */
final class SpfSuite {
  static final String RFC7208 = "rfc7208-tests.yml";
  static final String RFC4408 = "rfc4408-tests.yml";

  private SpfSuite() {}

  /** One scenario document: its DNS data and its test cases. */
  record Scenario(String description, Map<String, Object> zonedata, List<Case> cases) {}

  /** One test case, with its scenario's description and zone data. */
  record Case(
      String scenario,
      Map<String, Object> zonedata,
      String name,
      String host,
      String mailfrom,
      String helo,
      List<String> results,
      Optional<String> explanation) {

    String displayName() {
      return scenario + " / " + name;
    }

    InetAddress client() {
      byte[] b = IpAddresses.parseIpv4(host);
      if (b == null) {
        b = IpAddresses.parseIpv6(host);
      }
      if (b == null) {
        throw new IllegalArgumentException("bad host in suite: " + host);
      }
      return IpAddresses.toInet(b);
    }

    /** The preferred (first-listed) result. */
    String preferred() {
      return results.get(0);
    }

    /** True when the result is the preferred one (or any listed one) and the explanation fits. */
    boolean accepts(SpfResult r, boolean anyListed) {
      boolean code =
          anyListed ? results.contains(r.code().token()) : preferred().equals(r.code().token());
      return code && explanationMatches(r);
    }

    boolean explanationMatches(SpfResult r) {
      // Case-insensitive: the suite writes IPv6 nibbles of %{i} in upper case, RFC 7208 §7.4 in
      // lower case; domain names are case-insensitive anyway.
      return explanation.isEmpty()
          || r.explanation().map(e -> e.equalsIgnoreCase(explanation.get())).orElse(false);
    }

    /** The assertions shared by the in-memory and the loopback conformance tests. */
    void check(SpfResult r) {
      assertThat(r.code().token())
          .as("%s: result (%s)", displayName(), r.reason())
          .isEqualTo(preferred());
      explanation.ifPresent(
          exp ->
              assertThat(r.explanation())
                  .as("%s: explanation", displayName())
                  .hasValueSatisfying(e -> assertThat(e).isEqualToIgnoringCase(exp)));
    }
  }

  /** The evaluator configured like pyspf's test driver (default explanation "DEFAULT"). */
  static SpfEvaluator evaluator(io.github.bouncekit.dns.DnsClient dns) {
    return SpfEvaluator.builder(dns).defaultExplanation("DEFAULT").build();
  }

  /** Loads a suite; a missing file is an error, not a skip. */
  static List<Scenario> load(String file) {
    String resource = "/io/github/bouncekit/dns/spf/" + file;
    try (InputStream in = SpfSuite.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("conformance suite " + resource + " is missing");
      }
      List<Scenario> scenarios = new ArrayList<>();
      Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
      for (Object doc : yaml.loadAll(in)) {
        if (doc == null) {
          continue;
        }
        Map<?, ?> map = (Map<?, ?>) doc;
        @SuppressWarnings("unchecked")
        Map<String, Object> zonedata =
            map.get("zonedata") == null ? Map.of() : (Map<String, Object>) map.get("zonedata");
        List<Case> cases = new ArrayList<>();
        String description = String.valueOf(map.get("description")).trim();
        for (Map.Entry<?, ?> t : ((Map<?, ?>) map.get("tests")).entrySet()) {
          Map<?, ?> test = (Map<?, ?>) t.getValue();
          Object result = test.get("result");
          List<String> results = new ArrayList<>();
          if (result instanceof List) {
            for (Object o : (List<?>) result) {
              results.add(String.valueOf(o).trim());
            }
          } else {
            results.add(String.valueOf(result).trim());
          }
          cases.add(
              new Case(
                  description,
                  zonedata,
                  String.valueOf(t.getKey()),
                  String.valueOf(test.get("host")),
                  test.get("mailfrom") == null ? "" : String.valueOf(test.get("mailfrom")),
                  test.get("helo") == null ? "" : String.valueOf(test.get("helo")),
                  List.copyOf(results),
                  Optional.ofNullable(test.get("explanation")).map(Object::toString)));
        }
        scenarios.add(new Scenario(description, zonedata, List.copyOf(cases)));
      }
      return scenarios;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }

  /** All cases of a suite as named arguments: "scenario description / test name". */
  static Stream<Arguments> arguments(String file) {
    List<Arguments> out = new ArrayList<>();
    for (Scenario s : load(file)) {
      for (Case c : s.cases()) {
        out.add(Arguments.of(Named.of(c.displayName(), Objects.requireNonNull(c))));
      }
    }
    return out.stream();
  }
}
