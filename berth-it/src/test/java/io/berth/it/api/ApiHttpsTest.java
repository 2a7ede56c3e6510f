package io.berth.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.it.TestPki;
import io.berth.server.BrokerService;
import io.berth.server.config.ConfigException;
import io.berth.server.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** dashboard.listeners.https: the API and the dashboard over TLS with a PEM certificate, beside plain HTTP. */
class ApiHttpsTest extends OwnBrokerPerTest {

  private String https(TestPki pki, String bind) {
    return "dashboard.listeners.https { enable = true, bind = \"" + bind + "\", ssl_options { certfile = \""
        + pki.path("server.pem") + "\", keyfile = \"" + pki.path("server.key") + "\" } }\n";
  }

  private static HttpClient trusting(TestPki pki) throws Exception {
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, pki.trust().getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(tls).build();
  }

  @Test
  void theApiAndTheDashboardAnswerOverTlsWithTheConfiguredCertificate() throws Exception {
    TestPki pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
    broker = ApiBroker.start(dir, https(pki, "127.0.0.1:0"));
    int port = broker.service.api().httpsPort();
    assertThat(port).isPositive().isNotEqualTo(broker.service.api().port());
    HttpClient client = trusting(pki);

    HttpResponse<String> status = client.send(HttpRequest.newBuilder(
        URI.create("https://localhost:" + port + "/api/v5/status")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body()).contains("\"status\":\"running\"");
    assertThat(status.headers().firstValue("Strict-Transport-Security")).contains("max-age=31536000");
    assertThat(status.headers().firstValue("Content-Security-Policy")).isPresent();

    HttpResponse<String> login = client.send(HttpRequest.newBuilder(
        URI.create("https://localhost:" + port + "/api/v5/login")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Api.json("username", "admin", "password",
            broker.initialPassword()))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body()).contains("\"token\"");

    HttpResponse<String> page = client.send(HttpRequest.newBuilder(
        URI.create("https://localhost:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");

    // plain HTTP stays where it was (berth ctl uses it), without the HTTPS-only header
    assertThat(broker.api.get("/api/v5/status", null).is(200).header("Strict-Transport-Security")).isNull();

    HttpClient untrusting = HttpClient.newHttpClient(); // the system CAs do not know the test CA
    assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
        + "/api/v5/status")).build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void httpsWithoutACertificateOrWithABrokenOneStopsStartUpNamingTheKey() throws Exception {
    Path file = dir.resolve("nocert.conf");
    Files.writeString(file, "node.data_dir = \"" + dir.resolve("data") + "\"\n"
        + "dashboard.listeners.https { enable = true, bind = \"127.0.0.1:0\" }\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("dashboard.listeners.https.ssl_options.certfile");

    Path broken = Files.writeString(dir.resolve("broken.pem"), "not a certificate");
    Path conf = dir.resolve("broken.conf");
    Files.writeString(conf, "node.data_dir = \"" + dir.resolve("data") + "\"\ndurability.sync = none\n"
        + "listeners.tcp.default.bind = \"127.0.0.1:0\"\nlisteners.ws.default.enable = false\n"
        + "dashboard.listeners.http.bind = \"127.0.0.1:0\"\n"
        + "dashboard.listeners.https { enable = true, bind = \"127.0.0.1:0\", ssl_options { certfile = \""
        + broken + "\", keyfile = \"" + broken + "\" } }\n");
    assertThatThrownBy(() -> BrokerService.start(ConfigLoader.load(conf, Map.of()), conf, Map.of()).close())
        .hasMessageContaining("dashboard.listeners.https.ssl_options.certfile").hasMessageContaining("broken.pem");
  }
}
