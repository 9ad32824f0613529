package io.github.bouncekit.examples.cli;

import static io.github.bouncekit.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.dns.testserver.LoopbackDnsServer;
import io.github.bouncekit.dns.testserver.Zone;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bouncekit dkim} and {@code dkim-key} against a DNS server on 127.0.0.1. */
class DkimCommandTest {
  private static final String DATA = "/io/github/bouncekit/dns/dkim/rfc8463-appendix-a/";
  private static LoopbackDnsServer server;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    server =
        LoopbackDnsServer.start(
            Zone.builder()
                .add(
                    "brisbane._domainkey.football.example.com",
                    "TXT",
                    "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
                .add(
                    "test._domainkey.football.example.com",
                    "TXT",
                    "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB")
                .add("selector1._domainkey.example.com", "CNAME", "selector1-example-com._domainkey.example.onmicrosoft.com")
                .add("selector1-example-com._domainkey.example.onmicrosoft.com", "TXT", "v=DKIM1; k=rsa; p=")
                .build());
    for (String name : new String[] {"signed.eml", "unsigned.eml"}) {
      try (InputStream in = DkimCommandTest.class.getResourceAsStream(DATA + name)) {
        Files.write(dir.resolve(name), in.readAllBytes());
      }
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void verifiesBothSignaturesOfTheRfc8463Message() {
    String[] r = run("dkim", dir.resolve("signed.eml").toString(), "--resolver", CliRun.resolver(server));
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1])
        .contains("Result:       pass", "Signature 1:  pass", "Signature 2:  pass", "ed25519-sha256",
            "rsa-sha256", "1024 bits is weak");
  }

  @Test
  void unsignedMessageIsNone() {
    String[] r = run("dkim", dir.resolve("unsigned.eml").toString(), "--resolver", CliRun.resolver(server));
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1]).contains("Result:       none", "no DKIM-Signature");
  }

  @Test
  void missingFileIsAUsageError() {
    String[] r = run("dkim", dir.resolve("nope.eml").toString(), "--resolver", CliRun.resolver(server));
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("cannot read");
  }

  @Test
  void keyCheckOfAGivenSelector() {
    String[] r = run("dkim-key", "brisbane", "football.example.com", "--resolver", CliRun.resolver(server));
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1]).contains("Status:       valid", "Key:          ed25519, 256 bits");
  }

  @Test
  void keyCheckFollowsTheCnameAndReportsARevokedKey() {
    String[] r = run("dkim-key", "selector1", "example.com", "--resolver", CliRun.resolver(server));
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1])
        .contains("CNAME to    selector1-example-com._domainkey.example.onmicrosoft.com",
            "Status:       invalid", "revoked");
  }

  @Test
  void keyCheckOfTheSelectorsOfAMessage() {
    String[] r =
        run("dkim-key", "--message", dir.resolve("signed.eml").toString(), "--resolver", CliRun.resolver(server));
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1])
        .contains("brisbane._domainkey.football.example.com", "test._domainkey.football.example.com",
            "RSA key of 1024 bits is weak");
  }

  @Test
  void badSelectorIsAUsageError() {
    String[] r = run("dkim-key", "bad selector", "example.com", "--resolver", CliRun.resolver(server));
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("selector must be");
  }
}
