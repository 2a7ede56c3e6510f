package io.berth.server.cli;

import io.berth.core.security.UserDirectory.User;
import io.berth.core.security.builtin.EmqxUserExport;
import io.berth.core.security.builtin.PasswordFileContent;
import io.berth.core.security.builtin.PasswordFileException;
import io.berth.core.security.password.PasswordHash;
import io.berth.core.security.password.PasswordHashes;
import io.berth.core.security.password.Scheme;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth passwd}: the built-in users' password file, as {@code mosquitto_passwd} manages Mosquitto's (same
 * options, same file format, plus {@code :superuser}), and EMQX user exports taken over.
 */
@Command(name = "passwd",
    description = "Add, change or delete a user of a password file (the built-in users), or import EMQX users.",
    customSynopsis = {
        "berth passwd [-c] [--hash SCHEME] [--[no-]superuser] FILE USER",
        "berth passwd -b [-c] [--hash SCHEME] [--[no-]superuser] FILE USER PASSWORD",
        "berth passwd -D FILE USER",
        "berth passwd --import-emqx EXPORT --emqx-hash ALGORITHM [--salt-position POSITION] [-c] FILE"},
    footer = {"",
        "Without -b the password is asked for twice, without echo. Lines are USER:HASH or USER:HASH:superuser;",
        "the file is written atomically with mode 600, keeping its other lines and comments.",
        "Exit status: 0 done, 1 refused (the message says why), 2 a wrong command line."})
final class PasswdCommand implements Callable<Integer> {

  /** Reads a password without echo; null when there is nothing to read from. */
  interface PasswordReader {
    char[] read(String prompt);
  }

  @Option(names = "-c", description = "Create the file, replacing an existing one (as mosquitto_passwd -c).")
  boolean create;

  @Option(names = "-b", description = "Batch mode: the password is the last argument (it shows in ps and history).")
  boolean batch;

  @Option(names = "-D", description = "Delete the user.")
  boolean delete;

  @Option(names = "--hash", paramLabel = "SCHEME", defaultValue = "bcrypt",
      description = "bcrypt (default), pbkdf2-sha512, argon2id, scram-sha-256, scram-sha-512 (these also serve SCRAM"
          + " login), or mosquitto-pbkdf2 (Mosquitto's $7$, for a file Mosquitto reads too).")
  String hash;

  @Option(names = "--superuser", negatable = true,
      description = "Make the user a superuser (--no-superuser: an ordinary user). Default: as before, or ordinary.")
  Boolean superuser;

  @Option(names = "--import-emqx", paramLabel = "EXPORT",
      description = "Add the users of an EMQX built-in database export (CSV with a user_id,password_hash,salt,"
          + "is_superuser header, or JSON), replacing users of the same name.")
  Path importEmqx;

  @Option(names = "--emqx-hash", paramLabel = "ALGORITHM",
      description = "How EMQX hashed the export's passwords (its password_hash_algorithm): sha256, sha512, md5, sha,"
          + " plain, bcrypt, pbkdf2. Plain passwords are hashed with --hash.")
  String emqxHash;

  @Option(names = "--salt-position", paramLabel = "POSITION", defaultValue = "prefix",
      description = "EMQX's salt_position for sha256/sha512/md5/sha/plain: prefix (default), suffix, disable.")
  String saltPosition;

  @Option(names = "--emqx-mac-fun", paramLabel = "MAC", defaultValue = "sha256",
      description = "EMQX's pbkdf2 mac_fun: sha, sha224, sha256 (default), sha384, sha512.")
  String macFun;

  @Option(names = "--emqx-iterations", paramLabel = "N", converter = SubCommand.Positive.class,
      description = "EMQX's pbkdf2 iterations (required with --emqx-hash pbkdf2).")
  Integer emqxIterations;

  @Parameters(paramLabel = "ARGS", description = "FILE USER [PASSWORD], or FILE with --import-emqx.")
  List<String> args = new ArrayList<>();

  @Option(names = "--help", usageHelp = true, description = "Show this help.")
  boolean help;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Where interactive passwords come from; a field so that tests can give their own. */
  PasswordReader reader = PasswdCommand::fromConsole;

  private static char[] fromConsole(String prompt) {
    Console console = System.console();
    return console == null ? null : console.readPassword("%s", prompt);
  }

