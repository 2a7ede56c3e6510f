package io.berth.core.security;

import io.berth.codec.ReasonCode;
import io.berth.core.net.Cidr;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * A listener's authentication: a chain of providers, each answering allow, deny or "not mine"; the end of the chain
 * decides anonymous clients by the anonymous policy and denies the rest. Thread-safe and immutable.
 *
 * <p>Secure by default: with {@link Anonymous#LOOPBACK}, a client nobody vouched for is let in only from this machine
 * (loopback or Unix socket), so a broker started on a public address is not an open relay.
 */
public final class Authentication {

  /** Whether clients without credentials that no provider claims may connect (allow_anonymous). */
  public enum Anonymous {
    ALLOW,
    LOOPBACK,
    DENY
  }

  /** enable_authn: true, false (let everyone in, no provider asked), quick_deny_anonymous. */
  public enum Mode {
    ENABLED,
    DISABLED,
    QUICK_DENY_ANONYMOUS
  }

  private final List<Authenticator> chain;
  private final Map<String, EnhancedAuthenticator> enhanced;
  private final Anonymous anonymous;
  private final Mode mode;

  public Authentication(
      List<Authenticator> chain, List<EnhancedAuthenticator> enhanced, Anonymous anonymous, Mode mode) {
    this.chain = List.copyOf(chain);
    this.enhanced = enhanced.stream()
        .collect(java.util.stream.Collectors.toUnmodifiableMap(EnhancedAuthenticator::method, e -> e));
    this.anonymous = anonymous;
    this.mode = mode;
  }

  /** No providers; anonymous clients from this machine only. The built-in default. */
  public static Authentication loopbackOnly() {
    return new Authentication(List.of(), List.of(), Anonymous.LOOPBACK, Mode.ENABLED);
  }

  /** Everyone is let in (tests, and listeners configured with enable_authn = false). */
  public static Authentication disabled() {
    return new Authentication(List.of(), List.of(), Anonymous.ALLOW, Mode.DISABLED);
  }

  public List<Authenticator> chain() {
    return chain;
  }

  public Anonymous anonymous() {
    return anonymous;
  }

  public Mode mode() {
    return mode;
  }

  /** The provider for an MQTT 5 Authentication Method, or null when none speaks it. */
  public EnhancedAuthenticator enhanced(String method) {
    return enhanced.get(method);
  }

  public java.util.Set<String> enhancedMethods() {
    return enhanced.keySet();
  }

  /** Whether {@link #authenticate} may block (then the caller runs it on a worker, not on an event loop). */
  public boolean mayBlock() {
    return mode != Mode.DISABLED && !chain.isEmpty();
  }

  /** Runs the chain. May block; see {@link #mayBlock}. */
  public AuthResult authenticate(AuthRequest request) {
    if (mode == Mode.DISABLED) {
      return AuthResult.Allow.user();
    }
    boolean anonymousClient = request.username() == null && request.password() == null;
    if (anonymousClient && mode == Mode.QUICK_DENY_ANONYMOUS) {
      return AuthResult.Deny.notAuthorized("anonymous clients are denied (enable_authn = quick_deny_anonymous)");
    }
    for (Authenticator provider : chain) {
      AuthResult r = provider.authenticate(request);
      if (!(r instanceof AuthResult.Ignore)) {
        return r;
      }
    }
    // Nobody claimed the client. With no providers at all nobody checks credentials, so every client counts as
    // anonymous; with providers, a client that sent credentials nobody knows is refused as such.
    if (!anonymousClient && !chain.isEmpty()) {
      return AuthResult.Deny.badCredentials("no authentication provider accepted the credentials");
    }
    return decideAnonymous(request);
  }

  /** A client on this machine: a loopback address (127/8, ::1, IPv4-mapped loopback) or a Unix socket. */
  private static boolean isLocal(String peerHost) {
    InetAddress a = Cidr.hostOf(peerHost);
    return a != null ? a.isLoopbackAddress() : peerHost != null && peerHost.startsWith("unix:");
  }

  private AuthResult decideAnonymous(AuthRequest request) {
    return switch (anonymous) {
      case ALLOW -> AuthResult.Allow.user();
      case DENY -> new AuthResult.Deny(ReasonCode.NOT_AUTHORIZED, "anonymous clients are not allowed");
      case LOOPBACK -> isLocal(request.peerHost())
          ? AuthResult.Allow.user()
          : new AuthResult.Deny(ReasonCode.NOT_AUTHORIZED, "anonymous client from another machine: allowed only"
              + " from loopback until authentication is configured (or allow_anonymous = true)");
    };
  }
}
