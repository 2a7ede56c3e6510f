package io.berth.server.api.tester;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * One thing that happened on a Tester connection: a message received ({@code event = "message"}: topic, qos,
 * retain, payload, and {@code encoding = "base64"} when the payload is not UTF-8) or a change of state
 * ({@code event = "state"}: state "connected" or "disconnected", and the reason). {@code seq} counts from 1 per
 * connection.
 */
record TesterEvent(long seq, String time, String event, String topic, Integer qos, Boolean retain, String payload,
    String encoding, String state, String reason) {

  static TesterEvent message(long seq, String topic, int qos, boolean retain, byte[] payload) {
    String text = utf8(payload);
    return new TesterEvent(seq, Instant.now().toString(), "message", topic, qos, retain,
        text != null ? text : Base64.getEncoder().encodeToString(payload), text != null ? null : "base64", null, null);
  }

  static TesterEvent state(long seq, String state, String reason) {
    return new TesterEvent(seq, Instant.now().toString(), "state", null, null, null, null, null, state, reason);
  }

  @JsonIgnore
  boolean isDisconnect() {
    return "state".equals(event) && "disconnected".equals(state);
  }

  /** The payload as text when it is valid UTF-8, else null. */
  private static String utf8(byte[] payload) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
