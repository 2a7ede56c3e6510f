package io.berth.bench.hivemq;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts HiveMQ CE embedded with the configuration folder given (its config.xml sets the listener), prints one line
 * when it accepts connections, and stops it on SIGTERM. {@code HiveMqLauncher CONF_DIR DATA_DIR}.
 */
public final class HiveMqLauncher {
  private HiveMqLauncher() {}

  public static void main(String[] args) throws Exception {
    Path conf = Path.of(args[0]);
    Path data = Path.of(args[1]);
    Path extensions = Files.createDirectories(data.resolve("extensions"));
    EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(conf).withDataFolder(data)
        .withExtensionsFolder(extensions).build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        hivemq.stop().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("HiveMQ stop: " + e);
      }
      stopped.countDown();
    }));
    hivemq.start().get(120, TimeUnit.SECONDS);
    System.out.println("HIVEMQ STARTED");
    System.out.flush();
    stopped.await();
  }
}
