package io.berth.core.security.password;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PBKDF2 (RFC 8018) over the JDK's HMAC, on the password's bytes as they are (the JDK's own PBKDF2 takes chars and
 * would re-encode them; an MQTT password is binary data).
 */
final class Pbkdf2 {
  private Pbkdf2() {}

  /**
   * @param hmac a JDK Mac name: "HmacSHA512", "HmacSHA256", "HmacSHA1", ...
   */
  static byte[] derive(String hmac, byte[] password, byte[] salt, int iterations, int length) {
    if (iterations < 1 || length < 1) {
      throw new IllegalArgumentException("PBKDF2 needs iterations >= 1 and length >= 1");
    }
    Mac mac = mac(hmac, password);
    int hLen = mac.getMacLength();
    byte[] out = new byte[length];
    byte[] u = new byte[hLen];
    byte[] t = new byte[hLen];
    try {
      for (int block = 1, offset = 0; offset < length; block++, offset += hLen) {
        mac.update(salt);
        mac.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
        mac.doFinal(u, 0);
        System.arraycopy(u, 0, t, 0, hLen);
        for (int i = 1; i < iterations; i++) {
          mac.update(u);
          mac.doFinal(u, 0);
          for (int j = 0; j < hLen; j++) {
            t[j] ^= u[j];
          }
        }
        System.arraycopy(t, 0, out, offset, Math.min(hLen, length - offset));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /**
   * An initialised Mac. HMAC pads a short key with zeros, so the empty key (which SecretKeySpec refuses) is the same
   * as one zero byte.
   */
  static Mac mac(String hmac, byte[] key) {
    try {
      Mac mac = Mac.getInstance(hmac);
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, hmac));
      return mac;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(hmac + " is missing from this JDK", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
