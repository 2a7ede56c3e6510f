package io.berth.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Request bodies: read up to the bound; past it a 413, with what the client sent read first (up to a bound too). */
class JsonBodyTest {
  private static InputStream body(int size) {
    return new ByteArrayInputStream(new byte[size]);
  }

  @Test
  void aBodyWithinTheBoundIsReadWhole() throws IOException {
    assertThat(Json.readBounded(body(Json.MAX_BODY_BYTES), Json.MAX_BODY_BYTES)).hasSize(Json.MAX_BODY_BYTES);
    assertThat(Json.readBounded(body(10), -1)).hasSize(10);
  }

  @Test
  void aDeclaredOversizedBodyIsReadBeforeThe413() {
    InputStream in = body(70_000);
    assertThatThrownBy(() -> Json.readBounded(in, 70_000)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(413));
    assertThat(remaining(in)).isZero();
  }

  @Test
  void anUndeclaredOversizedBodyIsReadBeforeThe413() {
    InputStream in = body(70_000);
    assertThatThrownBy(() -> Json.readBounded(in, -1)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(413));
    assertThat(remaining(in)).isZero();
  }

  @Test
  void aHugeBodyIsReadOnlyUpToTheDrainBound() {
    int size = 10 * Json.DRAIN_BYTES;
    InputStream in = body(size);
    assertThatThrownBy(() -> Json.readBounded(in, size)).isInstanceOf(ApiException.class);
    assertThat(remaining(in)).isEqualTo(size - Json.DRAIN_BYTES);
  }

  @Test
  void aClientThatGoesAwayStillGetsThe413() {
    InputStream broken = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("connection reset");
      }
    };
    assertThatThrownBy(() -> Json.readBounded(broken, 70_000)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(413));
  }

  private static int remaining(InputStream in) {
    try {
      return in.available();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
