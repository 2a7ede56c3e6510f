package io.berth.core.security.scram;

import io.berth.core.security.password.ScramAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The client side of SCRAM-SHA-256 / SCRAM-SHA-512 (RFC 5802, RFC 7677) without channel binding, for MQTT 5
 * enhanced authentication: {@link #clientFirst} goes in the CONNECT's Authentication Data, {@link #clientFinal}
 * answers the server's AUTH (Continue Authentication), and {@link #verifyServerFinal} checks the CONNACK's
 * Authentication Data, proving that the server knew the credential. One instance per exchange; not thread-safe.
 */
public final class ScramClient {
  private static final String GS2_HEADER = "n,,";

  private final ScramAlgorithm algorithm;
  private final String username;
  private final byte[] password;
  private final String clientNonce;
  private String clientFirstBare;
  private byte[] expectedServerSignature;

  public ScramClient(ScramAlgorithm algorithm, String username, byte[] password) {
    this(algorithm, username, password, ScramMessages.nonce());
  }

  /** With a given nonce: for known-answer tests only (a nonce must never repeat). */
  ScramClient(ScramAlgorithm algorithm, String username, byte[] password, String clientNonce) {
    this.algorithm = algorithm;
    this.username = username;
    this.password = password.clone();
    this.clientNonce = clientNonce;
  }

  /** The MQTT Authentication Method: "SCRAM-SHA-256" or "SCRAM-SHA-512". */
  public String method() {
    return algorithm.mechanism();
  }

  /** client-first-message: {@code n,,n=<user>,r=<nonce>}. */
  public byte[] clientFirst() {
    clientFirstBare = "n=" + ScramMessages.escape(username) + ",r=" + clientNonce;
    return ScramMessages.bytes(GS2_HEADER + clientFirstBare);
  }

  /**
   * client-final-message for the server-first-message: {@code c=biws,r=<nonce>,p=<proof>}.
   *
   * @throws ScramException when the server's message is malformed, does not extend our nonce, or is an error
   */
  public byte[] clientFinal(byte[] serverFirstMessage) throws ScramException {
    if (clientFirstBare == null) {
      throw new ScramException("clientFirst() was not called");
    }
    String serverFirst = ScramMessages.utf8(serverFirstMessage, "server-first-message");
    if (serverFirst.startsWith("e=")) {
      throw new ScramException("the server refused: " + serverFirst.substring(2));
    }
    String[] f = serverFirst.split(",", -1);
    if (f.length < 3) {
      throw new ScramException("a malformed server-first-message");
    }
    if (f[0].startsWith("m=")) {
      throw new ScramException("the server requires an extension this client does not know");
    }
    String nonce = ScramMessages.attribute(f[0], 'r', "nonce");
    if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()
        || !ScramMessages.printableNonce(nonce)) {
      throw new ScramException("the server's nonce does not extend the client's");
    }
    byte[] salt = ScramMessages.b64(ScramMessages.attribute(f[1], 's', "salt"), "the salt");
    if (salt.length == 0) {
      throw new ScramException("an empty salt");
    }
    String count = ScramMessages.attribute(f[2], 'i', "iteration count");
    int iterations;
    try {
      iterations = Integer.parseInt(count);
    } catch (NumberFormatException e) {
      throw new ScramException("the iteration count is not a number");
    }
    if (iterations < 1 || iterations > ScramMessages.MAX_ITERATIONS) {
      throw new ScramException("an iteration count out of range: " + iterations);
    }
    String withoutProof = "c=" + ScramMessages.b64(GS2_HEADER.getBytes(StandardCharsets.US_ASCII)) + ",r=" + nonce;
    byte[] authMessage = ScramMessages.bytes(clientFirstBare + "," + serverFirst + "," + withoutProof);
    byte[] saltedPassword = algorithm.saltedPassword(password, salt, iterations);
    byte[] clientKey = algorithm.hmac(saltedPassword, "Client Key".getBytes(StandardCharsets.US_ASCII));
    byte[] storedKey = algorithm.hash(clientKey);
    byte[] proof = ScramMessages.xor(clientKey, algorithm.hmac(storedKey, authMessage));
    byte[] serverKey = algorithm.hmac(saltedPassword, "Server Key".getBytes(StandardCharsets.US_ASCII));
    expectedServerSignature = algorithm.hmac(serverKey, authMessage);
    return ScramMessages.bytes(withoutProof + ",p=" + ScramMessages.b64(proof));
  }

  /**
   * Checks the server-final-message ({@code v=<signature>}).
   *
   * @throws ScramException for {@code e=<error>}, a malformed message, or a signature the server could not have made
   *     without the credential
   */
  public void verifyServerFinal(byte[] serverFinalMessage) throws ScramException {
    if (expectedServerSignature == null) {
      throw new ScramException("clientFinal() was not called");
    }
    String serverFinal = ScramMessages.utf8(serverFinalMessage, "server-final-message");
    if (serverFinal.startsWith("e=")) {
      throw new ScramException("the server refused: " + serverFinal.substring(2));
    }
    String v = ScramMessages.attribute(serverFinal.split(",", -1)[0], 'v', "server signature");
    if (!MessageDigest.isEqual(ScramMessages.b64(v, "the server signature"), expectedServerSignature)) {
      throw new ScramException("the server signature does not match: the server does not know this credential");
    }
  }
}
