package io.berth.core.security.ban;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBanStoreTest {
  @TempDir Path dir;
  final long at = 1_700_000_000_123L;

  @Test
  void roundTripKeepsEveryFieldEvenTabsAndNewlines() throws IOException {
    FileBanStore store = new FileBanStore(dir.resolve("data/banned.txt")); // the directory is made
    List<Ban> bans = List.of(
        Ban.of(BanKind.CLIENTID, "odd\tid\nwith\\escapes", "why\tnot", "berth ctl", at, Ban.FOREVER),
        Ban.of(BanKind.USERNAME_RE, "^bot-\\d+$", "", "", at, at + 3_600_000),
        Ban.of(BanKind.CIDR, "2001:db8::/32", "net", "ops", at, at + 1),
        Ban.of(BanKind.PEERHOST, "10.0.0.7", "flood", "authentication_ban", at, at + 600_000));
    store.save(bans);
    assertThat(store.load()).isEqualTo(bans);
    assertThat(Files.readString(store.file())).contains("peerhost\t10.0.0.7\t");
  }

  @Test
  void noFileIsNoBans() throws IOException {
    assertThat(new FileBanStore(dir.resolve("missing.txt")).load()).isEmpty();
  }

  @Test
  void aFailedWriteLeavesTheOldFileWhole() throws IOException {
    Path file = dir.resolve("banned.txt");
    FileBanStore store = new FileBanStore(file);
    List<Ban> old = List.of(Ban.of(BanKind.CLIENTID, "a", "", "", at, Ban.FOREVER));
    store.save(old);
    String before = Files.readString(file);
    Files.createDirectory(dir.resolve("banned.txt.tmp")); // the temporary file cannot be written
    assertThatThrownBy(() -> store.save(List.of())).isInstanceOf(IOException.class);
    assertThat(Files.readString(file)).isEqualTo(before);
    assertThat(store.load()).isEqualTo(old);
  }

  @Test
  void aSaveLeavesNoTemporaryFile() throws IOException {
    FileBanStore store = new FileBanStore(dir.resolve("banned.txt"));
    store.save(List.of(Ban.of(BanKind.CLIENTID, "a", "", "", at, Ban.FOREVER)));
    store.save(List.of());
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("banned.txt");
    }
    assertThat(store.load()).isEmpty();
  }

  @Test
  void aBrokenLineIsNamedByFileAndLine() throws IOException {
    Path file = dir.resolve("banned.txt");
    Files.writeString(file, "# comment\nclientid\ta\tforever\t2024-01-01T00:00:00Z\t\t\nipaddr\tx\tforever\t"
        + "2024-01-01T00:00:00Z\t\t\n");
    assertThatThrownBy(() -> new FileBanStore(file).load())
        .hasMessageStartingWith(file + ":3: not a ban (unknown ban kind 'ipaddr'");
  }

  @Test
  void theListSurvivesARestartWithoutItsExpiredBans() throws IOException {
    FileBanStore store = new FileBanStore(dir.resolve("banned.txt"));
    BanList first = new BanList(store, () -> at, Runnable::run, w -> { });
    first.add(Ban.of(BanKind.CLIENTID, "kept", "", "", at, Ban.FOREVER));
    first.add(Ban.of(BanKind.CLIENTID, "ends", "", "", at, at + 1000));
    BanList second = new BanList(store, () -> at + 1000, Runnable::run, w -> { });
    second.load();
    assertThat(second.list()).extracting(Ban::value).containsExactly("kept");
  }
}
