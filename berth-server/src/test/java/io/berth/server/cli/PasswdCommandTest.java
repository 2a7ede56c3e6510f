package io.berth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.core.security.builtin.PasswordFile;
import io.berth.core.security.password.PasswordHashes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PasswdCommandTest {
  @TempDir Path dir;

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();
  /** What the "console" answers, in order; null entries mean "no console". */
  private final Deque<String> typed = new ArrayDeque<>();
  private final List<String> prompts = new java.util.ArrayList<>();
  private boolean console = true;

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cmd = BerthCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    PasswdCommand passwd = (PasswdCommand) cmd.getSubcommands().get("passwd").getCommand();
    passwd.reader = prompt -> {
      prompts.add(prompt);
      return console ? typed.removeFirst().toCharArray() : null;
    };
    return cmd.execute(args);
  }

  private boolean verify(Path file, String user, String password) throws Exception {
    return PasswordHashes.verify(PasswordFile.load(file).find(user).orElseThrow().passwordHash(),
        password.getBytes(StandardCharsets.UTF_8));
  }

  private void assertOneLineError(int code, String message) {
    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(err.toString()).startsWith("berth: ").contains(message).doesNotContain("\tat ")
        .hasLineCount(1);
  }

  @Test
  void createAddUpdateDelete() throws Exception {
    Path file = dir.resolve("passwd");
    assertThat(run("passwd", "-c", "-b", file.toString(), "alice", "s3cret")).as(err.toString()).isZero();
    assertThat(out.toString()).isEqualTo("Added user 'alice' in " + file + " (bcrypt)\n");
    assertThat(Files.readString(file)).matches("alice:\\$2b\\$10\\$.{53}\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(verify(file, "alice", "s3cret")).isTrue();

    assertThat(run("passwd", "-b", "--hash", "argon2id", "--superuser", file.toString(), "root", "toor")).isZero();
    assertThat(out.toString()).contains("Added user 'root' (superuser)").contains("(argon2id)");
    assertThat(Files.readString(file)).contains("root:$argon2id$v=19$m=19456,t=2,p=1$").endsWith(":superuser\n");

    // a new password keeps the superuser flag unless told otherwise
    assertThat(run("passwd", "-b", "--hash", "scram-sha-256", file.toString(), "root", "toor2")).isZero();
    assertThat(out.toString()).startsWith("Updated user 'root' (superuser)");
    assertThat(PasswordFile.load(file).find("root").orElseThrow().superuser()).isTrue();
    assertThat(verify(file, "root", "toor2")).isTrue();
    assertThat(run("passwd", "-b", "--no-superuser", file.toString(), "root", "toor3")).isZero();
    assertThat(PasswordFile.load(file).find("root").orElseThrow().superuser()).isFalse();

    assertThat(run("passwd", "-D", file.toString(), "alice")).isZero();
    assertThat(out.toString()).isEqualTo("Deleted user 'alice' from " + file + "\n");
    assertThat(PasswordFile.load(file).find("alice")).isEmpty();
    assertOneLineError(run("passwd", "-D", file.toString(), "alice"), "no user 'alice' in " + file);
  }

  @Test
  void everyScheme() throws Exception {
    Path file = dir.resolve("passwd");
    Files.writeString(file, "# kept\n");
    for (String scheme : new String[] {"bcrypt", "pbkdf2-sha512", "argon2id", "scram-sha-256", "scram-sha-512",
        "mosquitto-pbkdf2"}) {
      assertThat(run("passwd", "-b", "--hash", scheme, file.toString(), "u-" + scheme, "pw-" + scheme))
          .as(err.toString()).isZero();
      assertThat(verify(file, "u-" + scheme, "pw-" + scheme)).as(scheme).isTrue();
    }
    assertThat(Files.readString(file)).startsWith("# kept\nu-bcrypt:$2b$").contains("\nu-mosquitto-pbkdf2:$7$1000$");
    assertOneLineError(run("passwd", "-b", "--hash", "md5", file.toString(), "u", "p"),
        "unknown --hash md5 (bcrypt, pbkdf2-sha512, argon2id, scram-sha-256, scram-sha-512, mosquitto-pbkdf2)");
  }

  @Test
  void asksTwiceWithoutEcho() throws Exception {
    Path file = dir.resolve("passwd");
    typed.addAll(List.of("pässword", "pässword"));
    assertThat(run("passwd", "-c", file.toString(), "bob")).as(err.toString()).isZero();
    assertThat(prompts).containsExactly("Password: ", "Reenter password: ");
    assertThat(verify(file, "bob", "pässword")).isTrue();

    String before = Files.readString(file);
    typed.addAll(List.of("one", "two"));
    assertOneLineError(run("passwd", file.toString(), "bob"), "the passwords do not match; nothing changed");
    typed.addAll(List.of("", ""));
    assertOneLineError(run("passwd", file.toString(), "bob"), "empty password");
    console = false;
    assertOneLineError(run("passwd", file.toString(), "bob"), "no console to read the password from");
    assertThat(err.toString()).contains("-b FILE USER PASSWORD");
    assertThat(Files.readString(file)).isEqualTo(before);
  }

  @Test
  void userErrorsAreOneLineAndChangeNothing() throws Exception {
    Path missing = dir.resolve("missing");
    assertOneLineError(run("passwd", "-b", missing.toString(), "u", "p"), missing + ": no such file (-c creates it)");
    assertThat(missing).doesNotExist();

    Path bad = dir.resolve("bad");
    Files.writeString(bad, "alice:$2b$05$x\n");
    assertOneLineError(run("passwd", "-b", bad.toString(), "u", "p"), bad + ":1: user 'alice': bcrypt hash");
    assertThat(Files.readString(bad)).isEqualTo("alice:$2b$05$x\n");

    Path file = dir.resolve("passwd");
    assertThat(run("passwd", "-c", "-b", file.toString(), "alice", "pw")).isZero();
    assertOneLineError(run("passwd", "-b", file.toString(), "a:b", "pw"), "a user name cannot contain ':'");
    assertOneLineError(run("passwd", "-b", file.toString(), "#a", "pw"), "cannot start with '#'");
    assertOneLineError(run("passwd", "-b", file.toString(), "u", "x".repeat(73)), "72 bytes");
    assertOneLineError(run("passwd", "-b", file.toString(), "u"), "expected FILE USER PASSWORD with -b");
    assertOneLineError(run("passwd", file.toString()), "expected FILE USER");
    assertOneLineError(run("passwd", "-D", "-b", file.toString(), "alice", "x"), "-D deletes a user");
    assertOneLineError(run("passwd", "--emqx-hash", "sha256", file.toString(), "u"), "go with --import-emqx");
    assertOneLineError(run("passwd", "-b", dir.resolve("no/such/dir/p").toString(), "-c", "u", "pw"),
        "cannot write");

    // picocli's own errors: berth's usual exit code 2 with the usage
    assertThat(run("passwd", "--bogus", file.toString(), "u")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--bogus'");
  }

  @Test
  void helpShowsTheForms() {
    assertThat(run("passwd", "--help")).isZero();
    assertThat(out.toString()).contains("berth passwd [-c] [--hash SCHEME]", "berth passwd -D FILE USER",
        "--import-emqx EXPORT --emqx-hash ALGORITHM");
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("passwd");
  }

  @Test
  void readsAndKeepsMosquittoFiles() throws Exception {
    // written by mosquitto_passwd 2.0.11
    String alice = "alice:$7$101$M8Kn7Z1QgmSunze6$Cpb0bLmXO/o3C74pC3IvUf2tVVinZRZsq74so9Y6u9QtOHWQrcJGtMCfHl1vLwXdHyU"
        + "sP3boL7iKR64ivmAaUQ==";
    String carol = "carol:$6$1LFfnr03S78gKKEt$w86e5p3FhN4+TWY/KFOXdoL3U03LXrbCHQergrRd4zndlc8iVpipjAc9dl9ScujyF+oEjZ"
        + "V98R6uRX06BpwT4g==";
    Path file = dir.resolve("mosquitto.passwd");
    Files.writeString(file, alice + "\n" + carol + "\n");
    assertThat(run("passwd", "-b", "--hash", "mosquitto-pbkdf2", file.toString(), "dave", "pw")).isZero();
    assertThat(Files.readString(file)).startsWith(alice + "\n" + carol + "\ndave:$7$1000$");
    assertThat(verify(file, "alice", "correct horse battery staple")).isTrue();
    assertThat(verify(file, "carol", "s3cr3t!")).isTrue();
  }

  @Test
  void importsEmqxCsvAndJson() throws Exception {
    String salt = "6d1f2a1c9e0b4a7f8c3d2e1f0a9b8c7d";
    String sha256Prefix = "83ddfafcdc6ef516c0709ea9bc9b743ecade2349296d836ae5559da51d3415f0"; // "public"
    Path csv = dir.resolve("emqx.csv");
    Files.writeString(csv, "user_id,password_hash,salt,is_superuser\n"
        + "dev1," + sha256Prefix + "," + salt + ",false\n"
        + "admin," + sha256Prefix + "," + salt + ",true\n");
    Path file = dir.resolve("passwd");
    assertThat(run("passwd", "--import-emqx", csv.toString(), "--emqx-hash", "sha256", "-c", file.toString()))
        .as(err.toString()).isZero();
    assertThat(out.toString()).isEqualTo("Imported 2 users from " + csv + " into " + file + "\n");
    assertThat(verify(file, "dev1", "public")).isTrue();
    assertThat(PasswordFile.load(file).find("admin").orElseThrow().superuser()).isTrue();

    Path json = dir.resolve("emqx.json");
    Files.writeString(json, "[{\"user_id\":\"dev1\",\"password_hash\":\"" + "4f3aa4892902e7acd29e6e8937c84327495ae9196"
        + "cd9c106533a2bc85ab33893\",\"salt\":\"" + salt + "\",\"is_superuser\":false},"
        + "{\"user_id\":\"dev2\",\"password_hash\":\"4f3aa4892902e7acd29e6e8937c84327495ae9196cd9c106533a2bc85ab33893"
        + "\",\"salt\":\"" + salt + "\",\"is_superuser\":false}]");
    assertOneLineError(run("passwd", "--import-emqx", json.toString(), "--emqx-hash", "pbkdf2", file.toString()),
        "needs --emqx-iterations");
    assertThat(run("passwd", "--import-emqx", json.toString(), "--emqx-hash", "pbkdf2", "--emqx-iterations", "4096",
        file.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Imported 2 users").contains("(1 replaced)");
    assertThat(verify(file, "dev2", "public")).isTrue();
    assertThat(verify(file, "dev1", "public")).isTrue();
    assertThat(verify(file, "admin", "public")).isTrue();

    // plain passwords get a new hash of --hash
    Path plain = dir.resolve("plain.csv");
    Files.writeString(plain, "user_id,password_hash,salt,is_superuser\np1,hello,,false\n");
    assertThat(run("passwd", "--import-emqx", plain.toString(), "--emqx-hash", "plain", "--salt-position", "disable",
        "--hash", "scram-sha-512", file.toString())).isZero();
    assertThat(PasswordFile.load(file).find("p1").orElseThrow().passwordHash()).startsWith("$scram-sha-512$");
    assertThat(verify(file, "p1", "hello")).isTrue();
  }

  @Test
  void importErrors() throws Exception {
    Path file = dir.resolve("passwd");
    assertThat(run("passwd", "-c", "-b", file.toString(), "alice", "pw")).isZero();
    String before = Files.readString(file);
    Path csv = dir.resolve("emqx.csv");
    Files.writeString(csv, "user_id,password_hash,salt,is_superuser\nu1,00ff,s,false\n");
    assertOneLineError(run("passwd", "--import-emqx", csv.toString(), file.toString()), "needs --emqx-hash");
    assertOneLineError(run("passwd", "--import-emqx", csv.toString(), "--emqx-hash", "sha3", file.toString()),
        "unknown EMQX hash algorithm sha3");
    assertOneLineError(run("passwd", "--import-emqx", csv.toString(), "--emqx-hash", "pbkdf2", "--emqx-mac-fun", "md5",
        "--emqx-iterations", "10", file.toString()), "unknown PBKDF2 mac_fun md5");
    assertOneLineError(run("passwd", "--import-emqx", csv.toString(), "--emqx-hash", "sha256", "--salt-position",
        "middle", file.toString()), "prefix, suffix or disable");
    assertOneLineError(run("passwd", "--import-emqx", csv.toString(), "--emqx-hash", "sha256", file.toString()),
        csv + ":2: user 'u1': emqx-sha256 hash: the hash must have 32 bytes");
    assertOneLineError(run("passwd", "--import-emqx", csv.toString(), "--emqx-hash", "sha256", file.toString(), "u"),
        "expected one FILE");
    Files.writeString(csv, "user_id,password_hash,salt,is_superuser\nu1,00,,false\nu1,00,,false\n");
    assertOneLineError(run("passwd", "--import-emqx", csv.toString(), "--emqx-hash", "plain", file.toString()),
        csv + ":3: user 'u1' again (first on line 2)");
    assertOneLineError(run("passwd", "--import-emqx", dir.resolve("none.csv").toString(), "--emqx-hash", "plain",
        file.toString()), "none.csv: cannot read: no such file");
    assertThat(Files.readString(file)).isEqualTo(before);
  }
}
