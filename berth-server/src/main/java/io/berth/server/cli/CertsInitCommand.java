package io.berth.server.cli;

import io.berth.server.tls.Pki;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth certs init}: a private CA, a server certificate for this machine and a client certificate, so that the
 * ssl and wss listeners (and mutual TLS) work on the first start. Never replaces existing files without --force.
 */
@Command(name = "init", description = "Create a CA, a server certificate and a client certificate (EC P-256, PEM).")
final class CertsInitCommand implements Callable<Integer> {
  static final List<String> FILES = List.of("ca.pem", "ca.key", "server.pem", "server.key", "client.pem", "client.key");

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "etc/certs",
      description = "Where to write the files (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--hosts", paramLabel = "NAMES", split = ",",
      description = "More host names or IP addresses for the server certificate, comma-separated.")
  List<String> hosts = new ArrayList<>();

  @Option(names = "--days", paramLabel = "N", defaultValue = "825", converter = SubCommand.Positive.class,
      description = "Validity of the server and client certificates in days (default: ${DEFAULT-VALUE}; the CA: 10 years).")
  int days;

  @Option(names = "--force", description = "Replace existing files.")
  boolean force;

  @Option(names = "--help", usageHelp = true, description = "Show this help.")
  boolean help;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws CliError {
    List<String> existing = FILES.stream().filter(f -> Files.exists(dir.resolve(f))).toList();
    if (!existing.isEmpty() && !force) {
      throw CliError.failure(dir.resolve(existing.get(0)) + " already exists; nothing written (--force replaces the"
          + " files, and clients must then trust the new ca.pem)");
    }
    List<String> names = serverNames();
    Instant now = Instant.now().minus(Duration.ofMinutes(5)); // tolerate small clock differences
    Instant until = now.plus(Duration.ofDays(days));
    try {
      Files.createDirectories(dir);
      Pki.Issued ca = Pki.newCa("Berth CA", now, now.plus(Duration.ofDays(3650)));
      Pki.Issued server = Pki.issue(ca, names.get(0), names, Pki.Usage.SERVER, now, until);
      Pki.Issued client = Pki.issue(ca, "berth-client", List.of(), Pki.Usage.CLIENT, now, until);
      Pki.writeCertificates(dir.resolve("ca.pem"), ca.cert());
      Pki.writeKey(dir.resolve("ca.key"), ca.keys().getPrivate(), null);
      Pki.writeCertificates(dir.resolve("server.pem"), server.cert());
      Pki.writeKey(dir.resolve("server.key"), server.keys().getPrivate(), null);
      Pki.writeCertificates(dir.resolve("client.pem"), client.cert());
      Pki.writeKey(dir.resolve("client.key"), client.keys().getPrivate(), null);
    } catch (IOException | GeneralSecurityException e) {
      throw CliError.failure("cannot write certificates to " + dir + ": " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Wrote to " + dir + "/ (EC P-256, valid " + days + " days; the CA 10 years):");
    out.println("  ca.pem, ca.key          the CA: give ca.pem to clients (--cafile); keep ca.key private");
    out.println("  server.pem, server.key  for " + String.join(", ", names));
    out.println("  client.pem, client.key  CN=berth-client, for mutual TLS (--cert/--key)");
    out.println("Enable TLS in etc/berth.conf: listeners.ssl.default.enable = true (and listeners.wss.default)");
    out.flush();
    return 0;
  }

  /** One spelling per IPv6 address ("::1" and "0:0:0:0:0:0:0:1" are one SAN), without a scope ("%eth0"). */
  private static String canonical(String name) {
    int scope = name.indexOf('%');
    String s = scope < 0 ? name : name.substring(0, scope);
    if (s.contains(":") && s.matches("[0-9A-Fa-f:.]+")) {
      try {
        return InetAddress.getByName(s).getHostAddress();
      } catch (IOException e) {
        return s;
      }
    }
    return s;
  }

  /** localhost, this host's name, its addresses, then --hosts; no duplicates, in that order. */
  private List<String> serverNames() {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1"));
    try {
      names.add(InetAddress.getLocalHost().getHostName());
    } catch (IOException e) {
      // no host name: the addresses still work
    }
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nif.isUp()) {
          for (InetAddress a : Collections.list(nif.getInetAddresses())) {
            if (!a.isLinkLocalAddress()) {
              names.add(canonical(a.getHostAddress()));
            }
          }
        }
      }
    } catch (IOException e) {
      // no interface list: localhost and the given names still work
    }
    for (String h : hosts) {
      if (!h.isBlank()) {
        names.add(canonical(h.strip()));
      }
    }
    return new ArrayList<>(names);
  }
}
