package io.berth.core.security.scram;

import io.berth.codec.ReasonCode;
import io.berth.core.security.AuthExchange;
import io.berth.core.security.AuthRequest;
import io.berth.core.security.AuthResult;
import io.berth.core.security.AuthStep;
import io.berth.core.security.EnhancedAuthenticator;
import io.berth.core.security.UserDirectory;
import io.berth.core.security.password.MalformedHashException;
import io.berth.core.security.password.PasswordHash;
import io.berth.core.security.password.PasswordHashes;
import io.berth.core.security.password.ScramAlgorithm;
import io.berth.core.security.password.ScramCredential;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The server side of SCRAM-SHA-256 or SCRAM-SHA-512 (RFC 5802, RFC 7677) as MQTT 5 enhanced authentication, with the
 * Authentication Method "SCRAM-SHA-256" / "SCRAM-SHA-512" (EMQX's names), against users whose stored hash is a
 * {@code $scram-sha-256$} / {@code $scram-sha-512$} credential. No channel binding: the client's gs2 header is
 * {@code n,,} (or {@code y,,}); {@code p=} is refused.
 *
 * <pre>
 *   CONNECT  Authentication Data = client-first-message   ->  AuthStep.Continue(server-first-message)
 *   AUTH     Authentication Data = client-final-message   ->  AuthStep.Success(server-final-message, allow)
 *                                                              or AuthStep.Failure(0x86 / 0x87)
 * </pre>
 *
 * <p>A user that does not exist, or has no credential of this mechanism, gets a salt and keys derived from its name
 * and a server secret: the server-first-message looks like a real one and stays the same from one attempt to the
 * next (with the same secret), the same work is done, and the exchange fails at the end with 0x86 like a wrong
 * password. Wrong password or unknown user: 0x86 Bad User Name or Password; a malformed or tampered message, channel
 * binding, or a SCRAM user name other than the CONNECT's User Name: 0x87 Not Authorized.
 *
 * <p>The Allow's attributes carry the authenticated name under "username" (a client may leave the CONNECT's User
 * Name out and name itself only in the client-first-message).
 */
public final class ScramAuthenticator implements EnhancedAuthenticator {
  private final ScramAlgorithm algorithm;
  private final UserDirectory users;
  private final byte[] secret;
  private final int fakeIterations;
  private final Supplier<String> nonces;

  /**
   * @param secret a server secret of at least 16 bytes for the fake credentials of unknown users; keep it stable
   *     across restarts (a new secret changes every unknown user's salt, which an attacker could notice)
   */
  public ScramAuthenticator(ScramAlgorithm algorithm, UserDirectory users, byte[] secret) {
    this(algorithm, users, secret, ScramCredential.DEFAULT_ITERATIONS, ScramMessages::nonce);
  }

