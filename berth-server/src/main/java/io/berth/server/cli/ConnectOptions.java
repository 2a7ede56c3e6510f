package io.berth.server.cli;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Connect;
import io.berth.server.client.ClientTls;
import io.berth.server.client.ClientTransport;
import io.berth.server.tls.PemFiles;
import io.berth.server.tls.TlsProblem;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Option;

/** The connection options pub and sub share, named as mosquitto_pub/sub name them. */
final class ConnectOptions {
  @Option(names = "-h", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "Broker host (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "-p", paramLabel = "PORT", defaultValue = "1883", converter = PortConverter.class,
      description = "Broker port (default: 1883, 8883 with TLS, 14567 with QUIC).")
  int port;

  @Option(names = "--tls", description = "Connect with TLS (implied by --cafile, --cert and --insecure).")
  boolean tls;

  @Option(names = "--cafile", paramLabel = "FILE",
      description = "CA certificate(s) that sign the broker's certificate, PEM (default: the system's CAs).")
  Path cafile;

  @Option(names = "--cert", paramLabel = "FILE", description = "Client certificate for mutual TLS, PEM.")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE", description = "The client certificate's private key, PEM.")
  Path key;

  @Option(names = "--insecure", description = "Do not check the broker's certificate or name (testing only).")
  boolean insecure;

  @Option(names = "--ws", paramLabel = "URL",
      description = "Connect over WebSocket: ws://host:8083/mqtt, or wss://host:8084/mqtt for TLS (-h/-p unused).")
  URI ws;

  @Option(names = "--quic", description = "Connect over QUIC (UDP, TLS 1.3, ALPN mqtt); -p defaults to 14567. "
      + "Takes --cafile, --cert, --key and --insecure.")
  boolean quic;

  @Option(names = "--unix", paramLabel = "PATH", description = "Connect to a Unix domain socket (-h/-p unused).")
  Path unix;

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec mixee;

  @Option(names = "-V", paramLabel = "VERSION", defaultValue = "5", converter = VersionConverter.class,
      description = "MQTT version: 3.1, 3.1.1 or 5 (default: ${DEFAULT-VALUE}).")
  MqttVersion version;

  @Option(names = "-i", paramLabel = "CLIENTID", description = "Client identifier (default: berth-<cmd>-<random>).")
  String clientId;

  @Option(names = "-u", paramLabel = "USER", description = "User name.")
  String username;

  @Option(names = "-P", paramLabel = "PASSWORD", description = "Password.")
  String password;

  @Option(names = "-k", paramLabel = "SECONDS", defaultValue = "60", converter = KeepAliveConverter.class,
      description = "Keep alive in seconds, 0 for none (default: ${DEFAULT-VALUE}).")
  int keepAlive;

  /** A clean-start CONNECT; {@code role} names the generated client identifier (MQTT 3.1 allows 23 characters). */
  Connect toConnect(String role) {
    String id = clientId != null
        ? clientId
        : "berth-" + role + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000000, 0x7FFFFFFF));
    byte[] pass = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
    return new Connect(version, id, true, keepAlive, username, pass, null, MqttProperties.NONE);
  }

  /** The transport the options describe; -p defaults to 8883 with TLS, as mosquitto_pub's does. */
  ClientTransport transport() throws CliError {
    boolean secure = tls || cafile != null || cert != null || insecure;
    boolean portGiven = mixee != null && mixee.commandLine() != null
        && mixee.commandLine().getParseResult() != null && mixee.commandLine().getParseResult().hasMatchedOption("-p");
    if (unix != null) {
      if (quic || ws != null || secure) {
        throw new CliError(CliError.USAGE, "--unix goes without --quic, --ws and TLS options");
      }
      return ClientTransport.unix(unix);
    }
    if (quic) {
      if (ws != null) {
        throw new CliError(CliError.USAGE, "--quic and --ws are different transports: choose one");
      }
      // TLS 1.3 always, so --cafile/--cert/--key/--insecure apply as with --tls
      return ClientTransport.quic(host, portGiven ? port : 14567, tls().quicContext(), null);
    }
    if (ws != null) {
      String scheme = String.valueOf(ws.getScheme()).toLowerCase(Locale.ROOT);
      if (!scheme.equals("ws") && !scheme.equals("wss") || ws.getHost() == null) {
        throw new CliError(CliError.USAGE, "--ws expects ws://host[:port]/path or wss://host[:port]/path, not " + ws);
      }
      return ClientTransport.websocket(ws, scheme.equals("wss") ? tcpContext() : null, null);
    }
    return secure ? ClientTransport.tls(host, portGiven ? port : 8883, tcpContext(), null)
        : ClientTransport.plain(host, port);
  }

  private SslContext tcpContext() throws CliError {
    try {
      return tls().tcpContext();
    } catch (SSLException e) {
      throw new CliError(CliError.USAGE, "cannot set up TLS: " + e.getMessage());
    }
  }

  /** --cafile, --cert, --key, --insecure as TLS settings. */
  private ClientTls tls() throws CliError {
    if ((cert == null) != (key == null)) {
      throw new CliError(CliError.USAGE, "--cert and --key go together");
    }
    PrivateKey k = null;
    if (key != null) {
      try {
        k = PemFiles.privateKey(key, null);
      } catch (TlsProblem p) {
        throw new CliError(CliError.USAGE, "--key " + key + ": " + p.getMessage());
      }
    }
    return new ClientTls(cafile == null ? null : certificates("--cafile", cafile), insecure, null, k,
        cert == null ? null : certificates("--cert", cert));
  }

  private static X509Certificate[] certificates(String option, Path file) throws CliError {
    try {
      return PemFiles.certificates(file).toArray(X509Certificate[]::new);
    } catch (TlsProblem p) {
      throw new CliError(CliError.USAGE, option + " " + file + ": " + p.getMessage());
    }
  }

  String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  static final class VersionConverter implements CommandLine.ITypeConverter<MqttVersion> {
    @Override
    public MqttVersion convert(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "3.1", "31", "mqttv31" -> MqttVersion.V3_1;
        case "3.1.1", "311", "mqttv311" -> MqttVersion.V3_1_1;
        case "5", "5.0", "mqttv5" -> MqttVersion.V5;
        default -> throw new CommandLine.TypeConversionException("expected 3.1, 3.1.1 or 5, not '" + s + "'");
      };
    }
  }

  static final class QosConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String s) {
      return switch (s) {
        case "0" -> 0;
        case "1" -> 1;
        case "2" -> 2;
        default -> throw new CommandLine.TypeConversionException("expected 0, 1 or 2, not '" + s + "'");
      };
    }
  }

  static final class PortConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String s) {
      return inRange(s, 1, 65535);
    }
  }

  static final class KeepAliveConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String s) {
      return inRange(s, 0, 65535);
    }
  }

  static int inRange(String s, int min, int max) {
    try {
      int n = Integer.parseInt(s.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CommandLine.TypeConversionException("expected an integer " + min + ".." + max + ", not '" + s + "'");
  }
}
