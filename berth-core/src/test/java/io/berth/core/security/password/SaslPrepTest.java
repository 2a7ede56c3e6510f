package io.berth.core.security.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SaslPrepTest {

  @Test
  void rfc4013Examples() {
    assertThat(SaslPrep.prepare("I\u00ADX")).isEqualTo("IX"); // SOFT HYPHEN mapped to nothing
    assertThat(SaslPrep.prepare("user")).isEqualTo("user");
    assertThat(SaslPrep.prepare("USER")).isEqualTo("USER"); // case preserved
    assertThat(SaslPrep.prepare("\u00AA")).isEqualTo("a"); // NFKC
    assertThat(SaslPrep.prepare("\u2168")).isEqualTo("IX"); // NFKC
    assertThatThrownBy(() -> SaslPrep.prepare("\u0007")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SaslPrep.prepare("\u0627\u0031")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void spacesAndNormalizedPasswords() {
    assertThat(SaslPrep.prepare("a\u00A0b")).isEqualTo("a b");
    assertThat(SaslPrep.prepare("a\u200Bb")).isEqualTo("ab");
    byte[] ascii = "pencil".getBytes(StandardCharsets.US_ASCII);
    assertThat(SaslPrep.normalizePassword(ascii)).isSameAs(ascii);
    assertThat(SaslPrep.normalizePassword("\u2168".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("IX".getBytes(StandardCharsets.US_ASCII));
    byte[] notUtf8 = {(byte) 0xff, 'a'};
    assertThat(SaslPrep.normalizePassword(notUtf8)).isSameAs(notUtf8);
    byte[] prohibited = {'a', 7};
    assertThat(SaslPrep.normalizePassword(prohibited)).isSameAs(prohibited);
  }
}