  /** For tests: a fixed server nonce (RFC 7677's example). */
  ScramAuthenticator(ScramAlgorithm algorithm, UserDirectory users, byte[] secret, int fakeIterations,
      Supplier<String> nonces) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("the SCRAM server secret needs at least 16 bytes");
    }
    this.algorithm = algorithm;
    this.users = users;
    this.secret = secret.clone();
    this.fakeIterations = fakeIterations;
    this.nonces = nonces;
  }

  /** SCRAM-SHA-256 with a random secret (fake salts then change at each restart). */
  public static ScramAuthenticator sha256(UserDirectory users) {
    return new ScramAuthenticator(ScramAlgorithm.SHA_256, users, randomSecret());
  }

  /** SCRAM-SHA-512 with a random secret (fake salts then change at each restart). */
  public static ScramAuthenticator sha512(UserDirectory users) {
    return new ScramAuthenticator(ScramAlgorithm.SHA_512, users, randomSecret());
  }

  private static byte[] randomSecret() {
    byte[] s = new byte[32];
    ScramMessages.RANDOM.nextBytes(s);
    return s;
  }

  @Override
  public String method() {
    return algorithm.mechanism();
  }

  @Override
  public AuthExchange start(AuthRequest request) {
    return new Exchange(request == null ? null : request.username());
  }

  /** A credential that no password matches, stable for a name and secret. */
  private ScramCredential fake(String username) {
    byte[] name = (algorithm.mechanism() + "\0" + username).getBytes(StandardCharsets.UTF_8);
    byte[] salt = Arrays.copyOf(ScramAlgorithm.SHA_256.hmac(secret, concat("salt\0", name)),
        ScramCredential.SALT_BYTES);
    return ScramCredential.of(algorithm, fakeIterations, salt, algorithm.hmac(secret, concat("stored\0", name)),
        algorithm.hmac(secret, concat("server\0", name)));
  }

  private static byte[] concat(String label, byte[] name) {
    byte[] l = label.getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(l, l.length + name.length);
    System.arraycopy(name, 0, out, l.length, name.length);
    return out;
  }

  private final class Exchange implements AuthExchange {
    private final String connectUsername;
    private int state; // 0: expect client-first, 1: expect client-final, 2: done
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private String username;
    private ScramCredential credential;
    private boolean known;
    private boolean superuser;
    private String unknownWhy;

    Exchange(String connectUsername) {
      this.connectUsername = connectUsername;
    }

    @Override
    public AuthStep step(byte[] clientData) {
      try {
        return switch (state) {
          case 0 -> clientFirst(clientData);
          case 1 -> clientFinal(clientData);
          default -> new AuthStep.Failure(ReasonCode.PROTOCOL_ERROR, method() + ": the exchange is over");
        };
      } catch (ScramException e) {
        state = 2;
        return new AuthStep.Failure(ReasonCode.NOT_AUTHORIZED, method() + ": " + e.getMessage());
      }
    }

    private AuthStep clientFirst(byte[] data) throws ScramException {
      String message = ScramMessages.utf8(data, "client-first-message in the Authentication Data");
      // gs2-header: gs2-cbind-flag "," [authzid] ","
      char flag = message.charAt(0);
      if (flag == 'p') {
        throw new ScramException("the client requires channel binding, which this server does not offer");
      }
      if ((flag != 'n' && flag != 'y') || message.length() < 2 || message.charAt(1) != ',') {
        throw new ScramException("a malformed gs2 header");
      }
      int second = message.indexOf(',', 2);
      if (second < 0) {
        throw new ScramException("a malformed gs2 header");
      }
      String authzid = message.substring(2, second);
      gs2Header = message.substring(0, second + 1);
      clientFirstBare = message.substring(second + 1);
      String[] f = clientFirstBare.split(",", -1);
      if (f[0].startsWith("m=")) {
        throw new ScramException("the client requires an extension this server does not know");
      }
      if (f.length < 2) {
        throw new ScramException("a malformed client-first-message");
      }
      username = ScramMessages.unescape(ScramMessages.attribute(f[0], 'n', "user name"));
      String clientNonce = ScramMessages.attribute(f[1], 'r', "nonce");
      if (!ScramMessages.printableNonce(clientNonce)) {
        throw new ScramException("a malformed client nonce");
      }
      if (!authzid.isEmpty() && !ScramMessages.unescape(ScramMessages.attribute(authzid, 'a', "authzid"))
          .equals(username)) {
        throw new ScramException("an authorization identity other than the user name");
      }
      if (username.isEmpty()) {
        throw new ScramException("an empty user name");
      }
      if (connectUsername != null && !connectUsername.equals(username)) {
        throw new ScramException("the SCRAM user name is not the CONNECT's User Name");
      }
      credential = lookUp(username);
      nonce = clientNonce + nonces.get();
      serverFirst = "r=" + nonce + ",s=" + ScramMessages.b64(credential.salt()) + ",i=" + credential.iterations();
      state = 1;
      return new AuthStep.Continue(ScramMessages.bytes(serverFirst));
    }

    private ScramCredential lookUp(String name) {
      Optional<UserDirectory.User> user = users.find(name);
      if (user.isEmpty()) {
        unknownWhy = "no user '" + name + "'";
        return fake(name);
      }
      try {
        PasswordHash hash = PasswordHashes.parse(user.get().passwordHash());
        if (hash instanceof ScramCredential c && c.algorithm() == algorithm) {
          known = true;
          superuser = user.get().superuser();
          return c;
        }
        unknownWhy = "user '" + name + "' has no " + algorithm.scheme() + " credential (its hash is "
            + hash.scheme() + ")";
      } catch (MalformedHashException e) {
        unknownWhy = "user '" + name + "' has an unusable password hash: " + e.getMessage();
      }
      return fake(name);
    }

    private AuthStep clientFinal(byte[] data) throws ScramException {
      state = 2;
      String message = ScramMessages.utf8(data, "client-final-message in the Authentication Data");
      int p = message.lastIndexOf(",p=");
      if (p < 0) {
        throw new ScramException("no proof in the client-final-message");
      }
      String withoutProof = message.substring(0, p);
      String[] f = withoutProof.split(",", -1);
      if (f.length < 2) {
        throw new ScramException("a malformed client-final-message");
      }
      byte[] binding = ScramMessages.b64(ScramMessages.attribute(f[0], 'c', "channel binding"), "the channel binding");
      if (!MessageDigest.isEqual(binding, ScramMessages.bytes(gs2Header))) {
        throw new ScramException("the channel binding does not repeat the gs2 header");
      }
      if (!ScramMessages.attribute(f[1], 'r', "nonce").equals(nonce)) {
        throw new ScramException("the nonce does not match the server's");
      }
      byte[] proof = ScramMessages.b64(message.substring(p + 3), "the proof");
      if (proof.length != algorithm.length()) {
        throw new ScramException("a proof of " + proof.length + " bytes, not " + algorithm.length());
      }
      byte[] authMessage = ScramMessages.bytes(clientFirstBare + "," + serverFirst + "," + withoutProof);
      byte[] storedKey = credential.storedKey();
      byte[] clientKey = ScramMessages.xor(proof, algorithm.hmac(storedKey, authMessage));
      boolean match = MessageDigest.isEqual(algorithm.hash(clientKey), storedKey);
      byte[] serverSignature = algorithm.hmac(credential.serverKey(), authMessage);
      if (!(match & known)) {
        return new AuthStep.Failure(ReasonCode.BAD_USER_NAME_OR_PASSWORD,
            method() + ": " + (known ? "wrong password for user '" + username + "'" : unknownWhy));
      }
      return new AuthStep.Success(ScramMessages.bytes("v=" + ScramMessages.b64(serverSignature)),
          new AuthResult.Allow(superuser, Map.of("username", username)));
    }
  }
}
