package io.berth.core.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connack;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness itself: its checks must be able to fail. */
class HarnessTest {

  @Test
  void referenceCheckFailsWhenATestPayloadIsStillHeld() {
    TestBroker b = new TestBroker();
    ByteBuf leaked = b.payload("still referenced");
    assertThatThrownBy(b::closeAndCheckReferences).isInstanceOf(AssertionError.class).hasMessageContaining("refCnt");
    leaked.release();
  }

  @Test
  void referenceCheckPassesWhenEverythingIsReleased() {
    TestBroker b = new TestBroker();
    b.payload("x").release();
    b.closeAndCheckReferences();
  }

  @Test
  void timersFireInVirtualTimeOrderAndCanBeCancelled() {
    TestBroker b = new TestBroker();
    List<String> fired = new ArrayList<>();
    b.loop(1).schedule(() -> fired.add("b@200"), 200);
    b.loop(0).schedule(() -> fired.add("a@100"), 100);
    b.loop(0).schedule(() -> fired.add("cancelled"), 150).cancel();
    b.advance(99);
    assertThat(fired).isEmpty();
    b.advance(1);
    assertThat(fired).containsExactly("a@100");
    assertThat(b.now()).isEqualTo(TestBroker.START_MILLIS + 100);
    b.advance(1000);
    assertThat(fired).containsExactly("a@100", "b@200");
    b.closeAndCheckReferences();
  }

  @Test
  void inEventLoopIsTrueOnlyOnTheRunningLoop() {
    TestBroker b = new TestBroker();
    ManualLoop a = b.loop(0);
    ManualLoop c = b.loop(1);
    assertThat(a.inEventLoop()).isFalse();
    a.run(() -> {
      assertThat(a.inEventLoop()).isTrue();
      assertThat(c.inEventLoop()).isFalse();
      c.run(() -> assertThat(a.inEventLoop()).isFalse());
      assertThat(a.inEventLoop()).isTrue();
    });
    b.closeAndCheckReferences();
  }

  @Test
  void clientExpectFailsOnTheWrongPacketType() {
    TestBroker b = new TestBroker();
    TestClient c = b.client();
    c.send(TestClient.connectPacket(MqttVersion.V5, "c", true));
    assertThatThrownBy(() -> c.expect(io.berth.codec.packet.Suback.class)).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> c.expect(Connack.class)).isInstanceOf(AssertionError.class); // consumed above
    b.closeAndCheckReferences();
  }
}
