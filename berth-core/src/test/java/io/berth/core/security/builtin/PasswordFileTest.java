package io.berth.core.security.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.core.security.UserDirectory.User;
import io.berth.core.security.password.PasswordHashes;
import io.berth.core.security.password.Scheme;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordFileTest {
  // mosquitto_passwd 2.0.11 lines
  static final String ALICE = "alice:$7$101$M8Kn7Z1QgmSunze6$Cpb0bLmXO/o3C74pC3IvUf2tVVinZRZsq74so9Y6u9QtOHWQrcJGtMCfHl"
      + "1vLwXdHyUsP3boL7iKR64ivmAaUQ==";
  static final String CAROL = "carol:$6$1LFfnr03S78gKKEt$w86e5p3FhN4+TWY/KFOXdoL3U03LXrbCHQergrRd4zndlc8iVpipjAc9dl9Scuj"
      + "yF+oEjZV98R6uRX06BpwT4g==";
  static final String BCRYPT = "$2b$05$tEkltB0d1nkF28KPdSyq5ubKEl4hmoXpkY1qiP.ul2pkYINAU8Ku."; // "pass"

  @TempDir Path dir;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsMosquittoFilesWithCommentsBlanksAndSuperusers() throws Exception {
    Path file = dir.resolve("passwd");
    Files.writeString(file, "\uFEFF# users\r\n" + ALICE + "\r\n\r\n   \n" + CAROL + "\n"
        + "  dave  :  " + BCRYPT + "  :  superuser  \n#last");
    PasswordFile users = PasswordFile.load(file);
    assertThat(users.size()).isEqualTo(3);
    assertThat(users.find("alice")).hasValueSatisfying(u -> {
      assertThat(u.superuser()).isFalse();
      assertThat(u.passwordHash()).startsWith("$7$101$");
    });
    assertThat(users.find("dave")).contains(new User("dave", BCRYPT, true));
    assertThat(users.find("nobody")).isEmpty();
    assertThat(users.find("Alice")).as("names are case-sensitive").isEmpty();
    assertThat(PasswordHashes.verify(users.find("carol").orElseThrow().passwordHash(), utf8("s3cr3t!"))).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "alice|3: expected username:hash",
      "alice:|3: user 'alice': empty password hash",
      ":$2b$05$tEkltB0d1nkF28KPdSyq5ubKEl4hmoXpkY1qiP.ul2pkYINAU8Ku.|3: empty user name",
      "alice:plaintext|3: user 'alice': not a password hash",
      "alice:$2b$99$tEkltB0d1nkF28KPdSyq5ubKEl4hmoXpkY1qiP.ul2pkYINAU8Ku.|3: user 'alice': bcrypt hash: the cost",
      "alice:$2b$05$tEkltB0d1nkF28KPdSyq5ubKEl4hmoXpkY1qiP.ul2pkYINAU8Ku.:admin|3: user 'alice': the third field",
      "alice:$2b$05$tEkltB0d1nkF28KPdSyq5ubKEl4hmoXpkY1qiP.ul2pkYINAU8Ku.:superuser:x|3: user 'alice': too many ':'",
      "carol:$2b$05$tEkltB0d1nkF28KPdSyq5ubKEl4hmoXpkY1qiP.ul2pkYINAU8Ku.|3: user 'carol' again (first on line 2)",
  })
  void badLinesNameTheFileAndLine(String line, String message) throws Exception {
    Path file = dir.resolve("passwd");
    Files.writeString(file, "# users\n" + CAROL + "\n" + line + "\n");
    assertThatThrownBy(() -> PasswordFile.load(file))
        .isInstanceOf(PasswordFileException.class)
        .satisfies(e -> {
          assertThat(e.getMessage()).startsWith(file + ":" + message).doesNotContain("\n");
          assertThat(((PasswordFileException) e).line()).isEqualTo(3);
          assertThat(((PasswordFileException) e).source()).isEqualTo(file.toString());
        });
  }

  @Test
  void missingAndNonUtf8Files() throws Exception {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> PasswordFile.load(missing)).isInstanceOf(PasswordFileException.class)
        .hasMessage(missing + ": cannot read: no such file");
    Path binary = dir.resolve("binary");
    Files.write(binary, new byte[] {'a', ':', (byte) 0xff, '\n'});
    assertThatThrownBy(() -> PasswordFile.load(binary)).isInstanceOf(PasswordFileException.class)
        .hasMessage(binary + ": not UTF-8 text");
  }

  @Test
  void reloadKeepsTheOldUsersWhenTheNewFileIsBad() throws Exception {
    Path file = dir.resolve("passwd");
    Files.writeString(file, ALICE + "\n");
    PasswordFile users = PasswordFile.load(file);
    assertThat(users.reloadIfChanged()).isEqualTo(new PasswordFile.Reload(PasswordFile.Outcome.UNCHANGED, null));

    replace(file, ALICE + "\n" + CAROL + "\n");
    assertThat(users.reloadIfChanged().outcome()).isEqualTo(PasswordFile.Outcome.RELOADED);
    assertThat(users.find("carol")).isPresent();
    assertThat(users.size()).isEqualTo(2);

    replace(file, ALICE + "\n" + "carol:oops\n");
    PasswordFile.Reload failed = users.reloadIfChanged();
    assertThat(failed.outcome()).isEqualTo(PasswordFile.Outcome.FAILED);
    assertThat(failed.problem()).startsWith(file + ":2: user 'carol': not a password hash")
        .endsWith("; keeping the 2 users read before");
    assertThat(users.find("carol")).isPresent();
    assertThat(users.reloadIfChanged().outcome()).as("reported once").isEqualTo(PasswordFile.Outcome.UNCHANGED);

    Files.delete(file);
    PasswordFile.Reload gone = users.reloadIfChanged();
    assertThat(gone.outcome()).isEqualTo(PasswordFile.Outcome.FAILED);
    assertThat(gone.problem()).contains("no such file");
    assertThat(users.reloadIfChanged().outcome()).isEqualTo(PasswordFile.Outcome.UNCHANGED);
    assertThat(users.size()).isEqualTo(2);

    Files.writeString(file, CAROL + "\n");
    assertThat(users.reloadIfChanged().outcome()).isEqualTo(PasswordFile.Outcome.RELOADED);
    assertThat(users.find("alice")).isEmpty();
    assertThat(users.find("carol")).isPresent();
  }

  @Test
  void reloadSeesAFileMovedOverTheOldOneWithTheSameSizeAndTime() throws Exception {
    Path file = dir.resolve("passwd");
    Files.writeString(file, "a:" + BCRYPT + "\n");
    FileTime time = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
    Files.setLastModifiedTime(file, time);
    PasswordFile users = PasswordFile.load(file);
    Path next = dir.resolve("next");
    Files.writeString(next, "b:" + BCRYPT + "\n");
    Files.setLastModifiedTime(next, time);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertThat(users.reloadIfChanged().outcome()).isEqualTo(PasswordFile.Outcome.RELOADED);
    assertThat(users.find("b")).isPresent();
  }

  /** A new version with a new modification time (file systems with coarse clocks would otherwise hide it). */
  private static void replace(Path file, String text) throws Exception {
    FileTime before = Files.getLastModifiedTime(file);
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2000));
  }

  @Test
  void editsKeepOtherLinesAndWriteAtomicallyWithMode600() throws Exception {
    Path file = dir.resolve("passwd");
    Files.writeString(file, "# Berth users\n" + ALICE + "\n\n# the admins\n" + CAROL + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    PasswordFileContent content = PasswordFileContent.read(file);
    String dave = PasswordHashes.create(Scheme.BCRYPT, utf8("d")).encoded();
    String alice2 = PasswordHashes.create(Scheme.BCRYPT, utf8("new")).encoded();
    content.with(new User("alice", alice2, false))
        .with(new User("dave", dave, true))
        .without("carol")
        .write(file);
    assertThat(Files.readString(file)).isEqualTo("# Berth users\nalice:" + alice2 + "\n\n# the admins\ndave:" + dave
        + ":superuser\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("passwd");
    }
    PasswordFile users = PasswordFile.load(file);
    assertThat(users.find("dave")).contains(new User("dave", dave, true));
    assertThat(users.find("carol")).isEmpty();

    // a new file
    Path created = dir.resolve("sub-passwd");
    PasswordFileContent.empty().with(new User("x", dave, false)).write(created);
    assertThat(Files.readString(created)).isEqualTo("x:" + dave + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).isEqualTo("rw-------");
    assertThat(PasswordFileContent.parse("empty", "").render()).isEmpty();
  }

  @Test
  void unchangedLinesAreWrittenAsTheyWere() throws Exception {
    String text = "# c\n  " + ALICE + "  \r\n";
    assertThat(PasswordFileContent.parse("f", text).render()).isEqualTo("# c\n  " + ALICE + "  \n");
  }

  /** The example in docs/security.md is a valid file. */
  @Test
  void theDocumentedExampleParses() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "security.md"));
    int start = doc.indexOf("```\n# Berth users") + 4;
    String example = doc.substring(start, doc.indexOf("```", start));
    PasswordFileContent content = PasswordFileContent.parse("docs/security.md", example);
    assertThat(content.users()).containsOnlyKeys("alice", "sensor-17", "admin", "bob");
    assertThat(content.users().get("admin").superuser()).isTrue();
    assertThat(PasswordHashes.verify(content.users().get("bob").passwordHash(),
        utf8("correct horse battery staple"))).isTrue();
  }

  @Test
  void usernamesThatCannotBeWritten() {
    PasswordFileContent content = PasswordFileContent.empty();
    for (String bad : new String[] {"", "a:b", "#a", " a", "a ", "a\tb", "a\nb"}) {
      assertThatThrownBy(() -> content.with(new User(bad, BCRYPT, false))).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> content.with(new User("a", "plain", false)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a password hash");
    assertThat(content.with(new User("a b#ü", BCRYPT, false)).user("a b#ü")).isPresent();
  }
}
