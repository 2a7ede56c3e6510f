package io.berth.core.channel;

import io.berth.codec.MqttProperties;
import io.berth.codec.Property;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Auth;
import io.berth.core.security.AuthExchange;
import io.berth.core.security.AuthRequest;
import io.berth.core.security.AuthResult;
import io.berth.core.security.AuthStep;
import io.berth.core.security.EnhancedAuthenticator;

/**
 * MQTT 5 enhanced authentication (MQTT 4.12): the AUTH exchange that a CONNECT with an Authentication Method starts,
 * and re-authentication once connected (4.12.1). Each step of a provider may block, so it runs on an authentication
 * worker and its answer comes back to the connection's loop.
 */
final class AuthFlow {
  private final Channel ch;
  private String method; // the CONNECT's Authentication Method; null when the client uses none
  private AuthRequest request;
  private AuthExchange exchange; // the exchange in progress, or null
  private boolean awaitingClient; // AUTH 0x18 was sent: the client's AUTH is expected

  AuthFlow(Channel ch) {
    this.ch = ch;
  }

  /** Whether an exchange is in progress (then only AUTH and DISCONNECT may come before CONNACK [MQTT-3.1.2-30]). */
  boolean inProgress() {
    return exchange != null;
  }

  /** CONNECT named an Authentication Method: start the exchange with its Authentication Data. */
  void begin(String method, AuthRequest request, byte[] data) {
    this.method = method;
    this.request = request;
    if (!start(data)) {
      ch.connectFlow.authenticated(
          new AuthResult.Deny(ReasonCode.BAD_AUTHENTICATION_METHOD, "unsupported authentication method " + method),
          MqttProperties.NONE);
    }
  }

  /** An AUTH packet from the client. */
  void handleAuth(Auth a) {
    if (method == null) { // AUTH is only for clients that named a method in CONNECT [MQTT-4.12.0-7]
      throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "AUTH without an authentication method");
    }
    if (!method.equals(a.properties().string(Property.AUTHENTICATION_METHOD))) { // [MQTT-4.12.1-1]
      throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "AUTH with another authentication method");
    }
    byte[] data = a.properties().binary(Property.AUTHENTICATION_DATA);
    if (a.reasonCode() == ReasonCode.CONTINUE_AUTHENTICATION && awaitingClient) {
      awaitingClient = false;
      runStep(data);
    } else if (a.reasonCode() == ReasonCode.RE_AUTHENTICATE && ch.isConnected() && exchange == null) {
      if (!start(data)) {
        throw new ProtocolViolation(ReasonCode.BAD_AUTHENTICATION_METHOD, "authentication method withdrawn");
      }
    } else {
      throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "unexpected AUTH reason code 0x"
          + Integer.toHexString(a.reasonCode()));
    }
  }

  private boolean start(byte[] data) {
    EnhancedAuthenticator provider = ch.security.authentication().enhanced(method);
    if (provider == null) {
      return false;
    }
    try {
      exchange = provider.start(request);
    } catch (RuntimeException e) {
      exchange = null;
      stepDone(new AuthStep.Failure(ReasonCode.UNSPECIFIED_ERROR, "authentication provider failed: " + e));
      return true;
    }
    runStep(data);
    return true;
  }

  private void runStep(byte[] data) {
    AuthExchange ex = exchange;
    boolean connecting = !ch.isConnected();
    if (connecting) {
      ch.out.setReading(false);
    }
    boolean queued = ch.broker.authWorkers().submit(() -> {
      AuthStep step = AuthCalls.step(ex, data);
      ch.loop.execute(() -> stepDone(step));
    });
    if (!queued) {
      stepDone(new AuthStep.Failure(ReasonCode.SERVER_BUSY, "too many logins waiting for authentication"));
    }
  }

  private void stepDone(AuthStep step) {
    if (ch.state == Channel.State.CLOSED) {
      return;
    }
    boolean connecting = ch.state == Channel.State.AUTHENTICATING;
    if (step instanceof AuthStep.Continue c) {
      awaitingClient = true;
      ch.out.send(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, properties(c.serverData())));
      ch.out.setReading(true);
      return;
    }
    exchange = null;
    if (step instanceof AuthStep.Success s) {
      if (connecting) { // the CONNACK carries the server's final data
        ch.connectFlow.authenticated(s.allow(), properties(s.serverData()));
      } else {
        ClientAuthorization.reauthenticated(ch, s.allow());
        ch.out.send(new Auth(ReasonCode.SUCCESS, properties(s.serverData())));
      }
    } else if (step instanceof AuthStep.Failure f) {
      if (connecting) {
        ch.connectFlow.authenticated(new AuthResult.Deny(f.reasonCode(), f.why()), MqttProperties.NONE);
      } else { // a failed re-authentication ends the connection [MQTT-4.12.1-2]
        ch.disconnect(f.reasonCode(), null);
      }
    }
  }

  private MqttProperties properties(byte[] data) {
    MqttProperties.Builder b = MqttProperties.builder().set(Property.AUTHENTICATION_METHOD, method);
    if (data != null) {
      b.set(Property.AUTHENTICATION_DATA, data);
    }
    return b.build();
  }
}
