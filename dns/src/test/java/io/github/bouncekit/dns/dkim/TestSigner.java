package io.github.bouncekit.dns.dkim;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * Signs messages for tests with the data's test keys ({@code generated/keys/}), so that tests can
 * make signatures with any tags. The canonicalisation is the verifier's own; the conformance vectors
 * check it independently.
 */
final class TestSigner {
  private TestSigner() {}

  /** The RSA private key of a PKCS#1 PEM file under {@code generated/keys/}. */
  static PrivateKey rsaKey(String file) {
    String pem = DkimData.text("generated/keys/" + file);
    String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] pkcs1 = Base64.getDecoder().decode(b64);
    byte[] algorithm = {
      0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
      0x01, 0x05, 0x00
    };
    byte[] pkcs8 = der(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algorithm, der(0x04, pkcs1)));
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code p=} value (SubjectPublicKeyInfo, base64) of an RSA private key. */
  static String rsaPublic(PrivateKey key) {
    RSAPrivateCrtKey k = (RSAPrivateCrtKey) key;
    try {
      return Base64.getEncoder()
          .encodeToString(
              KeyFactory.getInstance("RSA")
                  .generatePublic(new RSAPublicKeySpec(k.getModulus(), k.getPublicExponent()))
                  .getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Ed25519 private key of {@code generated/keys/ed25519.seed.b64}. */
  static PrivateKey ed25519Key() {
    byte[] seed = Base64.getDecoder().decode(DkimData.text("generated/keys/ed25519.seed.b64").strip());
    byte[] prefix = {
      0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
    };
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePrivate(new PKCS8EncodedKeySpec(concat(prefix, seed)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public key of the generated Ed25519 key, as published in the generated cases. */
  static final String ED25519_PUBLIC = "n3NOV/7kHSBdVKRDyO50FJwOQDe+w+MGw3pbN78zL1Y=";

  /**
   * Signs a message: puts a DKIM-Signature field on top.
   *
   * @param message the message (CR LF)
   * @param key the private key (RSA or Ed25519)
   * @param tags the tags before {@code bh=} and {@code b=}, such as {@code "v=1; a=rsa-sha256;
   *     c=relaxed/relaxed; d=gen.example; s=s2048; h=from:to:subject; "}
   * @return the signed message
   */
  static byte[] sign(byte[] message, PrivateKey key, String tags) {
    MessageParts parts = MessageParts.parse(message);
    DkimSignature draft = DkimSignature.parse(tags + "bh=AAAA; b=AAAA").orElseThrow();
    byte[] body =
        draft.bodyCanonicalization()
            .body(parts.bytes, Math.min(parts.bodyStart, parts.bytes.length), parts.bytes.length);
    int length = (int) Math.min(body.length, draft.bodyLength().orElse(body.length));
    String hash = draft.hashAlgorithm().equals("sha1") ? "SHA-1" : "SHA-256";
    String bh = Base64.getEncoder().encodeToString(DkimVerifier.digest(hash, body, length));
    String field = "DKIM-Signature: " + tags + "bh=" + bh + ";\r\n\tb=";
    DkimSignature sig = DkimSignature.parse(field.substring(15) + "AAAA").orElseThrow();
    byte[] data =
        DkimVerifier.signedData(
            parts, new MessageParts.Field("DKIM-Signature", "dkim-signature", field + "AAAA\r\n"),
            15, sig);
    try {
      Signature s;
      if (draft.algorithm().equals(DkimSignature.ED25519_SHA256)) {
        s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(DkimVerifier.digest("SHA-256", data, data.length));
      } else {
        s = Signature.getInstance(draft.algorithm().equals("rsa-sha1") ? "SHA1withRSA" : "SHA256withRSA");
        s.initSign(key);
        s.update(data);
      }
      String b = Base64.getEncoder().encodeToString(s.sign());
      byte[] head = (field + b + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
      return concat(head, parts.bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    if (content.length < 128) {
      out.write(content.length);
    } else {
      byte[] len = BigInteger.valueOf(content.length).toByteArray();
      int skip = len[0] == 0 ? 1 : 0;
      out.write(0x80 | (len.length - skip));
      out.write(len, skip, len.length - skip);
    }
    out.write(content, 0, content.length);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p, 0, p.length);
    }
    return out.toByteArray();
  }
}
