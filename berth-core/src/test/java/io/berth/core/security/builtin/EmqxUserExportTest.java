package io.berth.core.security.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.core.security.UserDirectory.User;
import io.berth.core.security.password.PasswordHashes;
import io.berth.core.security.password.Scheme;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmqxUserExportTest {
  static final String SALT = "6d1f2a1c9e0b4a7f8c3d2e1f0a9b8c7d";
  static final String SHA256_PREFIX = "83ddfafcdc6ef516c0709ea9bc9b743ecade2349296d836ae5559da51d3415f0"; // "public"
  static final String SHA512_SUFFIX = "38e720211998de81834fc815d54a5a9ed50948258c7fe8e770a011fca4ccb234061411fc427e3844"
      + "c3b925731c073284980f8d65b3753cd29d87f6a2c051efed";
  static final String PBKDF2_SHA256 = "4f3aa4892902e7acd29e6e8937c84327495ae9196cd9c106533a2bc85ab33893"; // i=4096
  static final String BCRYPT = "$2b$05$tEkltB0d1nkF28KPdSyq5ubKEl4hmoXpkY1qiP.ul2pkYINAU8Ku."; // "pass"

  @TempDir Path dir;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static EmqxUserExport.Options options(String algorithm, String position) {
    return new EmqxUserExport.Options(algorithm, position, "sha256", 4096, Scheme.BCRYPT);
  }

  private static User convert(EmqxUserExport.ExportedUser u, EmqxUserExport.Options o) throws Exception {
    return EmqxUserExport.convert("export", u, o);
  }

  @Test
  void csvExport() throws Exception {
    Path csv = dir.resolve("users.csv");
    Files.writeString(csv, "user_id,password_hash,salt,is_superuser\r\n"
        + "emqx_u," + SHA256_PREFIX + "," + SALT + ",false\r\n"
        + "\"admin, the\"," + SHA256_PREFIX + "," + SALT + ",true\r\n"
        + "\r\n");
    List<EmqxUserExport.ExportedUser> users = EmqxUserExport.read(csv);
    assertThat(users).containsExactly(
        new EmqxUserExport.ExportedUser("emqx_u", SHA256_PREFIX, SALT, false, false, 2),
        new EmqxUserExport.ExportedUser("admin, the", SHA256_PREFIX, SALT, true, false, 3));
    User u = convert(users.get(1), options("sha256", "prefix"));
    assertThat(u.username()).isEqualTo("admin, the");
    assertThat(u.superuser()).isTrue();
    assertThat(u.passwordHash()).startsWith("$emqx-sha256$prefix$");
    assertThat(PasswordHashes.verify(u.passwordHash(), utf8("public"))).isTrue();
    assertThat(PasswordHashes.verify(convert(users.get(0), options("sha256", "suffix")).passwordHash(),
        utf8("public"))).as("the wrong salt position does not verify").isFalse();
  }

  @Test
  void jsonExport() throws Exception {
    Path json = dir.resolve("users.json");
    Files.writeString(json, "[\n  {\"user_id\": \"u1\", \"password_hash\": \"" + SHA512_SUFFIX + "\", \"salt\": \""
        + SALT + "\", \"is_superuser\": false},\n"
        + "  {\"is_superuser\": true, \"salt\": \"" + SALT + "\",\n   \"user_id\": \"caf\\u00e9 \\\"q\\\"\","
        + " \"password_hash\": \"" + SHA512_SUFFIX + "\", \"extra\": {\"a\": [1, 2.5e3, null]}}\n]\n");
    List<EmqxUserExport.ExportedUser> users = EmqxUserExport.read(json);
    assertThat(users).extracting(EmqxUserExport.ExportedUser::userId).containsExactly("u1", "café \"q\"");
    assertThat(users).extracting(EmqxUserExport.ExportedUser::line).containsExactly(2, 3);
    assertThat(users.get(1).superuser()).isTrue();
    for (EmqxUserExport.ExportedUser u : users) {
      assertThat(PasswordHashes.verify(convert(u, options("sha512", "suffix")).passwordHash(), utf8("public")))
          .isTrue();
    }
    assertThat(EmqxUserExport.parseJson("x", "[]")).isEmpty();
  }

  @Test
  void everyAlgorithm() throws Exception {
    var pbkdf2 = new EmqxUserExport.ExportedUser("p", PBKDF2_SHA256, SALT, false, false, 2);
    User p = convert(pbkdf2, new EmqxUserExport.Options("pbkdf2", "prefix", "sha256", 4096, Scheme.BCRYPT));
    assertThat(p.passwordHash()).startsWith("$emqx-pbkdf2-sha256$i=4096$");
    assertThat(PasswordHashes.verify(p.passwordHash(), utf8("public"))).isTrue();

    var bcrypt = new EmqxUserExport.ExportedUser("b", BCRYPT, BCRYPT, false, false, 2);
    assertThat(convert(bcrypt, options("bcrypt", "prefix")).passwordHash()).isEqualTo(BCRYPT);

    var disabled = new EmqxUserExport.ExportedUser("d",
        "efa1f375d76194fa51a3556a97e641e61685f914d446979da50a551a4333ffd7", "", false, false, 2);
    assertThat(PasswordHashes.verify(convert(disabled, options("sha256", "disable")).passwordHash(),
        utf8("public"))).isTrue();

    // plain passwords are hashed anew (with or without EMQX's salt around them)
    var plain = new EmqxUserExport.ExportedUser("pl", "public", "", false, false, 2);
    User pl = convert(plain, new EmqxUserExport.Options("plain", "disable", "sha256", 1, Scheme.PBKDF2_SHA512));
    assertThat(pl.passwordHash()).startsWith("$pbkdf2-sha512$");
    assertThat(PasswordHashes.verify(pl.passwordHash(), utf8("public"))).isTrue();
    var salted = new EmqxUserExport.ExportedUser("ps", "saltpublic", "salt", false, false, 2);
    assertThat(PasswordHashes.verify(convert(salted, options("plain", "prefix")).passwordHash(), utf8("public")))
        .isTrue();
    var column = new EmqxUserExport.ExportedUser("pc", "public", "", false, true, 2); // a "password" column
    assertThat(PasswordHashes.verify(convert(column, options("sha256", "prefix")).passwordHash(), utf8("public")))
        .isTrue();
  }

  @Test
  void plainPasswordColumn() throws Exception {
    List<EmqxUserExport.ExportedUser> users = EmqxUserExport.parseCsv("x", "user_id,password,is_superuser\nu,pw,1\n");
    assertThat(users).containsExactly(new EmqxUserExport.ExportedUser("u", "pw", "", true, true, 2));
    assertThat(EmqxUserExport.parseJson("x", "[{\"user_id\":\"u\",\"password\":\"pw\"}]").get(0).plain()).isTrue();
  }

  @Test
  void errorsNameTheLine() {
    assertThatThrownBy(() -> EmqxUserExport.parseCsv("e.csv", "")).hasMessageContaining("e.csv: empty export");
    assertThatThrownBy(() -> EmqxUserExport.parseCsv("e.csv", "name,hash\nu,h\n"))
        .hasMessageStartingWith("e.csv:1: expected a header with user_id and password_hash");
    assertThatThrownBy(() -> EmqxUserExport.parseCsv("e.csv", "user_id,password_hash,salt,is_superuser\nu,h,s\n"))
        .hasMessage("e.csv:2: expected 4 fields as in the header, found 3");
    assertThatThrownBy(() -> EmqxUserExport.parseCsv("e.csv", "user_id,password_hash,salt,is_superuser\n"
        + "u,h,s,maybe\n")).hasMessage("e.csv:2: is_superuser is true or false, not maybe");
    assertThatThrownBy(() -> EmqxUserExport.parseCsv("e.csv", "user_id,password_hash\n\"u,h\n"))
        .hasMessage("e.csv:2: a quoted field is not closed");
    assertThatThrownBy(() -> EmqxUserExport.parseJson("e.json", "[\n{\"user_id\": 1, \"password_hash\": \"h\"}]"))
        .hasMessage("e.json:2: a user without a user_id string");
    assertThatThrownBy(() -> EmqxUserExport.parseJson("e.json", "[\n{\"user_id\": \"u\"}]"))
        .hasMessage("e.json:2: user 'u' has no password_hash (or password) string");
    assertThatThrownBy(() -> EmqxUserExport.parseJson("e.json", "[\n{\"user_id\": \"u\",\n tru}]"))
        .hasMessageStartingWith("e.json:3: not an EMQX JSON export");
    assertThatThrownBy(() -> EmqxUserExport.parseJson("e.json", "[{\"user_id\": \"u\"")).hasMessageContaining("end");
    assertThatThrownBy(() -> EmqxUserExport.parseJson("e.json", "[] x")).hasMessageContaining("text after");

    var notHex = new EmqxUserExport.ExportedUser("u", "xyz", SALT, false, false, 7);
    assertThatThrownBy(() -> convert(notHex, options("sha256", "prefix")))
        .hasMessage("export:7: user 'u': password_hash is not hex");
    var shortHash = new EmqxUserExport.ExportedUser("u", "abcd", SALT, false, false, 7);
    assertThatThrownBy(() -> convert(shortHash, options("sha256", "prefix"))).hasMessageContaining("32 bytes");
    var notBcrypt = new EmqxUserExport.ExportedUser("u", SHA256_PREFIX, SALT, false, false, 7);
    assertThatThrownBy(() -> convert(notBcrypt, options("bcrypt", "prefix"))).hasMessageStartingWith("export:7: user 'u'");
    var badName = new EmqxUserExport.ExportedUser("a:b", SHA256_PREFIX, SALT, false, false, 8);
    assertThatThrownBy(() -> convert(badName, options("sha256", "prefix")))
        .hasMessage("export:8: a user name cannot contain ':'");
    assertThatThrownBy(() -> options("sha3", "prefix")).isInstanceOf(IllegalArgumentException.class);
  }
}
