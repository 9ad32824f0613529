package io.github.bouncekit.dns.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bouncekit.dns.ParseResult;
import io.github.bouncekit.dns.SyntaxError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DkimSignatureTest {
  private static final String BASE =
      "v=1; a=rsa-sha256; d=example.net; s=brisbane; h=from:to:subject; bh=AAAA; b=AAAA";

  @Test
  void readsEveryTag() {
    DkimSignature s =
        DkimSignature.parse(
                "v=1; a=RSA-SHA256; c=relaxed/simple; d=example.net; s=brisbane;\r\n"
                    + "  h=From : To:subject:from; i=joe=40football.example.net; l=10;"
                    + " q=dns/txt; t=1117574938; x=1118006938; bh=2jUSOH9NhtVGCQWN\r\n r9BrIAPreKQjO6Sn7XIkfJVOzv8=;"
                    + " b=dzdVyOfAKCdLXdJOc9G2q8LoXSlEniSbav+yuU4zGeeruD00lszZVoG4ZHRNiYzR")
            .orElseThrow();
    assertThat(s.algorithm()).isEqualTo("rsa-sha256");
    assertThat(s.headerCanonicalization()).isEqualTo(Canonicalization.RELAXED);
    assertThat(s.bodyCanonicalization()).isEqualTo(Canonicalization.SIMPLE);
    assertThat(s.signedHeaders()).containsExactly("From", "To", "subject", "from");
    assertThat(s.identity()).isEqualTo("joe@football.example.net");
    assertThat(s.identityDomain()).isEqualTo("football.example.net");
    assertThat(s.bodyLength()).hasValue(10);
    assertThat(s.timestamp()).hasValue(1117574938L);
    assertThat(s.expiration()).hasValue(1118006938L);
    assertThat(s.bodyHash()).isEqualTo("2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=");
    assertThat(s.keyName()).isEqualTo("brisbane._domainkey.example.net");
    assertThat(s.keyType()).isEqualTo("rsa");
    assertThat(s.hashAlgorithm()).isEqualTo("sha256");
  }

  @Test
  void defaultsAreSimpleAndTheDomainAsIdentity() {
    DkimSignature s = DkimSignature.parse(BASE).orElseThrow();
    assertThat(s.headerCanonicalization()).isEqualTo(Canonicalization.SIMPLE);
    assertThat(s.bodyCanonicalization()).isEqualTo(Canonicalization.SIMPLE);
    assertThat(s.identity()).isEqualTo("@example.net");
    assertThat(s.bodyLength()).isEmpty();
    assertThat(DkimSignature.parse(BASE + "; c=relaxed").orElseThrow().bodyCanonicalization())
        .isEqualTo(Canonicalization.SIMPLE);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a=rsa-sha256; d=example.net; s=x; h=from; bh=AAAA; b=AAAA | v= is missing",
        "v=0.5; a=rsa-sha256; d=example.net; s=x; h=from; bh=AAAA; b=AAAA | v= must be 1",
        "v=1; a=rsa-sha256; d=example.net; s=x; h=from; bh=AAAA | b= is missing",
        "v=1; a=rsa-md5; d=example.net; s=x; h=from; bh=AAAA; b=AAAA | unsupported algorithm",
        "v=1; a=rsa-sha256; c=future; d=example.net; s=x; h=from; bh=AAAA; b=AAAA | unknown canonicalisation",
        "v=1; a=rsa-sha256; d=example.net; s=x; h=to:subject; bh=AAAA; b=AAAA | does not include From",
        "v=1; a=rsa-sha256; d=example.net; s=x; h=from; i=@example.org; bh=AAAA; b=AAAA | neither d=example.net",
        "v=1; a=rsa-sha256; d=example.net; s=x; h=from; i=@badexample.net; bh=AAAA; b=AAAA | neither d=example.net",
        "v=1; a=rsa-sha256; d=example.net; s=x; h=from; q=http; bh=AAAA; b=AAAA | q= does not allow dns/txt",
        "v=1; a=rsa-sha256; d=example.net; s=x; h=from; l=-1; bh=AAAA; b=AAAA | l= is not a number",
        "v=1; a=rsa-sha256; d=example.net; s=x; h=from; t=20; x=10; bh=AAAA; b=AAAA | x= (expiry) is before t=",
        "v=1; a=rsa-sha256; d=exa mple.net; s=x; h=from; bh=AAAA; b=AAAA | d= is not a domain name",
        "v=1; a=rsa-sha256; d=example.net; s=x/y; h=from; bh=AAAA; b=AAAA | s= is not a selector",
        "v=1; a=rsa-sha256; d=example.net; s=x; h=from; bh=A*A; b=AAAA | bh= is not a base64 hash",
        "v=1; a=rsa-sha256; d=example.net; s=x; h=from::to; bh=AAAA; b=AAAA | empty header field name",
      })
  void faultsArePermanentErrorsWithAMessage(String value, String message) {
    ParseResult<DkimSignature> r = DkimSignature.parse(value);
    assertThat(r.isValid()).isFalse();
    SyntaxError e = r.error().orElseThrow();
    assertThat(e.message()).contains(message);
    assertThat(e.position()).isBetween(0, value.length());
  }

  @Test
  void identityInASubdomainIsAllowed() {
    assertThat(DkimSignature.parse(BASE + "; i=user@mail.example.net").orElseThrow().identity())
        .isEqualTo("user@mail.example.net");
  }
}
