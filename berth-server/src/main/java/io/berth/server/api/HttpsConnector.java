package io.berth.server.api;

import io.berth.server.config.DashboardConfig;
import io.berth.server.tls.PemFiles;
import io.berth.server.tls.TlsProblem;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.function.BiFunction;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The management API's HTTPS connector ({@code dashboard.listeners.https}): the PEM certificate and key read once at
 * start (checked: readable, a pair, not expired), TLS 1.2 and 1.3 only. The name a browser asks for is not checked
 * against the certificate by the server (that is the browser's job), so 127.0.0.1 and a host name both work.
 */
final class HttpsConnector {
  /** The in-memory key store's password: it never leaves this process. */
  private static final char[] STORE_PASSWORD = "berth".toCharArray();

  private HttpsConnector() {}

  /** @throws IOException one line naming the setting and what is wrong with its file */
  static BiFunction<Server, HttpConfiguration, Connector> of(DashboardConfig.Https https) throws IOException {
    KeyStore keys = keyStore(https);
    return (server, http) -> {
      SslContextFactory.Server tls = new SslContextFactory.Server();
      tls.setKeyStore(keys);
      tls.setKeyStorePassword(new String(STORE_PASSWORD));
      tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
      HttpConfiguration secure = new HttpConfiguration(http);
      secure.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
      ServerConnector connector = new ServerConnector(server, tls, new HttpConnectionFactory(secure));
      connector.setHost(https.host());
      connector.setPort(https.port());
      return connector;
    };
  }

  /** The plain HTTP connector beside it (dashboard.listeners.http). */
  static BiFunction<Server, HttpConfiguration, Connector> plain(String host, int port) {
    return (server, http) -> {
      ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
      connector.setHost(host);
      connector.setPort(port);
      return connector;
    };
  }

  private static KeyStore keyStore(DashboardConfig.Https https) throws IOException {
    List<X509Certificate> chain;
    PrivateKey key;
    try {
      chain = PemFiles.certificates(https.certfile());
    } catch (TlsProblem e) {
      throw new IOException("dashboard.listeners.https.ssl_options.certfile = \"" + https.certfile() + "\": "
          + e.getMessage(), e);
    }
    try {
      key = PemFiles.privateKey(https.keyfile(), null);
      PemFiles.checkPair(key, chain.get(0));
      PemFiles.checkValidity(chain, new Date());
    } catch (TlsProblem e) {
      throw new IOException("dashboard.listeners.https.ssl_options.keyfile = \"" + https.keyfile() + "\" (with certfile \""
          + https.certfile() + "\"): " + e.getMessage(), e);
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("dashboard", key, STORE_PASSWORD, chain.toArray(new X509Certificate[0]));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IOException("dashboard.listeners.https: cannot hold the certificate and key: " + e.getMessage(), e);
    }
  }
}
