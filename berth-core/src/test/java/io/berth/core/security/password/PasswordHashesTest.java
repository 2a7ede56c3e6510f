package io.berth.core.security.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashesTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean verify(String hash, String password) throws MalformedHashException {
    return PasswordHashes.verify(hash, utf8(password));
  }

  // ---- round trips of every scheme Berth writes ----

  @ParameterizedTest
  @EnumSource(Scheme.class)
  void createdHashesVerifyTheirPasswordOnly(Scheme scheme) throws Exception {
    PasswordHash hash = PasswordHashes.create(scheme, utf8("s3cret-Pässword"));
    assertThat(hash.verify(utf8("s3cret-Pässword"))).isTrue();
    assertThat(hash.verify(utf8("s3cret-Pässwore"))).isFalse();
    assertThat(hash.verify(new byte[0])).isFalse();

    PasswordHash reparsed = PasswordHashes.parse(hash.encoded());
    assertThat(reparsed.encoded()).isEqualTo(hash.encoded());
    assertThat(reparsed.scheme()).isEqualTo(hash.scheme());
    assertThat(reparsed.verify(utf8("s3cret-Pässword"))).isTrue();
    assertThat(reparsed.verify(utf8("wrong"))).isFalse();
    // a salt each time: the same password never gives the same line twice
    assertThat(PasswordHashes.create(scheme, utf8("s3cret-Pässword")).encoded()).isNotEqualTo(hash.encoded());
  }

  @Test
  void createdFormsAndDefaults() {
    byte[] pw = utf8("pw");
    assertThat(PasswordHashes.create(Scheme.BCRYPT, pw).encoded()).startsWith("$2b$10$").hasSize(60);
    assertThat(PasswordHashes.create(Scheme.PBKDF2_SHA512, pw).encoded())
        .matches("\\$pbkdf2-sha512\\$i=210000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{86}");
    assertThat(PasswordHashes.create(Scheme.ARGON2ID, pw).encoded())
        .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(PasswordHashes.create(Scheme.SCRAM_SHA_256, pw).encoded())
        .matches("\\$scram-sha-256\\$i=4096\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}\\$[A-Za-z0-9+/]{43}");
    assertThat(PasswordHashes.create(Scheme.SCRAM_SHA_512, pw).encoded())
        .matches("\\$scram-sha-512\\$i=4096\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{86}\\$[A-Za-z0-9+/]{86}");
    // Mosquitto's layout: a 12-byte salt and padded Base64, which every Mosquitto 2 reads
    assertThat(PasswordHashes.create(Scheme.MOSQUITTO_PBKDF2, pw).encoded())
        .matches("\\$7\\$1000\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}==");
  }

  @Test
  void binaryAndEmptyPasswords() throws Exception {
    byte[] binary = {0, (byte) 0xff, (byte) 0xc3, 0x28, 1, 2};
    for (Scheme scheme : Scheme.values()) {
      PasswordHash hash = PasswordHashes.create(scheme, binary);
      assertThat(hash.verify(binary)).as(scheme.id()).isTrue();
      assertThat(hash.verify(new byte[] {0, (byte) 0xff, (byte) 0xc3, 0x28, 1, 3})).as(scheme.id()).isFalse();
      PasswordHash empty = PasswordHashes.create(scheme, new byte[0]);
      assertThat(empty.verify(new byte[0])).as(scheme.id()).isTrue();
      assertThat(empty.verify(new byte[] {'a'})).as(scheme.id()).isFalse();
    }
  }

  // ---- known answers from other implementations ----

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // mosquitto_passwd 2.0.11 (-b, default $7$; -H sha512 for $6$)
      "correct horse battery staple|$7$101$M8Kn7Z1QgmSunze6$Cpb0bLmXO/o3C74pC3IvUf2tVVinZRZsq74so9Y6u9QtOHWQrcJGtMCfHl1vLwXdHyUsP3boL7iKR64ivmAaUQ==",
      "pässwörd|$7$101$m5LFQXWSAtJkDYBt$T6w9WpuRG21IAAG5Sg+FTZR+xI4rW/Tk6+kV6wZf7lCUDzoM8fUyUnE3aXboUsmi2ZALaCjNXaqSAkuMwgstJw==",
      "pass|$7$101$IQd2D//2Uvz31UDs$OYPBJBBkFgffLnHPEHRqEkIKK7rYRYVJ/de/mcPtjQ/t5qXC4aMq0vH1lD5g8KyBO1rac2NEdJhb4ssp2Khf7g==",
      "s3cr3t!|$6$1LFfnr03S78gKKEt$w86e5p3FhN4+TWY/KFOXdoL3U03LXrbCHQergrRd4zndlc8iVpipjAc9dl9ScujyF+oEjZV98R6uRX06BpwT4g==",
      "x|$6$jeQuv/7k9ehylwW9$hJL+79qOW1KuGabhi4tDUutNd/V58ed2Bq+kYDeUlAMMYtIjze8kQ2ElNIn9yIamY2e3VjaPfWUmg/QwNIPriQ==",
      "pass|$6$lTr5dBQ1Nj2C847e$3pc8J0BEGFyW9f2WQhMT+PYaioL6+Xg7ccOlXD9JpqqHSCwmGvTuqz8yvse2MRbtu/7sAqQuhq/hg+zXdfyHhA==",
      // the reference argon2 CLI (libargon2, which Mosquitto 2.1 links): -id, -i, -d, -v 10, -l 16
      "pass|$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$xumGSDS3lkfXtE6373lqTlouXqChnk4tgLa9XtnDFL4",
      "pässwörd|$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$ZxHFwGaOq6ydT37qMt0+FC5LOd9nmox3pMfkwPQG1ek",
      "pass|$argon2i$v=19$m=256,t=3,p=2$c29tZXNhbHRzb21lc2FsdA$jlZuiIo3py/KWKqULIlihelZiRQ/buzjPc7R7tTgTvA",
      "pass|$argon2d$v=19$m=64,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$qI/wsh4eMUVIW4uDT+59lQPYsOKKVZQPZTGcbzAAFk0",
      "pass|$argon2id$v=16$m=64,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1XEsQq2YA19Jv+xrk6tIwJKmU2W1qZoQg0tDpdIRVx0",
      "pass|$argon2id$v=19$m=64,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ZrhQZJFB1I5D4ctwTwKQjA",
      // Mosquitto 2.1's parameters (m=47104,t=1,p=1, 64-byte salt and hash), made with the same CLI
      "pass|$argon2id$v=19$m=47104,t=1,p=1$bW9zcXVpdHRvc2FsdDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI$cBUpV7VsMSpXBfYSW/b3DezpjCFuo2g1tLHJ3T+QVptESi1aS0FEzPfcNowK00/AlrLOJ7YLbhOB3SD+WlBhjg",
      // Python's bcrypt (OpenBSD's code) and htpasswd -B
      "pass|$2b$05$tEkltB0d1nkF28KPdSyq5ubKEl4hmoXpkY1qiP.ul2pkYINAU8Ku.",
      "correct horse|$2a$05$.tvhxWeXVV5099.8wVOZ0.fwxKHih5cf9H4TTEhEBlQgRAS/d8Tcy",
      "pass|$2y$05$k30XDEeLs5lGepkVNxfQbOIeUdPCZNLFlBS/W/231UoHwPjGhv.r.",
      // hashlib.pbkdf2_hmac('sha512', b'pencil', b'saltsaltsaltsalt', 1000)
      "pencil|$pbkdf2-sha512$i=1000$c2FsdHNhbHRzYWx0c2FsdA$uiOvoeKbG0t7DO0jnrIx8zlCjSBrsb79JP21m9fAVokr+AOUsRCfemVRHnK+nyyEHiHPsl52+lKWblycUOleVA",
      // RFC 7677's user (salt W22ZaJ0SNY7soEsUEjb6gQ==, i=4096, password pencil)
      "pencil|$scram-sha-256$i=4096$W22ZaJ0SNY7soEsUEjb6gQ$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY$wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU",
      "pencil|$scram-sha-512$i=4096$MDEyMzQ1Njc4OWFiY2RlZg$50q+37QH8XpaNkNxjgBGkxqXkoXVH2Lh3lHJ07g7AOGVlU4FcOi+wjKQc80Fl2VeSw/SniKUPcJigYjLk6Y/2w$fgiGfVDf7076b3mVdGf4ced4bUxY4L8AjpHsD8KRzbGOujkLSpj40lrcb9IvGqJ4Uv3dBiyDgUgoQnoVamua2Q",
      // EMQX salted digests and PBKDF2 (salt "6d1f2a1c9e0b4a7f8c3d2e1f0a9b8c7d" as text, password "public")
      "public|$emqx-sha256$prefix$NmQxZjJhMWM5ZTBiNGE3ZjhjM2QyZTFmMGE5YjhjN2Q$83ddfafcdc6ef516c0709ea9bc9b743ecade2349296d836ae5559da51d3415f0",
      "public|$emqx-sha512$suffix$NmQxZjJhMWM5ZTBiNGE3ZjhjM2QyZTFmMGE5YjhjN2Q$38e720211998de81834fc815d54a5a9ed50948258c7fe8e770a011fca4ccb234061411fc427e3844c3b925731c073284980f8d65b3753cd29d87f6a2c051efed",
      "public|$emqx-sha256$disable$$efa1f375d76194fa51a3556a97e641e61685f914d446979da50a551a4333ffd7",
      "public|$emqx-pbkdf2-sha256$i=4096$NmQxZjJhMWM5ZTBiNGE3ZjhjM2QyZTFmMGE5YjhjN2Q$4f3aa4892902e7acd29e6e8937c84327495ae9196cd9c106533a2bc85ab33893",
      "public|$emqx-pbkdf2-sha$i=1000$NmQxZjJhMWM5ZTBiNGE3ZjhjM2QyZTFmMGE5YjhjN2Q$D227C42F0A98B82AE573D45D19001151BD8391F0",
  })
  void knownAnswers(String password, String hash) throws Exception {
    assertThat(verify(hash, password)).isTrue();
    assertThat(verify(hash, password + "x")).isFalse();
    assertThat(verify(hash, password.substring(1))).isFalse();
  }

  @Test
  void bcryptCountsTheFirst72BytesAsOpenBsdDoes() throws Exception {
    String seventyTwo = "0123456789".repeat(7) + "01";
    String eighty = "0123456789".repeat(8);
    // Python's bcrypt hashes of the 80- and 72-byte passwords: the same first 72 bytes, so each verifies the other
    String h80 = "$2b$05$bvRlt9FFoz9Fynku2P1ujuh4RiKTRNbbvrpAojDSdkdk2E/rp6hd6";
    String h72 = "$2b$05$9J7CdpBHdTFPC.W8lop9m.m8f/PWOnML4W3fDD6di0J8IHmUYSbN2";
    assertThat(verify(h80, eighty)).isTrue();
    assertThat(verify(h80, seventyTwo)).isTrue();
    assertThat(verify(h72, eighty)).isTrue();
    assertThat(verify(h72, seventyTwo.substring(0, 71))).isFalse();
    // creating one is refused rather than silently dropping the rest
    assertThatThrownBy(() -> PasswordHashes.create(Scheme.BCRYPT, utf8(eighty)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("72 bytes");
    assertThat(PasswordHashes.create(Scheme.BCRYPT, utf8(seventyTwo)).verify(utf8(seventyTwo))).isTrue();
  }

  @Test
  void schemesOfParsedHashes() throws Exception {
    assertThat(PasswordHashes.parse("$2y$05$k30XDEeLs5lGepkVNxfQbOIeUdPCZNLFlBS/W/231UoHwPjGhv.r.").scheme())
        .isEqualTo("bcrypt");
    assertThat(PasswordHashes.parse("$6$lTr5dBQ1Nj2C847e$3pc8J0BEGFyW9f2WQhMT+PYaioL6+Xg7ccOlXD9JpqqHSCwmGvTuqz8yvse2MRbt"
        + "u/7sAqQuhq/hg+zXdfyHhA==").scheme()).isEqualTo("mosquitto-sha512");
    assertThat(PasswordHashes.parse("$emqx-sha256$disable$$efa1f375d76194fa51a3556a97e641e61685f914d446979da50a551a4"
        + "333ffd7").scheme()).isEqualTo("emqx-sha256");
  }

  @Test
  void emqxFactories() {
    byte[] salt = utf8("6d1f2a1c9e0b4a7f8c3d2e1f0a9b8c7d");
    byte[] hash = HexFormat.of().parseHex("83ddfafcdc6ef516c0709ea9bc9b743ecade2349296d836ae5559da51d3415f0");
    EmqxSaltedHash prefix = EmqxSaltedHash.of("sha256", "prefix", salt, hash);
    assertThat(prefix.verify(utf8("public"))).isTrue();
    assertThat(EmqxSaltedHash.of("sha256", "suffix", salt, hash).verify(utf8("public"))).isFalse();
    assertThat(prefix.encoded()).isEqualTo("$emqx-sha256$prefix$" + Base64.getEncoder().withoutPadding()
        .encodeToString(salt) + "$83ddfafcdc6ef516c0709ea9bc9b743ecade2349296d836ae5559da51d3415f0");
    assertThatThrownBy(() -> EmqxSaltedHash.of("sha3", "prefix", salt, hash))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown algorithm");
    assertThatThrownBy(() -> EmqxSaltedHash.of("sha512", "prefix", salt, hash))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 bytes");
    assertThatThrownBy(() -> EmqxSaltedHash.of("sha256", "middle", salt, hash))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix, suffix or disable");
    EmqxPbkdf2Hash pbkdf2 = EmqxPbkdf2Hash.of("sha256", 4096, salt,
        HexFormat.of().parseHex("4f3aa4892902e7acd29e6e8937c84327495ae9196cd9c106533a2bc85ab33893"));
    assertThat(pbkdf2.verify(utf8("public"))).isTrue();
    assertThatThrownBy(() -> EmqxPbkdf2Hash.of("md4", 1, salt, hash)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- malformed strings: a clear checked error, never another exception ----

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "plaintext|not a password hash",
      "$5$rounds=5000$abc$def|unknown password hash scheme $5$",
      "$2b$10$short|bcrypt hash: expected",
      "$2b$99$tEkltB0d1nkF28KPdSyq5ubKEl4hmoXpkY1qiP.ul2pkYINAU8Ku.|cost must be between 4 and 31, was 99",
      "$2b$03$tEkltB0d1nkF28KPdSyq5ubKEl4hmoXpkY1qiP.ul2pkYINAU8Ku.|cost must be between 4 and 31, was 3",
      "$pbkdf2-sha512$1000$c2FsdA$aGFzaA|expected i=<number>",
      "$pbkdf2-sha512$i=0$c2FsdA$aGFzaA|i must be between 1 and",
      "$pbkdf2-sha512$i=99999999999$c2FsdA$aGFzaA|i must be between 1 and",
      "$pbkdf2-sha512$i=abc$c2FsdA$aGFzaA|i is not a number",
      "$pbkdf2-sha512$i=1000$c2F*dA$aGFzaA|salt is not valid Base64",
      "$pbkdf2-sha512$i=1000$$aGFzaA|salt is empty",
      "$pbkdf2-sha512$i=1000$c2FsdA|expected $pbkdf2-sha512$i=<iterations>$<salt>$<hash>",
      "$argon2id$v=19$m=19456,t=2$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2g|expected m=<KiB>,t=<iterations>,p=<lanes>",
      "$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2g|m must be between 8 and 1048576",
      "$argon2id$v=18$m=64,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2g|unknown version 18",
      "$argon2id$v=19$m=64,t=2,p=1$c2FsdA$aGFzaGhhc2g|salt must have at least 8 bytes",
      "$argon2id$v=19$t=2,m=64,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2g|expected m=<number>",
      "$argon2x$v=19$m=64,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2g|unknown password hash scheme $argon2x$",
      "$7$101$M8Kn7Z1QgmSunze6$Cpb0bLmX|hash must have 64 bytes",
      "$7$-1$M8Kn7Z1QgmSunze6$Cpb0bLmX|iteration count is not a number",
      "$7$101$M8Kn7Z1QgmSunze6|expected $7$<iterations>$<salt>$<hash>",
      "$6$M8Kn7Z1QgmSunze6|expected $6$<salt>$<hash>",
      "$6$M8Kn7Z1QgmSunze6$%%%%|hash is not valid Base64",
      "$scram-sha-256$i=4096$W22ZaJ0SNY7soEsUEjb6gQ$c2hvcnQ$c2hvcnQ|must have 32 bytes each",
      "$scram-sha-512$i=4096$W22ZaJ0SNY7soEsUEjb6gQ$c2hvcnQ|expected $scram-sha-512$i=<iterations>",
      "$emqx-sha256$prefix$c2FsdA$abc|not an even number of hex digits",
      "$emqx-sha256$prefix$c2FsdA$zz|not an even number of hex digits",
      "$emqx-sha256$before$c2FsdA$00|salt position must be prefix, suffix or disable",
      "$emqx-sha256$prefix$c2FsdA$00|the hash must have 32 bytes",
      "$emqx-sha3$prefix$c2FsdA$00|unknown algorithm sha3",
      "$emqx-sha256$prefix$00|expected $emqx-sha256$<prefix|suffix|disable>",
      "$emqx-pbkdf2-md5$i=1$c2FsdA$00|unknown mac_fun md5",
      "$emqx-pbkdf2-sha256$c2FsdA$00|expected $emqx-pbkdf2-sha256$i=<iterations>",
  })
  void malformedHashesGiveAClearError(String hash, String message) {
    assertThatThrownBy(() -> PasswordHashes.parse(hash))
        .isInstanceOf(MalformedHashException.class)
        .hasMessageContaining(message);
    assertThatThrownBy(() -> PasswordHashes.verify(hash, utf8("x"))).isInstanceOf(MalformedHashException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "$", "$$", "$2b$", "$7$", "$6$", "$argon2id$", "$scram-sha-256$", "$emqx-",
      "$emqx-pbkdf2-", "$pbkdf2-sha512$", "$emqx-sha256$$$", "$argon2id$$$$$$$", "$7$$$", "$6$$"})
  void truncatedHashesGiveAClearError(String hash) {
    assertThatThrownBy(() -> PasswordHashes.parse(hash)).isInstanceOf(MalformedHashException.class);
  }

  @Test
  void errorsDoNotQuoteTheHash() {
    String secretish = "$pbkdf2-sha512$i=1000$c2FsdHNhbHRzYWx0c2FsdA$uiOvoeKbG0t7DO0j";
    assertThatThrownBy(() -> PasswordHashes.parse(secretish + "$extra"))
        .isInstanceOf(MalformedHashException.class)
        .message().doesNotContain("uiOvoeKbG0t7DO0j");
    assertThatThrownBy(() -> PasswordHashes.parse("$" + "x".repeat(100) + "$"))
        .isInstanceOf(MalformedHashException.class)
        .message().doesNotContain("xxxxxxxxxx");
  }

  @Test
  void schemeIds() {
    assertThat(Scheme.byId("argon2id")).contains(Scheme.ARGON2ID);
    assertThat(Scheme.byId("md5")).isEmpty();
    assertThat(Scheme.ids()).isEqualTo(
        "bcrypt, pbkdf2-sha512, argon2id, scram-sha-256, scram-sha-512, mosquitto-pbkdf2");
  }
}
