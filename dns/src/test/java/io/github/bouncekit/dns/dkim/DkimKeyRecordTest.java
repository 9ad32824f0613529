package io.github.bouncekit.dns.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.dns.SyntaxError;
import org.junit.jupiter.api.Test;

class DkimKeyRecordTest {
  private static final String RSA1024 =
      "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB";

  @Test
  void rsaKeyWithDefaults() {
    DkimKeyRecord k = DkimKeyRecord.parse("v=DKIM1; p=" + RSA1024).orElseThrow();
    assertThat(k.keyType()).isEqualTo("rsa");
    assertThat(k.keyBits()).isEqualTo(1024);
    assertThat(k.publicKey()).isPresent();
    assertThat(k.serviceTypes()).containsExactly("*");
    assertThat(k.allowsEmail()).isTrue();
    assertThat(k.allowsHash("sha256")).isTrue();
    assertThat(k.isRevoked()).isFalse();
    assertThat(k.isTesting()).isFalse();
    assertThat(k.keyProblem()).isEmpty();
  }

  @Test
  void ed25519KeyOfRfc8463() {
    DkimKeyRecord k =
        DkimKeyRecord.parse("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
            .orElseThrow();
    assertThat(k.keyType()).isEqualTo("ed25519");
    assertThat(k.keyBits()).isEqualTo(256);
    assertThat(k.publicKey()).isPresent();
  }

  @Test
  void ed25519KeyOfTheWrongLengthIsAProblem() {
    DkimKeyRecord k =
        DkimKeyRecord.parse(
                "v=DKIM1; k=ed25519; p=MCowBQYDK2VwAyEA3SUqa9UbfciWkk7tlcJ9P1VD5pXAasg0JUn/OgjVbKE=")
            .orElseThrow();
    assertThat(k.publicKey()).isEmpty();
    assertThat(k.keyProblem()).hasValueSatisfying(p -> assertThat(p).contains("32 bytes"));
  }

  @Test
  void flagsServicesAndHashes() {
    DkimKeyRecord k =
        DkimKeyRecord.parse("v=DKIM1; t=y:s; s=tlsrpt; h=SHA1; n=hello; p=" + RSA1024)
            .orElseThrow();
    assertThat(k.isTesting()).isTrue();
    assertThat(k.isStrict()).isTrue();
    assertThat(k.allowsEmail()).isFalse();
    assertThat(k.allowsHash("sha256")).isFalse();
    assertThat(k.allowsHash("sha1")).isTrue();
    assertThat(k.notes()).contains("hello");
  }

  @Test
  void revokedKeyTruncatedKeyAndUnknownType() {
    assertThat(DkimKeyRecord.parse("v=DKIM1; p=").orElseThrow().isRevoked()).isTrue();
    DkimKeyRecord truncated =
        DkimKeyRecord.parse("p=" + RSA1024.substring(0, 100)).orElseThrow();
    assertThat(truncated.publicKey()).isEmpty();
    assertThat(truncated.keyProblem()).isPresent();
    DkimKeyRecord unknown = DkimKeyRecord.parse("k=dsa; p=" + RSA1024).orElseThrow();
    assertThat(unknown.keyProblem()).hasValueSatisfying(p -> assertThat(p).contains("k=dsa"));
    DkimKeyRecord notBase64 = DkimKeyRecord.parse("p=#####").orElseThrow();
    assertThat(notBase64.keyProblem()).contains("p= is not valid base64");
  }

  @Test
  void wrongVersionAndMissingKeyAreSyntaxErrors() {
    SyntaxError v = DkimKeyRecord.parse("v=DKIM2; p=" + RSA1024).error().orElseThrow();
    assertThat(v.position()).isEqualTo(2);
    assertThat(v.message()).contains("DKIM1");
    SyntaxError p = DkimKeyRecord.parse("v=DKIM1; k=rsa").error().orElseThrow();
    assertThat(p.message()).contains("p=");
    assertThat(DkimKeyRecord.parse("v=spf1 -all").isValid()).isFalse();
  }
}
