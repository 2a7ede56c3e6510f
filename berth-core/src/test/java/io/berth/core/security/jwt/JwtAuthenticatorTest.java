package io.berth.core.security.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.berth.codec.MqttVersion;
import io.berth.codec.ReasonCode;
import io.berth.core.security.AuthRequest;
import io.berth.core.security.AuthResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtAuthenticatorTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String SECRET = "a-shared-secret-of-at-least-32-bytes!";
  static KeyPair rsa;
  static KeyPair ec;
  static KeyPair ec384;
  @TempDir static Path dir;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
    r.initialize(2048);
    rsa = r.generateKeyPair();
    ec = ecKeys("secp256r1");
    ec384 = ecKeys("secp384r1");
  }

  static KeyPair ecKeys(String curve) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve));
    return g.generateKeyPair();
  }

  static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder().subject("dev-1").claim("client_id", "c-1")
        .expirationTime(Date.from(NOW.plusSeconds(600))).issueTime(Date.from(NOW.minusSeconds(60)));
  }

  static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, JWTClaimsSet claims) throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  static String hs256(JWTClaimsSet claims) throws JOSEException {
    return sign(new MACSigner(SECRET), JWSAlgorithm.HS256, null, claims);
  }

  static String rs256(JWTClaimsSet claims) throws JOSEException {
    return sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.RS256, null, claims);
  }

  static String es256(KeyPair keys, String kid, JWTClaimsSet claims) throws JOSEException {
    return sign(new ECDSASigner((ECPrivateKey) keys.getPrivate()), JWSAlgorithm.ES256, kid, claims);
  }

  static AuthRequest withPassword(String password) {
    return request("dev-1", "c-1", password);
  }

  static AuthRequest request(String username, String clientId, String password) {
    return new AuthRequest("tcp:default", "10.0.0.1", clientId, username,
        password == null ? null : password.getBytes(StandardCharsets.UTF_8), null, null, MqttVersion.V5);
  }

  static JwtAuthenticator hmac() throws JwtConfigException {
    return JwtAuthenticator.create(JwtOptions.hmac(SECRET), CLOCK);
  }

  static String pem(java.security.PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
  }

  static JwtAuthenticator fromPem(String name, java.security.PublicKey... keys) throws Exception {
    StringBuilder text = new StringBuilder();
    for (java.security.PublicKey k : keys) {
      text.append(pem(k));
    }
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return JwtAuthenticator.create(JwtOptions.publicKeyPem(file.toString()), CLOCK);
  }

  static void assertDenied(AuthResult r, String why) {
    assertThat(r).isInstanceOf(AuthResult.Deny.class);
    AuthResult.Deny d = (AuthResult.Deny) r;
    assertThat(d.reasonCode()).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
    assertThat(d.why()).contains(why);
  }

  @Test
  void hs256TokenInThePasswordLetsTheClientInWithItsClaims() throws Exception {
    AuthResult r = hmac().authenticate(withPassword(hs256(claims().claim("groups", List.of("a", "b")).build())));
    assertThat(r).isInstanceOf(AuthResult.Allow.class);
    AuthResult.Allow a = (AuthResult.Allow) r;
    assertThat(a.superuser()).isFalse();
    assertThat(a.attributes()).containsEntry("sub", "dev-1").containsEntry("client_id", "c-1")
        .containsEntry("exp", Long.toString(NOW.plusSeconds(600).getEpochSecond()))
        .containsEntry("groups", "[\"a\",\"b\"]");
  }

  @Test
  void isSuperuserClaimMakesASuperuser() throws Exception {
    AuthResult.Allow a = (AuthResult.Allow) hmac().authenticate(withPassword(hs256(claims()
        .claim("is_superuser", true).build())));
    assertThat(a.superuser()).isTrue();
    AuthResult.Allow s = (AuthResult.Allow) hmac().authenticate(withPassword(hs256(claims()
        .claim("is_superuser", "true").build())));
    assertThat(s.superuser()).isTrue();
    AuthResult.Allow f = (AuthResult.Allow) hmac().authenticate(withPassword(hs256(claims()
        .claim("is_superuser", false).build())));
    assertThat(f.superuser()).isFalse();
  }

  @Test
  void base64Secret() throws Exception {
    String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
    JwtOptions o = new JwtOptions(JwtOptions.From.PASSWORD, JwtOptions.Algorithm.HMAC_BASED, b64, true, null, null,
        Map.of(), Duration.ZERO);
    assertThat(JwtAuthenticator.create(o, CLOCK).authenticate(withPassword(hs256(claims().build()))))
        .isInstanceOf(AuthResult.Allow.class);
  }

  @Test
  void rs256AndEs256WithPemPublicKeys() throws Exception {
    JwtAuthenticator both = fromPem("both.pem", rsa.getPublic(), ec.getPublic());
    assertThat(both.authenticate(withPassword(rs256(claims().build())))).isInstanceOf(AuthResult.Allow.class);
    assertThat(both.authenticate(withPassword(es256(ec, null, claims().build())))).isInstanceOf(AuthResult.Allow.class);
    // ES256 signed by another EC key: no key verifies it
    assertDenied(both.authenticate(withPassword(es256(ecKeys("secp256r1"), null, claims().build()))),
        "signature does not verify");
  }

  @Test
  void publicKeyGivenAsPemText() throws Exception {
    JwtAuthenticator a = JwtAuthenticator.create(JwtOptions.publicKeyPem(pem(ec.getPublic())), CLOCK);
    assertThat(a.authenticate(withPassword(es256(ec, null, claims().build())))).isInstanceOf(AuthResult.Allow.class);
  }

  @Test
  void jwksFileWithKeyIds() throws Exception {
    KeyPair other = ecKeys("secp256r1");
    JWKSet set = new JWKSet(List.<JWK>of(
        new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID("r1").build(),
        new ECKey.Builder(Curve.P_256, (ECPublicKey) ec.getPublic()).keyID("e1").build(),
        new ECKey.Builder(Curve.P_256, (ECPublicKey) other.getPublic()).keyID("e2").build()));
    Path file = dir.resolve("keys.jwks");
    Files.writeString(file, set.toString());
    JwtAuthenticator a = JwtAuthenticator.create(JwtOptions.jwks(file), CLOCK);
    assertThat(a.authenticate(withPassword(es256(ec, "e1", claims().build())))).isInstanceOf(AuthResult.Allow.class);
    assertThat(a.authenticate(withPassword(es256(other, "e2", claims().build()))))
        .isInstanceOf(AuthResult.Allow.class);
    assertThat(a.authenticate(withPassword(sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.RS256, "r1",
        claims().build())))).isInstanceOf(AuthResult.Allow.class);
    // the right key under the wrong kid: the key named e2 does not verify it
    assertDenied(a.authenticate(withPassword(es256(ec, "e2", claims().build()))), "signature does not verify");
    // a kid no key has: nothing fits
    assertDenied(a.authenticate(withPassword(es256(ec, "nobody", claims().build()))), "does not fit");
  }

  @Test
  void jwksWithPrivatePartsKeepsOnlyThePublicOnes() throws Exception {
    Path file = dir.resolve("private.jwks");
    ECKey full = new ECKey.Builder(Curve.P_256, (ECPublicKey) ec.getPublic())
        .privateKey((ECPrivateKey) ec.getPrivate()).build();
    Files.writeString(file, new JWKSet(full).toString(false));
    assertThat(Files.readString(file)).contains("\"d\"");
    JwtAuthenticator a = JwtAuthenticator.create(JwtOptions.jwks(file), CLOCK);
    assertThat(a.authenticate(withPassword(es256(ec, null, claims().build())))).isInstanceOf(AuthResult.Allow.class);
  }

  @Test
  void expiredAndNotYetValidTokensAreRefused() throws Exception {
    JwtAuthenticator a = hmac();
    assertDenied(a.authenticate(withPassword(hs256(claims().expirationTime(Date.from(NOW.minusSeconds(30)))
        .build()))), "JWT expired at 2026-06-01T11:59:30Z");
    assertDenied(a.authenticate(withPassword(hs256(claims().notBeforeTime(Date.from(NOW.plusSeconds(30)))
        .build()))), "not valid before 2026-06-01T12:00:30Z");
    // within the default 5 s of skew both pass
    assertThat(a.authenticate(withPassword(hs256(claims().expirationTime(Date.from(NOW.minusSeconds(4)))
        .notBeforeTime(Date.from(NOW.plusSeconds(4))).build())))).isInstanceOf(AuthResult.Allow.class);
    // a larger configured skew lets a slightly older token in
    JwtAuthenticator lenient = JwtAuthenticator.create(JwtOptions.hmac(SECRET).withClockSkew(Duration.ofMinutes(1)),
        CLOCK);
    assertThat(lenient.authenticate(withPassword(hs256(claims().expirationTime(Date.from(NOW.minusSeconds(30)))
        .build())))).isInstanceOf(AuthResult.Allow.class);
    // no exp at all: valid (exp is optional, RFC 7519 4.1.4)
    assertThat(a.authenticate(withPassword(hs256(new JWTClaimsSet.Builder().subject("x").build()))))
        .isInstanceOf(AuthResult.Allow.class);
  }

  @Test
  void badSignaturesAreRefused() throws Exception {
    String otherSecret = sign(new MACSigner("another-secret-that-is-32-bytes-long"), JWSAlgorithm.HS256, null,
        claims().build());
    assertDenied(hmac().authenticate(withPassword(otherSecret)), "signature does not verify");
    // payload changed after signing: sub promoted to is_superuser
    String[] parts = hs256(claims().build()).split("\\.");
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"sub\":\"dev-1\",\"is_superuser\":true}".getBytes(StandardCharsets.UTF_8));
    assertDenied(hmac().authenticate(withPassword(parts[0] + "." + forged + "." + parts[2])),
        "signature does not verify");
  }

  @Test
  void unsignedTokensAreRefused() throws Exception {
    String none = new PlainJWT(claims().claim("is_superuser", true).build()).serialize();
    assertDenied(hmac().authenticate(withPassword(none)), "alg none");
    assertDenied(fromPem("none.pem", rsa.getPublic()).authenticate(withPassword(none)), "alg none");
  }

  @Test
  void algorithmConfusionIsRefused() throws Exception {
    JwtAuthenticator rsaOnly = fromPem("rsa.pem", rsa.getPublic());
    // HS256 "signed" with the public key as the HMAC secret: the public key is never an HMAC key
    byte[] pemBytes = pem(rsa.getPublic()).getBytes(StandardCharsets.US_ASCII);
    assertDenied(rsaOnly.authenticate(withPassword(sign(new MACSigner(pemBytes), JWSAlgorithm.HS256, null,
        claims().build()))), "JWT alg HS256 does not fit the configured public keys");
    assertDenied(rsaOnly.authenticate(withPassword(sign(new MACSigner(rsa.getPublic().getEncoded()),
        JWSAlgorithm.HS256, null, claims().build()))), "does not fit");
    // RS256 against a secret, ES256 against RSA keys, ES384 against a P-256 key
    assertDenied(hmac().authenticate(withPassword(rs256(claims().build()))), "JWT alg RS256 does not fit the"
        + " configured HMAC secret");
    assertDenied(rsaOnly.authenticate(withPassword(es256(ec, null, claims().build()))), "JWT alg ES256 does not fit");
    JwtAuthenticator p256 = fromPem("p256.pem", ec.getPublic());
    String es384 = sign(new ECDSASigner((ECPrivateKey) ec384.getPrivate()), JWSAlgorithm.ES384, null,
        claims().build());
    assertDenied(p256.authenticate(withPassword(es384)), "JWT alg ES384 does not fit");
  }

  @Test
  void whatIsNotAJwtIsLeftToTheNextProvider() throws Exception {
    JwtAuthenticator a = hmac();
    assertThat(a.authenticate(withPassword("hunter2"))).isEqualTo(AuthResult.IGNORE);
    assertThat(a.authenticate(withPassword("a.b.c"))).isEqualTo(AuthResult.IGNORE);
    assertThat(a.authenticate(withPassword(""))).isEqualTo(AuthResult.IGNORE);
    assertThat(a.authenticate(withPassword(null))).isEqualTo(AuthResult.IGNORE);
  }

  @Test
  void verifyClaimsTemplatesAreComparedWithTheClient() throws Exception {
    JwtAuthenticator a = JwtAuthenticator.create(JwtOptions.hmac(SECRET).withVerifyClaims(
        Map.of("sub", "${username}", "client_id", "${clientid}", "site", "plant-${clientid}")), CLOCK);
    String token = hs256(claims().claim("site", "plant-c-1").build());
    assertThat(a.authenticate(request("dev-1", "c-1", token))).isInstanceOf(AuthResult.Allow.class);
    assertDenied(a.authenticate(request("dev-2", "c-1", token)), "JWT claim sub = dev-1, verify_claims wants dev-2");
    assertDenied(a.authenticate(request("dev-1", "c-2", token)), "c-2"); // client_id or site, whichever is checked first
    assertDenied(a.authenticate(request(null, "c-1", token)), "the client has none");
    assertDenied(a.authenticate(request("dev-1", "c-1", hs256(claims().build()))), "JWT claim site = (absent)");
    // a literal value, and a list claim where one element is enough
    JwtAuthenticator role = JwtAuthenticator.create(JwtOptions.hmac(SECRET).withVerifyClaims(
        Map.of("roles", "mqtt")), CLOCK);
    assertThat(role.authenticate(withPassword(hs256(claims().claim("roles", List.of("web", "mqtt")).build()))))
        .isInstanceOf(AuthResult.Allow.class);
    assertDenied(role.authenticate(withPassword(hs256(claims().claim("roles", List.of("web")).build()))), "roles");
  }

  @Test
  void tokenInTheUsername() throws Exception {
    JwtAuthenticator a = JwtAuthenticator.create(JwtOptions.hmac(SECRET).withFrom(JwtOptions.From.USERNAME), CLOCK);
    String token = hs256(claims().build());
    assertThat(a.authenticate(request(token, "c-1", null))).isInstanceOf(AuthResult.Allow.class);
    // the token in the password is not looked at; the user name is not a JWT: not ours
    assertThat(a.authenticate(request("dev-1", "c-1", token))).isEqualTo(AuthResult.IGNORE);
    assertDenied(a.authenticate(request(rs256(claims().build()), "c-1", null)), "does not fit");
  }

  @Test
  void badSettingsNameTheirKey() throws Exception {
    assertThatThrownBy(() -> JwtAuthenticator.create(JwtOptions.hmac("short")))
        .isInstanceOf(JwtConfigException.class).hasMessage("5 bytes: HMAC secrets need at least 32 bytes (RFC 7518 3.2)")
        .extracting(e -> ((JwtConfigException) e).key()).isEqualTo("secret");
    assertThatThrownBy(() -> JwtAuthenticator.create(JwtOptions.hmac("")))
        .hasMessage("algorithm = hmac-based needs a secret");
    assertThatThrownBy(() -> JwtAuthenticator.create(JwtOptions.publicKeyPem(dir.resolve("missing.pem").toString())))
        .hasMessage("no such file").extracting(e -> ((JwtConfigException) e).key()).isEqualTo("public_key");
    Path junk = dir.resolve("junk.jwks");
    Files.writeString(junk, "{\"keys\": 3}");
    assertThatThrownBy(() -> JwtAuthenticator.create(JwtOptions.jwks(junk))).hasMessageStartingWith("not a JWK Set");
    Path priv = dir.resolve("private.pem");
    Files.writeString(priv, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> JwtAuthenticator.create(JwtOptions.publicKeyPem(priv.toString())))
        .hasMessageStartingWith("holds a private key");
    JwtOptions both = new JwtOptions(JwtOptions.From.PASSWORD, JwtOptions.Algorithm.PUBLIC_KEY, null, false,
        pem(ec.getPublic()), junk, Map.of(), null);
    assertThatThrownBy(() -> JwtAuthenticator.create(both))
        .hasMessage("algorithm = public-key needs exactly one of public_key (PEM) and jwks_file");
    assertThatThrownBy(() -> JwtAuthenticator.create(JwtOptions.hmac(SECRET)
        .withVerifyClaims(Map.of("sub", "${user}"))))
        .hasMessage("sub = \"${user}\": unknown ${user}; allowed: ${username}, ${clientid}")
        .extracting(e -> ((JwtConfigException) e).key()).isEqualTo("verify_claims");
  }
}
