package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Publish;
import org.junit.jupiter.api.Test;

/**
 * A broker closed with retained messages and offline sessions holding queued messages must release their buffers:
 * an embedded broker (tests, an application restarting it) must not leak pooled memory at every restart.
 * LeakCheckExtension fails this class when Netty reports a leak. Kept in its own class so that a leak here is never
 * blamed on another test.
 */
class BrokerCloseLeakTest {
  @Test
  void closeReleasesRetainedMessagesAndOfflineSessions() {
    // Retained messages and queued messages of offline sessions hold buffers: after close() none may leak
    // (LeakCheckExtension fails this class if the broker drops them without releasing).
    RunningBroker broker = RunningBroker.start();
    try {
      String id = Ids.client("offline");
      try (RawClient sub = RawClient.open(broker)) {
        sub.connectOk(MqttVersion.V3_1_1, id, false, 60);
        sub.subscribe(1, "kept/#", 1);
        sub.disconnect();
      }
      try (RawClient pub = RawClient.open(broker)) {
        pub.connectOk(MqttVersion.V3_1_1, Ids.client("p"), true, 60);
        for (int i = 0; i < 20; i++) {
          pub.publishAndComplete(new Publish("kept/" + i, 1, true, false, i + 1,
              MqttProperties.NONE, Packets.utf8("payload " + i)));
        }
      }
      assertThat(broker.server().core().retained().size()).isEqualTo(20);
      // deliveries reach the offline session through its home loop's inbox: wait for all 20 to be queued
      await().atMost(java.time.Duration.ofSeconds(5))
          .until(() -> broker.server().core().sessions().get(id).queue().size() == 20);
    } finally {
      broker.close();
    }
  }
}
