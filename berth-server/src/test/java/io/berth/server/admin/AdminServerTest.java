package io.berth.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.server.admin.AdminProtocol.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin socket: a request's words in, the handler's lines out; mode 600; stale files replaced. */
class AdminServerTest {
  @TempDir Path dir;

  @Test
  void roundTripOverTheUnixSocket() throws Exception {
    Path sock = dir.resolve("data/admin.sock"); // the directory is made
    try (AdminServer admin = AdminServer.open(sock, words -> words.get(0).equals("fail")
        ? Response.error("refused: " + words.get(1)) : Response.ok(List.of("got " + words, "äöü ✓")))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rw-------");
      Response ok = AdminClient.call(sock, List.of("listeners", "add", "tcp:x", "websocket.allowed_origins=[\"a b\"]"));
      assertThat(ok.ok()).isTrue();
      assertThat(ok.lines()).containsExactly("got [listeners, add, tcp:x, websocket.allowed_origins=[\"a b\"]]",
          "äöü ✓");
      Response refused = AdminClient.call(sock, List.of("fail", "why"));
      assertThat(refused).isEqualTo(new Response(false, List.of("refused: why")));
      assertThatThrownBy(() -> AdminServer.open(sock, w -> Response.ok("second")))
          .isInstanceOf(IOException.class).hasMessageContaining("another running broker uses it");
    }
    assertThat(sock).doesNotExist();
    assertThatThrownBy(() -> AdminClient.call(sock, List.of("listeners", "list"))).isInstanceOf(IOException.class);
  }

  @Test
  void aStaleSocketFileIsReplaced() throws Exception {
    Path sock = dir.resolve("admin.sock");
    Files.writeString(sock, "left over by a broker that was killed");
    try (AdminServer admin = AdminServer.open(sock, w -> Response.ok("fresh"))) {
      assertThat(AdminClient.call(sock, List.of("x")).lines()).containsExactly("fresh");
    }
  }

  @Test
  void aHandlerBugIsAnErrorAnswerNotASilentClose() throws Exception {
    Path sock = dir.resolve("admin.sock");
    try (AdminServer admin = AdminServer.open(sock, w -> {
      throw new IllegalStateException("boom");
    })) {
      Response r = AdminClient.call(sock, List.of("x"));
      assertThat(r.ok()).isFalse();
      assertThat(r.lines()).singleElement().asString().contains("boom");
    }
  }
}
