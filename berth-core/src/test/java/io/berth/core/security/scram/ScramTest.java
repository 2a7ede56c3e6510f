package io.berth.core.security.scram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.codec.MqttVersion;
import io.berth.codec.ReasonCode;
import io.berth.core.security.AuthExchange;
import io.berth.core.security.AuthRequest;
import io.berth.core.security.AuthResult;
import io.berth.core.security.AuthStep;
import io.berth.core.security.UserDirectory;
import io.berth.core.security.password.PasswordHashes;
import io.berth.core.security.password.ScramAlgorithm;
import io.berth.core.security.password.ScramCredential;
import io.berth.core.security.password.Scheme;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScramTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final Map<String, UserDirectory.User> table = new HashMap<>();
  private final UserDirectory users = name -> Optional.ofNullable(table.get(name));

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private void add(String name, String hash, boolean superuser) {
    table.put(name, new UserDirectory.User(name, hash, superuser));
  }

  private void addScram(ScramAlgorithm algorithm, String name, String password, boolean superuser) {
    add(name, ScramCredential.create(algorithm, b(password), 4096).encoded(), superuser);
  }

  private static AuthRequest request(String username) {
    return new AuthRequest("tcp:default", "127.0.0.1", "c1", username, null, null, null, MqttVersion.V5);
  }

  // ---- RFC 7677 section 3 ----

  private static final String C1 = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
  private static final String S1 =
      "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
  private static final String C2 = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
      + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
  private static final String S2 = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

  @Test
  void rfc7677ClientSide() throws Exception {
    ScramClient client = new ScramClient(ScramAlgorithm.SHA_256, "user", b("pencil"), "rOprNGfwEbeRWgbNEkqO");
    assertThat(client.method()).isEqualTo("SCRAM-SHA-256");
    assertThat(s(client.clientFirst())).isEqualTo(C1);
    assertThat(s(client.clientFinal(b(S1)))).isEqualTo(C2);
    client.verifyServerFinal(b(S2));
  }

  @Test
  void rfc7677ServerSide() {
    byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    add("user", ScramCredential.derive(ScramAlgorithm.SHA_256, b("pencil"), salt, 4096).encoded(), false);
    ScramAuthenticator server = new ScramAuthenticator(ScramAlgorithm.SHA_256, users, SECRET, 4096,
        () -> "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
    assertThat(server.method()).isEqualTo("SCRAM-SHA-256");
    AuthExchange exchange = server.start(request("user"));
    AuthStep first = exchange.step(b(C1));
    assertThat(first).isInstanceOf(AuthStep.Continue.class);
    assertThat(s(((AuthStep.Continue) first).serverData())).isEqualTo(S1);
    AuthStep last = exchange.step(b(C2));
    assertThat(last).isInstanceOf(AuthStep.Success.class);
    assertThat(s(((AuthStep.Success) last).serverData())).isEqualTo(S2);
    assertThat(((AuthStep.Success) last).allow()).isEqualTo(new AuthResult.Allow(false, Map.of("username", "user")));
  }

  /** SCRAM-SHA-512 with an independent implementation (Python's hashlib and hmac), which also gives RFC 7677's. */
  @Test
  void sha512KnownAnswer() throws Exception {
    String c1 = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    String s1 = "r=rOprNGfwEbeRWgbNEkqOBx7Q3mK9sLp2RzT8vWn4,s=MDEyMzQ1Njc4OWFiY2RlZg==,i=4096";
    String c2 = "c=biws,r=rOprNGfwEbeRWgbNEkqOBx7Q3mK9sLp2RzT8vWn4,p=5woeVMp+7lgLel68NwHE94CJSPl4qh/jMNReFyyeP2wy1jNSil"
        + "h4pvnC/IsPJ1/d2NsSs/dWElcTqOMtzugQ4w==";
    String s2 = "v=0XI1dqB9zooSnJQNhC/w30gUlzH793PUbNK9my7s84eb2tl7q7Q9Eov818BD515MXgsWVsQwm529wR/ZS4RTNA==";
    ScramClient client = new ScramClient(ScramAlgorithm.SHA_512, "user", b("pencil"), "rOprNGfwEbeRWgbNEkqO");
    assertThat(s(client.clientFirst())).isEqualTo(c1);
    assertThat(s(client.clientFinal(b(s1)))).isEqualTo(c2);
    client.verifyServerFinal(b(s2));

    add("user", ScramCredential.derive(ScramAlgorithm.SHA_512, b("pencil"), b("0123456789abcdef"), 4096).encoded(),
        true);
    ScramAuthenticator server = new ScramAuthenticator(ScramAlgorithm.SHA_512, users, SECRET, 4096,
        () -> "Bx7Q3mK9sLp2RzT8vWn4");
    assertThat(server.method()).isEqualTo("SCRAM-SHA-512");
    AuthExchange exchange = server.start(request(null));
    assertThat(s(((AuthStep.Continue) exchange.step(b(c1))).serverData())).isEqualTo(s1);
    AuthStep.Success ok = (AuthStep.Success) exchange.step(b(c2));
    assertThat(s(ok.serverData())).isEqualTo(s2);
    assertThat(ok.allow().superuser()).isTrue();
  }

  // ---- client and server together ----

  /** Runs an exchange; returns the server's last step (the client checks a success's server-final itself). */
  private AuthStep exchange(ScramAuthenticator server, ScramClient client, String connectUsername) throws Exception {
    AuthExchange exchange = server.start(request(connectUsername));
    AuthStep first = exchange.step(client.clientFirst());
    if (!(first instanceof AuthStep.Continue c)) {
      return first;
    }
    AuthStep last = exchange.step(client.clientFinal(c.serverData()));
    if (last instanceof AuthStep.Success ok) {
      client.verifyServerFinal(ok.serverData());
    }
    return last;
  }

  @ParameterizedTest
  @EnumSource(ScramAlgorithm.class)
  void successWithTheRightPassword(ScramAlgorithm algorithm) throws Exception {
    addScram(algorithm, "alice", "s3cret-Pässword", false);
    addScram(algorithm, "root", "toor", true);
    ScramAuthenticator server = new ScramAuthenticator(algorithm, users, SECRET);
    AuthStep step = exchange(server, new ScramClient(algorithm, "alice", b("s3cret-Pässword")), "alice");
    assertThat(step).isInstanceOf(AuthStep.Success.class);
    assertThat(((AuthStep.Success) step).allow()).isEqualTo(new AuthResult.Allow(false, Map.of("username", "alice")));
    AuthStep root = exchange(server, new ScramClient(algorithm, "root", b("toor")), null);
    assertThat(((AuthStep.Success) root).allow().superuser()).isTrue();
    assertThat(((AuthStep.Success) root).allow().attributes()).containsEntry("username", "root");
  }

  @Test
  void namesWithCommasAndEqualSigns() throws Exception {
    addScram(ScramAlgorithm.SHA_256, "a,b=c", "pw", false);
    ScramAuthenticator server = new ScramAuthenticator(ScramAlgorithm.SHA_256, users, SECRET);
    ScramClient client = new ScramClient(ScramAlgorithm.SHA_256, "a,b=c", b("pw"));
    assertThat(s(client.clientFirst())).startsWith("n,,n=a=2Cb=3Dc,r=");
    assertThat(exchange(server, new ScramClient(ScramAlgorithm.SHA_256, "a,b=c", b("pw")), "a,b=c"))
        .isInstanceOf(AuthStep.Success.class);
  }

  @Test
  void wrongPasswordIsBadCredentials() throws Exception {
    addScram(ScramAlgorithm.SHA_256, "alice", "right", false);
    ScramAuthenticator server = new ScramAuthenticator(ScramAlgorithm.SHA_256, users, SECRET);
    AuthStep step = exchange(server, new ScramClient(ScramAlgorithm.SHA_256, "alice", b("wrong")), "alice");
    assertThat(step).isInstanceOf(AuthStep.Failure.class);
    assertThat(((AuthStep.Failure) step).reasonCode()).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
    assertThat(((AuthStep.Failure) step).why()).contains("wrong password");
  }

  @Test
  void unknownUsersLookLikeRealOnes() throws Exception {
    addScram(ScramAlgorithm.SHA_256, "alice", "right", false);
    add("bob", PasswordHashes.create(Scheme.BCRYPT, b("bobs")).encoded(), false); // no SCRAM credential
    ScramAuthenticator server = new ScramAuthenticator(ScramAlgorithm.SHA_256, users, SECRET);

    Map<String, String> firstSalt = new HashMap<>();
    for (String name : new String[] {"alice", "mallory", "bob", "mallory", "bob", "eve"}) {
      ScramClient client = new ScramClient(ScramAlgorithm.SHA_256, name, b("guess"));
      AuthExchange exchange = server.start(request(name));
      String serverFirst = s(((AuthStep.Continue) exchange.step(client.clientFirst())).serverData());
      assertThat(serverFirst).as(name).matches("r=[^,]{48},s=[A-Za-z0-9+/]{22}==,i=4096");
      String salt = serverFirst.split(",")[1];
      assertThat(firstSalt.computeIfAbsent(name, n -> salt)).as(name + "'s salt stays the same").isEqualTo(salt);
      AuthStep.Failure failure = (AuthStep.Failure) exchange.step(client.clientFinal(b(serverFirst)));
      assertThat(failure.reasonCode()).as(name).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }
    assertThat(firstSalt.values()).doesNotHaveDuplicates();
    // the log can tell them apart
    AuthExchange exchange = server.start(request("bob"));
    ScramClient bob = new ScramClient(ScramAlgorithm.SHA_256, "bob", b("bobs"));
    String sf = s(((AuthStep.Continue) exchange.step(bob.clientFirst())).serverData());
    assertThat(((AuthStep.Failure) exchange.step(bob.clientFinal(b(sf)))).why())
        .contains("no scram-sha-256 credential");

    // another server with the same secret shows the same fake salt; another secret, another one
    ScramAuthenticator same = new ScramAuthenticator(ScramAlgorithm.SHA_256, users, SECRET);
    ScramAuthenticator other = new ScramAuthenticator(ScramAlgorithm.SHA_256, users, b("another secret, 16+ bytes"));
    assertThat(salt(same, "mallory")).isEqualTo(firstSalt.get("mallory"));
    assertThat(salt(other, "mallory")).isNotEqualTo(firstSalt.get("mallory"));
  }

  private static String salt(ScramAuthenticator server, String name) {
    ScramClient client = new ScramClient(ScramAlgorithm.SHA_256, name, b("x"));
    return s(((AuthStep.Continue) server.start(request(name)).step(client.clientFirst())).serverData()).split(",")[1];
  }

  @Test
  void aSha512CredentialDoesNotServeSha256() throws Exception {
    addScram(ScramAlgorithm.SHA_512, "alice", "pw", false);
    ScramAuthenticator server = new ScramAuthenticator(ScramAlgorithm.SHA_256, users, SECRET);
    AuthStep step = exchange(server, new ScramClient(ScramAlgorithm.SHA_256, "alice", b("pw")), "alice");
    assertThat(((AuthStep.Failure) step).reasonCode()).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
  }

  // ---- tampered and malformed messages ----

  private ScramAuthenticator aliceServer() {
    addScram(ScramAlgorithm.SHA_256, "alice", "pw", false);
    return new ScramAuthenticator(ScramAlgorithm.SHA_256, users, SECRET);
  }

  private static int failure(AuthStep step) {
    assertThat(step).isInstanceOf(AuthStep.Failure.class);
    return ((AuthStep.Failure) step).reasonCode();
  }

  @Test
  void tamperedClientFinal() throws Exception {
    ScramAuthenticator server = aliceServer();
    for (String tamper : new String[] {"nonce", "binding", "proof", "noproof", "shortproof"}) {
      ScramClient client = new ScramClient(ScramAlgorithm.SHA_256, "alice", b("pw"));
      AuthExchange exchange = server.start(request("alice"));
      byte[] sf = ((AuthStep.Continue) exchange.step(client.clientFirst())).serverData();
      String cf = s(client.clientFinal(sf));
      String bad = switch (tamper) {
        case "nonce" -> changedAfter(cf, ",r="); // the nonce's first character, always to another one
        case "binding" -> cf.replace("c=biws", "c=eSws"); // "y,," instead of "n,,"
        case "proof" -> changedAfter(cf, ",p=");
        case "noproof" -> cf.substring(0, cf.indexOf(",p="));
        default -> cf.substring(0, cf.indexOf(",p=") + 3) + "AAAA";
      };
      int expected = tamper.equals("proof") ? ReasonCode.BAD_USER_NAME_OR_PASSWORD : ReasonCode.NOT_AUTHORIZED;
      assertThat(failure(exchange.step(b(bad)))).as(tamper).isEqualTo(expected);
      assertThat(failure(exchange.step(b(cf)))).as("nothing after a failure").isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }
  }

  /** {@code message} with the character after {@code marker} changed (never to itself: the nonce is random). */
  private static String changedAfter(String message, String marker) {
    int at = message.indexOf(marker) + marker.length();
    return message.substring(0, at) + (message.charAt(at) == 'A' ? 'B' : 'A') + message.substring(at + 1);
  }

  @Test
  void tamperedServerMessages() throws Exception {
    ScramAuthenticator server = aliceServer();
    // a salt changed on the way: the client's proof is wrong and the server refuses
    ScramClient client = new ScramClient(ScramAlgorithm.SHA_256, "alice", b("pw"));
    AuthExchange exchange = server.start(request("alice"));
    String sf = s(((AuthStep.Continue) exchange.step(client.clientFirst())).serverData());
    String otherSalt = sf.replaceFirst(",s=[^,]+", ",s=" + Base64.getEncoder().encodeToString(b("another salt")));
    assertThat(failure(exchange.step(client.clientFinal(b(otherSalt))))).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);

    // a server-final that is not the server's: the client notices
    ScramClient c2 = new ScramClient(ScramAlgorithm.SHA_256, "alice", b("pw"));
    AuthExchange e2 = server.start(request("alice"));
    byte[] sf2 = ((AuthStep.Continue) e2.step(c2.clientFirst())).serverData();
    AuthStep.Success ok = (AuthStep.Success) e2.step(c2.clientFinal(sf2));
    String v = s(ok.serverData());
    String forged = "v=" + Base64.getEncoder().encodeToString(new byte[32]);
    assertThatThrownBy(() -> c2.verifyServerFinal(b(forged))).isInstanceOf(ScramException.class)
        .hasMessageContaining("server signature does not match");
    assertThatThrownBy(() -> c2.verifyServerFinal(b("e=invalid-proof"))).isInstanceOf(ScramException.class)
        .hasMessageContaining("invalid-proof");
    c2.verifyServerFinal(b(v));

    // a server nonce that does not extend the client's, or a malformed server-first
    ScramClient c3 = new ScramClient(ScramAlgorithm.SHA_256, "alice", b("pw"), "clientnonce");
    c3.clientFirst();
    for (String bad : new String[] {"r=othernonce123,s=c2FsdA==,i=4096", "r=clientnonce,s=c2FsdA==,i=4096",
        "r=clientnonceX,s=c2FsdA==", "r=clientnonceX,s=,i=4096", "r=clientnonceX,s=c2FsdA==,i=0",
        "r=clientnonceX,s=c2FsdA==,i=99999999999", "m=ext,r=clientnonceX,s=c2FsdA==,i=1", "e=other-error", ""}) {
      assertThatThrownBy(() -> c3.clientFinal(b(bad))).as(bad).isInstanceOf(ScramException.class);
    }
  }

  @Test
  void malformedClientFirst() {
    ScramAuthenticator server = aliceServer();
    for (String bad : new String[] {"p=tls-unique,,n=alice,r=abc", "n,,m=ext,n=alice,r=abc", "x,,n=alice,r=abc",
        "n,,n=alice", "n,,r=abc,n=alice", "n,,n=al=ice,r=abc", "n,,n=,r=abc", "n,,n=alice,r=", "n,a=bob,n=alice,r=abc",
        "n", "n,", ""}) {
      assertThat(failure(server.start(request(null)).step(b(bad)))).as(bad).isEqualTo(ReasonCode.NOT_AUTHORIZED);
    }
    assertThat(failure(server.start(request(null)).step(null))).isEqualTo(ReasonCode.NOT_AUTHORIZED);
    assertThat(failure(server.start(request(null)).step(new byte[] {(byte) 0xff, 'n'})))
        .isEqualTo(ReasonCode.NOT_AUTHORIZED);
    // "y" (the client could bind but thinks we cannot) and an authzid equal to the user are fine
    assertThat(server.start(request(null)).step(b("y,,n=alice,r=abc"))).isInstanceOf(AuthStep.Continue.class);
    assertThat(server.start(request(null)).step(b("n,a=alice,n=alice,r=abc"))).isInstanceOf(AuthStep.Continue.class);
  }

  @Test
  void theScramNameMustBeTheConnectUserName() throws Exception {
    ScramAuthenticator server = aliceServer();
    AuthStep step = exchange(server, new ScramClient(ScramAlgorithm.SHA_256, "alice", b("pw")), "bob");
    assertThat(failure(step)).isEqualTo(ReasonCode.NOT_AUTHORIZED);
    assertThat(((AuthStep.Failure) step).why()).contains("not the CONNECT's User Name");
  }

  @Test
  void theSecretMustBeLongEnough() {
    assertThatThrownBy(() -> new ScramAuthenticator(ScramAlgorithm.SHA_256, users, new byte[8]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ScramAuthenticator.sha256(users).method()).isEqualTo("SCRAM-SHA-256");
    assertThat(ScramAuthenticator.sha512(users).method()).isEqualTo("SCRAM-SHA-512");
  }
}