  @Override
  public Integer call() throws CliError {
    if (delete && (batch || create || importEmqx != null)) {
      throw CliError.failure("-D deletes a user from an existing file: it goes with no -b, -c or --import-emqx");
    }
    if (importEmqx != null) {
      if (batch) {
        throw CliError.failure("--import-emqx takes no -b");
      }
      return importEmqx();
    }
    if (emqxHash != null || emqxIterations != null) {
      throw CliError.failure("--emqx-hash and --emqx-iterations go with --import-emqx");
    }
    int expected = batch ? 3 : 2;
    if (args.size() != expected) {
      throw CliError.failure(delete ? "expected FILE USER"
          : batch ? "expected FILE USER PASSWORD with -b" : "expected FILE USER (berth passwd --help shows every"
              + " form)");
    }
    Path file = Path.of(args.get(0));
    String username = args.get(1);
    PasswordFileContent content = create ? PasswordFileContent.empty() : read(file);
    PrintWriter out = spec.commandLine().getOut();
    if (delete) {
      if (content.user(username).isEmpty()) {
        throw CliError.failure("no user '" + username + "' in " + file + "; nothing changed");
      }
      write(content.without(username), file);
      out.println("Deleted user '" + username + "' from " + file);
      out.flush();
      return 0;
    }
    String problem = PasswordFileContent.usernameProblem(username);
    if (problem != null) {
      throw CliError.failure(problem + ": '" + username + "'");
    }
    Scheme scheme = scheme();
    byte[] password = batch ? args.get(2).getBytes(StandardCharsets.UTF_8) : askTwice();
    try {
      if (password.length == 0) {
        throw CliError.failure("empty password; nothing changed");
      }
      PasswordHash h = hash(scheme, password);
      boolean existed = content.user(username).isPresent();
      boolean su = superuser != null ? superuser : content.user(username).map(User::superuser).orElse(false);
      write(content.with(new User(username, h.encoded(), su)), file);
      out.println((existed ? "Updated user '" : "Added user '") + username + "'" + (su ? " (superuser)" : "")
          + " in " + file + " (" + scheme.id() + ")");
      out.flush();
      return 0;
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  private Scheme scheme() throws CliError {
    return Scheme.byId(hash).orElseThrow(() -> CliError.failure("unknown --hash " + hash + " (" + Scheme.ids() + ")"));
  }

  private static PasswordHash hash(Scheme scheme, byte[] password) throws CliError {
    try {
      return PasswordHashes.create(scheme, password);
    } catch (IllegalArgumentException e) {
      throw CliError.failure(e.getMessage() + "; nothing changed");
    }
  }

  private byte[] askTwice() throws CliError {
    char[] first = reader.read("Password: ");
    if (first == null) {
      throw CliError.failure("no console to read the password from: run it in a terminal, or give it with"
          + " -b FILE USER PASSWORD");
    }
    char[] second = reader.read("Reenter password: ");
    try {
      if (second == null || !Arrays.equals(first, second)) {
        throw CliError.failure("the passwords do not match; nothing changed");
      }
      ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(first));
      byte[] password = new byte[bytes.remaining()];
      bytes.get(password);
      Arrays.fill(bytes.array(), (byte) 0);
      return password;
    } finally {
      Arrays.fill(first, '\0');
      if (second != null) {
        Arrays.fill(second, '\0');
      }
    }
  }

  private int importEmqx() throws CliError {
    if (args.size() != 1) {
      throw CliError.failure("expected one FILE after --import-emqx EXPORT (the password file to add the users to)");
    }
    if (emqxHash == null) {
      throw CliError.failure("--import-emqx needs --emqx-hash: how EMQX hashed the passwords ("
          + String.join(", ", EmqxUserExport.Options.ALGORITHMS) + ")");
    }
    if (emqxHash.equals("pbkdf2") && emqxIterations == null) {
      throw CliError.failure("--emqx-hash pbkdf2 needs --emqx-iterations (EMQX's password_hash_algorithm.iterations)");
    }
    EmqxUserExport.Options options;
    try {
      options = new EmqxUserExport.Options(emqxHash, saltPosition, macFun,
          emqxIterations == null ? 1 : emqxIterations, scheme());
    } catch (IllegalArgumentException e) {
      throw CliError.failure(e.getMessage());
    }
    Path file = Path.of(args.get(0));
    PasswordFileContent content = create ? PasswordFileContent.empty() : read(file);
    int replaced = 0;
    int count = 0;
    Map<String, Integer> seen = new HashMap<>();
    try {
      for (EmqxUserExport.ExportedUser exported : EmqxUserExport.read(importEmqx)) {
        Integer first = seen.putIfAbsent(exported.userId(), exported.line());
        if (first != null) {
          throw CliError.failure(importEmqx + ":" + exported.line() + ": user '" + exported.userId()
              + "' again (first on line " + first + "); nothing changed");
        }
        User user = EmqxUserExport.convert(importEmqx.toString(), exported, options);
        if (content.user(user.username()).isPresent()) {
          replaced++;
        }
        content = content.with(user);
        count++;
      }
    } catch (PasswordFileException e) {
      throw CliError.failure(e.getMessage() + "; nothing changed");
    }
    write(content, file);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Imported " + count + " user" + (count == 1 ? "" : "s") + " from " + importEmqx + " into " + file
        + (replaced > 0 ? " (" + replaced + " replaced)" : ""));
    out.flush();
    return 0;
  }

  private static PasswordFileContent read(Path file) throws CliError {
    if (!Files.exists(file)) {
      throw CliError.failure(file + ": no such file (-c creates it)");
    }
    try {
      return PasswordFileContent.read(file);
    } catch (PasswordFileException e) {
      throw CliError.failure(e.getMessage() + "; nothing changed");
    }
  }

  private static void write(PasswordFileContent content, Path file) throws CliError {
    try {
      content.write(file);
    } catch (IOException e) {
      throw CliError.failure("cannot write " + file + ": " + (e.getMessage() != null ? e.getMessage() : e));
    }
  }
}
