package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.berth.server.listener.ListenerManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate rotation on a running TLS listener: a client connected before keeps publishing, a new client sees the
 * new certificate, a bad new file is refused and the certificate in use kept; changed files are noticed without
 * being told (the broker checks them every 5 s).
 */
class CertRotationTest {
  @TempDir static Path dir;
  static TestPki pki;
  static RunningBroker broker;
  static Path cert;
  static Path key;

  @BeforeAll
  static void start() throws Exception {
    pki = new TestPki(dir);
    cert = dir.resolve("live.pem");
    key = dir.resolve("live.key");
    Files.copy(dir.resolve("server.pem"), cert);
    Files.copy(dir.resolve("server.key"), key);
    broker = RunningBroker.fromConfig(dir, "listeners.tcp.default.bind = \"127.0.0.1:0\"\n"
        + "listeners.ws.default.enable = false\nlisteners.ssl.default { enable = true, bind = \"127.0.0.1:0\", "
        + "ssl_options { certfile = \"" + cert + "\", keyfile = \"" + key + "\" } }\n");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  static int tlsPort() {
    return broker.port("ssl:default");
  }

  static MqttClient tlsClient(String role) throws Exception {
    MqttClient c = new MqttClient("ssl://localhost:" + tlsPort(), Ids.client(role), new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setSocketFactory(pki.socketFactory(null));
    o.setConnectionTimeout(5);
    c.connect(o);
    return c;
  }

  /** Writes a new certificate and key elsewhere and moves them in, as a renewal tool would. */
  static void rotate(String cn) throws Exception {
    Path newCert = dir.resolve(cn + ".pem");
    Path newKey = dir.resolve(cn + ".key");
    pki.writeServer(cn, newCert, newKey);
    Files.move(newKey, key, StandardCopyOption.REPLACE_EXISTING);
    Files.move(newCert, cert, StandardCopyOption.REPLACE_EXISTING);
  }

  static String cn() throws Exception {
    X509Certificate c = pki.serverCertificate(tlsPort());
    return c.getSubjectX500Principal().getName();
  }

  @Test
  void rotationKeepsConnectedClientsAndNewClientsSeeTheNewCertificate() throws Exception {
    ListenerManager listeners = broker.server().listeners();
    String topic = Ids.topicRoot() + "/r";
    BlockingQueue<String> got = new ArrayBlockingQueue<>(100);
    MqttClient sub = tlsClient("sub");
    sub.subscribe(topic, 1, (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
    MqttClient before = tlsClient("before");
    before.publish(topic, "1".getBytes(StandardCharsets.UTF_8), 1, false);
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("1");
    assertThat(cn()).isEqualTo("CN=localhost,O=Berth");
    var firstSerial = pki.serverCertificate(tlsPort()).getSerialNumber();

    rotate("rotated");
    ListenerManager.CertReport report = listeners.reloadCertificates(); // what `berth ctl certs reload` calls
    assertThat(report.failed()).isFalse();
    // the 5 s check may have found the files first: then this reload finds them unchanged, the new certificate in use
    assertThat(report.lines()).singleElement().asString()
        .matches("ssl:default: (certificate reloaded:|unchanged,) CN=rotated,O=Berth, serial .*");
    assertThat(cn()).isEqualTo("CN=rotated,O=Berth");
    assertThat(pki.serverCertificate(tlsPort()).getSerialNumber()).isNotEqualTo(firstSerial);
    before.publish(topic, "2".getBytes(StandardCharsets.UTF_8), 1, false);
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("2");
    assertThat(before.isConnected()).isTrue();
    MqttClient after = tlsClient("after");
    after.publish(topic, "3".getBytes(StandardCharsets.UTF_8), 1, false);
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("3");

    // A key that is not the certificate's: refused, the rotated certificate stays in use
    Files.copy(dir.resolve("client.key"), key, StandardCopyOption.REPLACE_EXISTING);
    report = listeners.reloadCertificates();
    assertThat(report.failed()).isTrue();
    assertThat(report.lines()).singleElement().asString().contains("new certificate files refused: "
        + "ssl_options.keyfile = \"" + key + "\": the key does not match the certificate (CN=rotated,O=Berth)");
    assertThat(cn()).isEqualTo("CN=rotated,O=Berth");
    tlsClient("still").disconnect();

    // Good files again, and nobody told: the periodic check finds them
    rotate("noticed");
    await().atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(200))
        .until(() -> cn().equals("CN=noticed,O=Berth"));
    before.publish(topic, "4".getBytes(StandardCharsets.UTF_8), 1, false);
    assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("4");
    for (MqttClient c : new MqttClient[] {before, after, sub}) {
      c.disconnect();
      c.close();
    }
  }
}
