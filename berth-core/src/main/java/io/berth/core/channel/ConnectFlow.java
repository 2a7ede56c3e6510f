package io.berth.core.channel;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.Property;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.Will;
import io.berth.core.Message;
import io.berth.core.MqttSettings;
import io.berth.core.security.AuthRequest;
import io.berth.core.security.AuthResult;
import io.berth.core.session.ConnectionFacts;
import io.berth.core.session.Session;
import io.berth.core.security.Authentication;
import io.berth.core.security.Authorizer;
import io.berth.core.security.ban.Ban;
import io.berth.core.security.ban.Defences;
import io.berth.core.topic.Topics;
import io.netty.buffer.Unpooled;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * CONNECT (MQTT 3.1): checks it, has the client authenticated (on a worker when that may block, or through an
 * enhanced authentication exchange), opens or takes over the session, answers CONNACK.
 */
final class ConnectFlow {
  private static final long NEVER_EXPIRES = 0xFFFFFFFFL;
  private final Channel ch;
  private Connect pending; // the CONNECT while its client is being authenticated
  private boolean clientIdAssigned;

  ConnectFlow(Channel ch) {
    this.ch = ch;
  }

  void handleConnect(Connect c) {
    MqttSettings cfg = ch.settings;
    ch.version = c.version();
    MqttProperties p = c.properties();
    ch.broker.counters().connectReceived();
    if (ch.broker.overload().isOverloaded()) { // overload protection: no new clients until memory recovers
      ch.broker.counters().overloadRefused();
      refuse(ReasonCode.SERVER_BUSY, "the broker is short of memory (overload protection)");
      return;
    }
    // A verified client certificate may name the client (peer_cert_as_clientid), as in EMQX.
    String clientId = ch.info.certClientId() != null ? ch.info.certClientId() : c.clientId();
    ch.username = ch.info.certUsername() != null ? ch.info.certUsername() : c.username();
    boolean assigned = c.clientId().isEmpty(); // told the identifier used, generated or the certificate's
    if (clientId.isEmpty()) {
      // 3.1 needs an identifier; 3.1.1 only with Clean Session 1 [MQTT-3.1.3-8]; 5 always [MQTT-3.1.3-6]
      if (c.version() == MqttVersion.V3_1 || (c.version() == MqttVersion.V3_1_1 && !c.cleanStart())) {
        refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "empty client identifier");
        return;
      }
      clientId = newClientId();
      assigned = true;
    }
    if (clientId.length() > cfg.maxClientIdLength()) {
      refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "client identifier too long");
      return;
    }
    int willProblem = checkWill(c.will(), cfg);
    if (willProblem != 0) {
      refuse(willProblem, "will refused");
      return;
    }
    Optional<Ban> ban = ch.broker.defences().banList().check(clientId, ch.username, ch.info.remoteAddress());
    if (ban.isPresent()) { // the earliest point a client id or user name is known
      refuse(ReasonCode.BANNED, "banned (" + ban.get().kind().name().toLowerCase() + " " + ban.get().value() + ")");
      return;
    }
    ch.clientId = clientId;
    ch.requestProblemInformation = p.intValue(Property.REQUEST_PROBLEM_INFORMATION, 1) == 1;
    pending = c;
    clientIdAssigned = assigned;
    ch.state = Channel.State.AUTHENTICATING;
    AuthRequest request = new AuthRequest(ch.info.listenerId(), ch.info.peerHost(), clientId, ch.username,
        c.password(), ch.info.certCommonName(), ch.info.certSubject(), c.version());
    String method = p.string(Property.AUTHENTICATION_METHOD);
    if (method != null) {
      ch.flows().authFlow().begin(method, request, p.binary(Property.AUTHENTICATION_DATA));
    } else {
      authenticate(request);
    }
  }

  /** Runs the listener's authentication chain: inline when it cannot block, otherwise on a worker thread. */
  private void authenticate(AuthRequest request) {
    Authentication authn = ch.security.authentication();
    if (!authn.mayBlock()) {
      authenticated(authn.authenticate(request), MqttProperties.NONE);
      return;
    }
    ch.out.setReading(false); // nothing else from this client until it is let in
    boolean queued = ch.broker.authWorkers().submit(() -> {
      AuthResult result = AuthCalls.authenticate(authn, request);
      ch.loop.execute(() -> authenticated(result, MqttProperties.NONE));
    });
    if (!queued) {
      refuse(ReasonCode.SERVER_BUSY, "too many logins waiting for authentication");
    }
  }

  /**
   * The authentication's answer (on this connection's loop): refuse the client, or open its session.
   *
   * @param authProperties Authentication Method and Data for the CONNACK of an enhanced authentication
   */
  void authenticated(AuthResult result, MqttProperties authProperties) {
    if (ch.state != Channel.State.AUTHENTICATING) {
      return; // the client went away meanwhile
    }
    Defences defences = ch.broker.defences();
    String peer = ch.info.remoteAddress();
    ch.broker.counters().authenticated(!(result instanceof AuthResult.Deny));
    if (result instanceof AuthResult.Deny d) {
      defences.loginFailures().recordFailure(peer, ch.broker.nowMillis()); // past a threshold: the address is banned
      refuse(d.reasonCode(), d.why());
      return;
    }
    defences.loginFailures().recordSuccess(peer);
    // Only authenticated connects count, so nobody can get another client's id banned without its credentials.
    Optional<Ban> flapping = defences.flapping().recordConnect(ch.clientId, peer, ch.broker.nowMillis());
    if (flapping.isPresent()) {
      refuse(ReasonCode.BANNED, "flapping: connected too often");
      return;
    }
    AuthResult.Allow allow = result instanceof AuthResult.Allow a ? a : AuthResult.Allow.user();
    Connect c = pending;
    pending = null;
    if (ch.username == null && allow.attributes().containsKey("username")) {
      ch.username = allow.attributes().get("username"); // named by the provider (SCRAM without a User Name)
    }
    ch.granted = allow;
    openSession(c, authProperties);
  }

  private void openSession(Connect c, MqttProperties authProperties) {
    MqttSettings cfg = ch.settings;
    MqttProperties p = c.properties();
    String clientId = ch.clientId;
    long requestedExpiry = c.version() == MqttVersion.V5
        ? p.longValue(Property.SESSION_EXPIRY_INTERVAL, 0)
        : (c.cleanStart() ? 0 : NEVER_EXPIRES);
    long expiry = Math.min(requestedExpiry, cfg.sessionExpiryInterval());
    int keepAlive = cfg.serverKeepAlive() > 0 ? cfg.serverKeepAlive() : c.keepAlive();
    ch.deliveryFlow.configure(
        p.intValue(Property.RECEIVE_MAXIMUM, 65535),
        p.longValue(Property.MAXIMUM_PACKET_SIZE, 0));
    ch.aliases = TopicAliases.of(
        c.version() == MqttVersion.V5 ? cfg.maxTopicAlias() : 0, p.intValue(Property.TOPIC_ALIAS_MAXIMUM, 0));
    ch.will = willAllowed(c.will()) ? toMessage(c.will(), clientId) : null;
    ch.willDelaySeconds = c.will() == null ? 0 : c.will().properties().longValue(Property.WILL_DELAY_INTERVAL, 0);
    // Keep Alive 0 turns the mechanism off [MQTT-3.1.2-22]; otherwise 1.5 × without a packet closes [MQTT-3.1.2-24].
    ch.out.setReadTimeout(keepAlive == 0 ? 0 : (long) (keepAlive * 1000L * cfg.keepaliveMultiplier()));
    MqttProperties props = connackProperties(c, clientIdAssigned, requestedExpiry, expiry, authProperties);
    ch.state = Channel.State.OPENING_SESSION;
    ch.out.setReading(false);
    boolean cleanStart = c.cleanStart();
    ch.broker.sessions().open(clientId, cleanStart, ch.loop, ch, (session, present) -> {
      session.setExpiryIntervalSeconds(expiry);
      session.journalWill(ch.will, ch.willDelaySeconds);
      session.setQueueLimits(cfg.maxMqueueLen(), cfg.mqueueStoreQos0());
      session.setLastConnection(new ConnectionFacts(ch.username, ch.info,
          c.version(), keepAlive, cleanStart, ch.broker.nowMillis()));
      // Session Present is 0 whenever Clean Start is 1 [MQTT-3.2.2-2] [MQTT-3.2.2-3]
      Connack connack = new Connack(present && !cleanStart, ReasonCode.SUCCESS, props);
      if (!session.isPersistent() || !ch.broker.persistence().isDurable()) {
        ch.sessionOpened(session, connack);
        return;
      }
      // A persistent session (its expiry, its will) is a promise as a PUBACK is: CONNACK once it is on disk.
      ch.broker.persistence().afterDurable(ch.loop, written -> {
        if (written) {
          ch.sessionOpened(session, connack);
        } else {
          sessionNotStored(session);
        }
      });
    });
  }

  /**
   * The disk could not take the persistent session's state (full or failing): the client is refused (MQTT 5 0x97
   * Quota exceeded, 3.1.1 0x03 Server unavailable) and may try later; the session stays as it was, offline.
   */
  private void sessionNotStored(Session s) {
    ch.session = s;
    ch.releaseWill(); // the connection never opened: no will of it is published
    ch.broker.sessions().disconnected(s, ch, null, 0);
    if (ch.state != Channel.State.CLOSED) {
      refuseQuietly(ch.version == MqttVersion.V5 ? ReasonCode.QUOTA_EXCEEDED : ReasonCode.SERVER_UNAVAILABLE);
    }
  }

  /** A will the client may not publish is dropped at CONNECT (its topic is checked like a PUBLISH). */
  private boolean willAllowed(Will w) {
    return w == null || ClientAuthorization.allows(ch, Authorizer.Action.PUBLISH, w.topic(), w.qos(), w.retain());
  }

  /** 0 when the will is acceptable, else the CONNACK reason code. */
  private static int checkWill(Will w, MqttSettings cfg) {
    if (w == null) {
      return 0;
    }
    if (!Topics.isValidTopicName(w.topic(), cfg.maxTopicLevels())) {
      return ReasonCode.TOPIC_NAME_INVALID;
    }
    if (w.qos() > cfg.maxQos()) { // [MQTT-3.2.2-12]
      return ReasonCode.QOS_NOT_SUPPORTED;
    }
    if (w.retain() && !cfg.retainAvailable()) { // [MQTT-3.2.2-13]
      return ReasonCode.RETAIN_NOT_SUPPORTED;
    }
    return 0;
  }

  private Message toMessage(Will w, String clientId) {
    if (w == null) {
      return null;
    }
    MqttProperties props = w.properties().toBuilder().remove(Property.WILL_DELAY_INTERVAL)
        .remove(Property.MESSAGE_EXPIRY_INTERVAL).build();
    long expiry = w.properties().longValue(Property.MESSAGE_EXPIRY_INTERVAL, 0);
    long expiresAt = expiry == 0 ? 0 : ch.broker.nowMillis() + expiry * 1000;
    return new Message(w.topic(), Unpooled.wrappedBuffer(w.payload()), w.qos(), w.retain(), props, clientId,
        expiresAt);
  }

  private MqttProperties connackProperties(
      Connect c, boolean assigned, long requestedExpiry, long expiry, MqttProperties authProperties) {
    if (c.version() != MqttVersion.V5) {
      return MqttProperties.NONE;
    }
    MqttSettings cfg = ch.settings;
    MqttProperties.Builder b = authProperties.toBuilder();
    if (assigned) { // [MQTT-3.2.2-16]
      b.set(Property.ASSIGNED_CLIENT_IDENTIFIER, ch.clientId);
    }
    if (expiry != requestedExpiry) {
      b.set(Property.SESSION_EXPIRY_INTERVAL, expiry);
    }
    if (cfg.maxInflight() < 65535) {
      b.set(Property.RECEIVE_MAXIMUM, cfg.maxInflight());
    }
    if (cfg.maxQos() < 2) { // [MQTT-3.2.2-9]
      b.set(Property.MAXIMUM_QOS, cfg.maxQos());
    }
    if (!cfg.retainAvailable()) {
      b.set(Property.RETAIN_AVAILABLE, 0);
    }
    b.set(Property.MAXIMUM_PACKET_SIZE, (long) cfg.maxPacketSize());
    if (cfg.maxTopicAlias() > 0) {
      b.set(Property.TOPIC_ALIAS_MAXIMUM, cfg.maxTopicAlias());
    }
    if (!cfg.wildcardSubscription()) {
      b.set(Property.WILDCARD_SUBSCRIPTION_AVAILABLE, 0);
    }
    if (!cfg.sharedSubscription()) {
      b.set(Property.SHARED_SUBSCRIPTION_AVAILABLE, 0);
    }
    if (cfg.serverKeepAlive() > 0) { // [MQTT-3.2.2-21]
      b.set(Property.SERVER_KEEP_ALIVE, cfg.serverKeepAlive());
    }
    return b.build();
  }

  /**
   * Refuses the connection with a CONNACK carrying {@code reasonCode} (mapped to a 3.1.1 return code for older
   * clients, [MQTT-3.2.2-6]) and closes it [MQTT-3.2.2-7]. Reasons with no 3.1.1 code just close.
   */
  void refuse(int reasonCode, String why) {
    ch.out.connectRefused(ch.clientId, reasonCode, why);
    refuseQuietly(reasonCode);
  }

  /** As {@link #refuse(int, String)} without the log line: for malformed input, which the transport reports. */
  void refuseQuietly(int reasonCode) {
    ch.broker.counters().connectRefused();
    MqttVersion v = ch.version;
    if (reasonCode == ReasonCode.UNSUPPORTED_PROTOCOL_VERSION && v == null) {
      // The client's level is unknown: answer in the 3.1.1 format, which every version parses [MQTT-3.1.2-2].
      ch.version = MqttVersion.V3_1_1;
      ch.out.send(new Connack(false, ReasonCode.V3_UNACCEPTABLE_PROTOCOL_VERSION, MqttProperties.NONE));
    } else if (v == MqttVersion.V5) {
      ch.out.send(new Connack(false, reasonCode, MqttProperties.NONE));
    } else if (v != null && hasV3Code(reasonCode)) {
      ch.out.send(new Connack(false, ReasonCode.toV3Connack(reasonCode), MqttProperties.NONE));
    }
    ch.closeConnection();
  }

  private static boolean hasV3Code(int reasonCode) {
    return switch (reasonCode) {
      case ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, ReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
          ReasonCode.BAD_USER_NAME_OR_PASSWORD, ReasonCode.NOT_AUTHORIZED, ReasonCode.SERVER_UNAVAILABLE,
          ReasonCode.SERVER_BUSY, ReasonCode.BANNED -> true;
      default -> false;
    };
  }

  private static String newClientId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "berth-" + Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Integer.toHexString(r.nextInt() | 1 << 31);
  }
}
