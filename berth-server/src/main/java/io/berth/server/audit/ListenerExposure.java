package io.berth.server.audit;

import io.berth.core.security.Authentication;
import io.berth.server.config.AuthenticationConfig;
import io.berth.server.config.ListenerConfig;
import io.berth.server.tls.PemFiles;
import io.berth.server.tls.TlsProblem;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How exposed one listener is: who can reach it, whether its traffic is encrypted, how its clients authenticate,
 * and what is wrong with that.
 */
public record ListenerExposure(ListenerConfig listener, Reach reach, String encryption, String authentication,
    List<Finding> findings) {

  private static final Duration EXPIRY_WARNING = Duration.ofDays(30);

  /** @param now for certificate expiry */
  public static ListenerExposure of(ListenerConfig c, Instant now) {
    Reach reach = Reach.of(c);
    boolean encrypted = c.tls() != null;
    List<Finding> findings = new ArrayList<>();
    AuthenticationConfig authn = c.authentication();
    String id = c.id();
    boolean remote = reach != Reach.LOCAL;
    boolean anonymousFromAnywhere = authn.mode() == Authentication.Mode.DISABLED
        || (authn.anonymous() == Authentication.Anonymous.ALLOW
            && authn.mode() != Authentication.Mode.QUICK_DENY_ANONYMOUS);
    if (remote && anonymousFromAnywhere) {
      findings.add(new Finding(Finding.Severity.HIGH, id, "anyone who can reach " + c.host() + ":" + c.port()
          + " may connect without credentials (" + reach.words() + ").",
          "configure authentication (see docs/security.md) and remove allow_anonymous = true / enable_authn ="
              + " false, or bind the listener to 127.0.0.1."));
    }
    if (remote && !encrypted && sendsSecrets(authn)) {
      findings.add(new Finding(Finding.Severity.HIGH, id, "passwords or tokens cross the network in clear text"
          + " (no TLS).", "let these clients use an ssl or wss listener, and bind this one to 127.0.0.1."));
    } else if (remote && !encrypted && c.enabled()) {
      findings.add(new Finding(Finding.Severity.MEDIUM, id, "traffic is not encrypted (" + reach.words() + ").",
          "use an ssl, wss or quic listener for clients on other machines."));
    }
    if (remote && authn.chain().isEmpty() && authn.anonymous() == Authentication.Anonymous.LOOPBACK
        && authn.mode() == Authentication.Mode.ENABLED) {
      findings.add(new Finding(Finding.Severity.INFO, id, "clients from other machines are refused until"
          + " authentication is configured (allow_anonymous = loopback).", "add users: berth passwd -c etc/passwd"
              + " USER, and authentication = [{mechanism = password_based, user_file = \"etc/passwd\"}]."));
    }
    if (encrypted) {
      certificateFindings(c, now, findings);
    }
    if (remote && !c.mqtt().rateLimits().any()) {
      findings.add(new Finding(Finding.Severity.LOW, id, "no per-client publish rate limit: one client may take"
          + " the broker's whole capacity.", "set mqtt.messages_rate (e.g. \"1000/s\") and mqtt.bytes_rate for this"
              + " listener or globally."));
    }
    String encryption = !encrypted ? "not encrypted"
        : "TLS " + String.join("/", c.tls().versions()) + (c.tls().requiresClientCert() ? ", client certificates"
            + " required" : "");
    return new ListenerExposure(c, reach, encryption, describe(authn), List.copyOf(findings));
  }

  private static boolean sendsSecrets(AuthenticationConfig a) {
    return a.chain().stream().anyMatch(p -> p instanceof AuthenticationConfig.PasswordBased
        || p instanceof AuthenticationConfig.CertAndPassword || p instanceof AuthenticationConfig.Jwt);
  }

  /** "password file etc/passwd; anonymous from this machine only", in the order the chain asks. */
  static String describe(AuthenticationConfig a) {
    if (a.mode() == Authentication.Mode.DISABLED) {
      return "none (enable_authn = false): every client is let in";
    }
    String chain = a.chain().stream().map(ListenerExposure::describe).collect(Collectors.joining(", then "));
    String anonymous = a.mode() == Authentication.Mode.QUICK_DENY_ANONYMOUS ? "anonymous clients refused"
        : switch (a.anonymous()) {
          case ALLOW -> "anonymous clients allowed from anywhere";
          case DENY -> "anonymous clients refused";
          case LOOPBACK -> "anonymous clients from this machine only";
        };
    return chain.isEmpty() ? anonymous : chain + "; " + anonymous;
  }

  private static String describe(AuthenticationConfig.Provider p) {
    if (p instanceof AuthenticationConfig.PasswordBased pb) {
      return "password file " + pb.userFile();
    } else if (p instanceof AuthenticationConfig.Scram s) {
      return "SCRAM-SHA-" + s.algorithm().substring(3) + " (users of " + s.userFile() + ")";
    } else if (p instanceof AuthenticationConfig.Cert) {
      return "client certificate";
    } else if (p instanceof AuthenticationConfig.CertAndPassword cp) {
      return "client certificate and password (" + cp.userFile() + ")";
    } else if (p instanceof AuthenticationConfig.Jwt j) {
      return "JWT (" + j.algorithm() + ", from the " + j.from() + ")";
    }
    return p.key();
  }

  private static void certificateFindings(ListenerConfig c, Instant now, List<Finding> findings) {
    String id = c.id();
    try {
      X509Certificate leaf = PemFiles.certificates(c.tls().certfile()).get(0);
      Instant notAfter = leaf.getNotAfter().toInstant();
      if (notAfter.isBefore(now)) {
        findings.add(new Finding(Finding.Severity.HIGH, id, "the certificate " + c.tls().certfile()
            + " expired on " + notAfter + ".", "install a new certificate (berth ctl certs reload picks it up)."));
      } else if (notAfter.isBefore(now.plus(EXPIRY_WARNING))) {
        findings.add(new Finding(Finding.Severity.MEDIUM, id, "the certificate " + c.tls().certfile()
            + " expires on " + notAfter + ".", "renew it before then (berth ctl certs reload picks it up)."));
      }
      if (leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
        findings.add(new Finding(Finding.Severity.LOW, id, "the certificate is self-signed: clients cannot verify"
            + " it without being given it.", "use a certificate from a CA your clients trust."));
      }
    } catch (TlsProblem | RuntimeException e) {
      if (c.enabled()) {
        findings.add(new Finding(Finding.Severity.HIGH, id, "the certificate cannot be read: " + e.getMessage(),
            "run berth certs init, or point ssl_options.certfile at a PEM file."));
      }
    }
  }
}
