package io.berth.it.api;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** For test classes whose tests each start a broker of their own ({@link ApiBroker#start}); closed after each test. */
abstract class OwnBrokerPerTest {
  @TempDir Path dir;
  ApiBroker broker;

  @AfterEach
  void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }
}
