package io.berth.core.channel;

import io.berth.codec.MqttDecodeException;
import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.PacketType;
import io.berth.codec.Property;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Auth;
import io.berth.codec.packet.Connack;
import io.berth.codec.packet.Connect;
import io.berth.codec.packet.Disconnect;
import io.berth.codec.packet.MqttPacket;
import io.berth.codec.packet.PingResp;
import io.berth.codec.packet.PubAck;
import io.berth.codec.packet.PubComp;
import io.berth.codec.packet.PubRec;
import io.berth.codec.packet.PubRel;
import io.berth.codec.packet.Publish;
import io.berth.codec.packet.Subscribe;
import io.berth.codec.packet.Unsubscribe;
import io.berth.core.BrokerCore;
import io.berth.core.EventLoopRef;
import io.berth.core.Message;
import io.berth.core.MqttSettings;
import io.berth.core.router.Delivery;
import io.berth.core.security.AuthResult;
import io.berth.core.security.ClientIdentity;
import io.berth.core.security.ListenerSecurity;
import io.berth.core.security.acl.AuthzCache;
import io.berth.core.session.Session;
import io.berth.core.session.SessionOwner;
import java.util.ArrayDeque;

/**
 * The MQTT protocol for one client connection, as a state machine: packets in, packets out through the {@link
 * Outbox}. No sockets, no threads: everything runs on the connection's event loop. One flow class per concern does
 * the work; this class dispatches, holds the connection's state and turns protocol violations into the reason code
 * the spec prescribes.
 */
public final class Channel implements SessionOwner {
  enum State {
    AWAIT_CONNECT,
    AUTHENTICATING,
    OPENING_SESSION,
    CONNECTED,
    CLOSED
  }

  final BrokerCore broker;
  final MqttSettings settings;
  final ListenerSecurity security;
  final EventLoopRef loop;
  final Outbox out;
  final ConnectionInfo info;
  /**
   * The CONNECT handling; dropped once the client is connected (null from then on): every use of it is for a client
   * awaiting CONNECT or being authenticated, and the state never goes back to those.
   */
  ConnectFlow connectFlow = new ConnectFlow(this);
  final DeliveryFlow deliveryFlow = new DeliveryFlow(this);
  /** The flows an idle client never needs (AUTH exchange, PUBLISH, SUBSCRIBE...): null until the first of them. */
  private ChannelFlows flows;

  State state = State.AWAIT_CONNECT;
  MqttVersion version;
  String clientId;
  /** The CONNECT's User Name, or the certificate's when the listener maps it (for the security work). */
  String username;
  /** What authentication granted (superuser, attributes); set before CONNACK. */
  AuthResult.Allow granted;
  /** Who the client is, made from {@link #granted} at its first authorization check: an idle client never needs it. */
  ClientIdentity identity;
  /** This client's recent authorization decisions: null until its first check, and when the cache is off. */
  AuthzCache authzCache;
  Session session;
  TopicAliases aliases = TopicAliases.NONE;
  Message will;
  long willDelaySeconds;
  boolean requestProblemInformation = true;
  /** The client got its CONNACK and was counted as connected, not yet as disconnected. */
  private boolean countedConnected;
  private ArrayDeque<MqttPacket> heldWhileOpening; // created when a client pipelines packets after CONNECT

  public Channel(BrokerCore broker, MqttSettings settings, ListenerSecurity security, EventLoopRef loop, Outbox out,
      ConnectionInfo info) {
    this.broker = broker;
    this.settings = settings;
    this.security = security;
    this.loop = loop;
    this.out = out;
    this.info = info;
  }

  public String clientId() {
    return clientId;
  }

  public String username() {
    return username;
  }

  public ConnectionInfo connectionInfo() {
    return info;
  }

  /** The authenticated identity, null before the client is let in. */
  public ClientIdentity identity() {
    return ClientAuthorization.identity(this);
  }

  public MqttVersion version() {
    return version;
  }

  public boolean isConnected() {
    return state == State.CONNECTED;
  }

  /** An administrator kicks the client: DISCONNECT 0x98 (MQTT 5), close; a persistent session stays. */
  public void kick() {
    disconnect(ReasonCode.ADMINISTRATIVE_ACTION, "kicked by an administrator");
  }

  /** Handles one packet from the client. Takes ownership of it (a PUBLISH payload is released or passed on). */
  public void handle(MqttPacket packet) {
    if (state == State.CLOSED) {
      release(packet);
      return;
    }
    if (state == State.AUTHENTICATING && flows != null && flows.authInProgress()) {
      handleDuringAuthExchange(packet);
      return;
    }
    if (state == State.AUTHENTICATING || state == State.OPENING_SESSION) {
      // pipelined after CONNECT: handled once the client is let in and its session is ready
      if (heldWhileOpening == null) {
        heldWhileOpening = new ArrayDeque<>(4);
      }
      heldWhileOpening.add(packet);
      return;
    }
    PublishLimiter limiter = flows == null ? null : flows.publishLimiterIfMade(); // none: never paused
    if (state == State.CONNECTED && limiter != null && limiter.holdIfPaused(packet)) {
      return;
    }
    process(packet);
  }

  /** Dispatches one packet now; a protocol violation disconnects the client. */
  void process(MqttPacket packet) {
    try {
      dispatch(packet);
    } catch (ProtocolViolation v) {
      disconnect(v.reasonCode(), v.getMessage());
    }
  }

  /** The flows most connections never need, made with the first of them. */
  ChannelFlows flows() {
    if (flows == null) {
      flows = new ChannelFlows(this);
    }
    return flows;
  }

  private void dispatch(MqttPacket packet) {
    if (state == State.AWAIT_CONNECT && !(packet instanceof Connect)) {
      // The first packet must be CONNECT [MQTT-3.1.0-1]; the decoder already refuses this, kept as a guard.
      release(packet);
      throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "first packet is not CONNECT");
    }
    switch (packet.type()) {
      case PacketType.CONNECT -> {
        if (state != State.AWAIT_CONNECT) { // a second CONNECT [MQTT-3.1.0-2]
          throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "second CONNECT");
        }
        connectFlow.handleConnect((Connect) packet);
      }
      case PacketType.PUBLISH -> flows().publishFlow().handlePublish((Publish) packet);
      case PacketType.PUBREL -> flows().publishFlow().handlePubRel((PubRel) packet);
      case PacketType.PUBACK -> deliveryFlow.handlePubAck((PubAck) packet);
      case PacketType.PUBREC -> deliveryFlow.handlePubRec((PubRec) packet);
      case PacketType.PUBCOMP -> deliveryFlow.handlePubComp((PubComp) packet);
      case PacketType.SUBSCRIBE -> flows().subscribeFlow().handleSubscribe((Subscribe) packet);
      case PacketType.UNSUBSCRIBE -> flows().subscribeFlow().handleUnsubscribe((Unsubscribe) packet);
      case PacketType.PINGREQ -> out.send(PingResp.INSTANCE);
      case PacketType.DISCONNECT -> handleDisconnect((Disconnect) packet);
      case PacketType.AUTH -> flows().authFlow().handleAuth((Auth) packet);
      default -> // CONNACK, SUBACK, UNSUBACK, PINGRESP only flow from server to client
          throw new ProtocolViolation(
              ReasonCode.PROTOCOL_ERROR, PacketType.name(packet.type()) + " sent by a client");
    }
  }

  /**
   * While an enhanced authentication exchange runs, the client may only send AUTH or DISCONNECT [MQTT-3.1.2-30].
   */
  private void handleDuringAuthExchange(MqttPacket packet) {
    try {
      if (packet instanceof Auth a) {
        flows().authFlow().handleAuth(a);
      } else if (packet instanceof Disconnect) {
        closeConnection();
      } else {
        release(packet);
        throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "packet before the authentication exchange ended");
      }
    } catch (ProtocolViolation v) {
      connectFlow.refuse(v.reasonCode(), v.getMessage());
    }
  }

  /** The session is attached (called on this loop by the registry): finish the CONNECT. */
  void sessionOpened(Session s, Connack connack) {
    if (state == State.CLOSED) { // the client went away while its session was being opened
      session = s;
      broker.sessions().disconnected(s, this, takeWill(), willDelaySeconds);
      return;
    }
    session = s;
    state = State.CONNECTED;
    connectFlow = null;
    countedConnected = true;
    broker.counters().clientConnected();
    out.send(connack);
    out.setReading(true);
    deliveryFlow.resume();
    while (heldWhileOpening != null && !heldWhileOpening.isEmpty() && state == State.CONNECTED) {
      handle(heldWhileOpening.poll());
    }
  }

  /** The decoder found a malformed packet: answer with its reason code and close. */
  public void handleDecodeError(MqttDecodeException e) {
    if (state == State.CLOSED) {
      return;
    }
    if (state == State.AWAIT_CONNECT || state == State.AUTHENTICATING) {
      // A bad CONNECT from an MQTT 5 client gets a CONNACK with the reason code [MQTT-4.13.1-1]
      if (state == State.AWAIT_CONNECT) {
        version = e.version();
      }
      connectFlow.refuseQuietly(e.reasonCode());
      return;
    }
    disconnect(e.reasonCode(), e.getMessage());
  }

  private void handleDisconnect(Disconnect d) {
    long expiry = d.properties().longValue(Property.SESSION_EXPIRY_INTERVAL, -1);
    if (expiry >= 0) {
      if (session.expiryIntervalSeconds() == 0 && expiry > 0) { // [MQTT-3.14.2-2]
        throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "session expiry set on DISCONNECT after 0");
      }
      session.setExpiryIntervalSeconds(Math.min(expiry, settings.sessionExpiryInterval()));
    }
    if (d.reasonCode() != ReasonCode.DISCONNECT_WITH_WILL) { // normal DISCONNECT discards the will [MQTT-3.14.4-3]
      releaseWill();
    }
    // The session is detached (or ended, with expiry 0) before the socket closes: a client that reconnects as soon
    // as it sees the close must find the session in the state its DISCONNECT asked for.
    state = State.CLOSED;
    broker.sessions().disconnected(session, this, takeWill(), willDelaySeconds);
    closeConnection();
  }

  /** Sends DISCONNECT with {@code reasonCode} to an MQTT 5 client (only once connected) and closes. */
  void disconnect(int reasonCode) {
    disconnect(reasonCode, null);
  }

  /** As {@link #disconnect(int)}, telling an MQTT 5 client why in a Reason String (allowed on DISCONNECT). */
  void disconnect(int reasonCode, String why) {
    if (state == State.CLOSED) {
      return;
    }
    if (state == State.AWAIT_CONNECT || state == State.AUTHENTICATING) {
      connectFlow.refuse(reasonCode, why == null ? "before CONNACK" : why);
      return;
    }
    if (version == MqttVersion.V5 && state == State.CONNECTED) { // no packet before CONNACK [MQTT-3.2.0-1]
      MqttProperties props = why == null ? MqttProperties.NONE
          : MqttProperties.builder().set(Property.REASON_STRING, why).build();
      out.send(new Disconnect(reasonCode, props));
    }
    closeConnection();
  }

  /** No packet for 1.5 × Keep Alive [MQTT-3.1.2-24]: close, and the will goes out. */
  public void onReadTimeout() {
    boolean connecting = state == State.AWAIT_CONNECT || state == State.AUTHENTICATING;
    disconnect(connecting ? ReasonCode.MAXIMUM_CONNECT_TIME : ReasonCode.KEEP_ALIVE_TIMEOUT);
  }

  /** The broker is shutting down: tell MQTT 5 clients (0x8B) and close. */
  public void shutdown() {
    disconnect(ReasonCode.SERVER_SHUTTING_DOWN);
  }

  /** Closes the network connection; the session side is handled in {@link #onConnectionClosed}. */
  void closeConnection() {
    out.close();
  }

  /** The network connection is gone (closed by either side): the will and the session expiry start. */
  public void onConnectionClosed() {
    State was = state;
    state = State.CLOSED;
    if (countedConnected) {
      countedConnected = false;
      broker.counters().clientDisconnected();
    }
    if (heldWhileOpening != null) {
      heldWhileOpening.forEach(Channel::release);
      heldWhileOpening.clear();
    }
    PublishLimiter limiter = flows == null ? null : flows.publishLimiterIfMade();
    if (limiter != null) {
      limiter.releaseHeld();
    }
    if (was == State.CONNECTED) {
      broker.sessions().disconnected(session, this, takeWill(), willDelaySeconds);
    } else if (was != State.OPENING_SESSION) {
      releaseWill(); // OPENING_SESSION keeps it: sessionOpened() hands it over
    }
  }

  @Override
  public void deliver(Delivery delivery) {
    deliveryFlow.deliver(delivery);
  }

  @Override
  public void takenOver(boolean sessionContinues) {
    if (version == MqttVersion.V5 && state == State.CONNECTED) {
      out.send(new Disconnect(ReasonCode.SESSION_TAKEN_OVER, MqttProperties.NONE));
    }
    state = State.CLOSED;
    Message w = takeWill();
    if (w != null) {
      // The old connection ended without DISCONNECT: its will is published [MQTT-3.1.4-3], unless the session
      // goes on at once and a Will Delay is set [MQTT-3.1.3-9].
      if (!sessionContinues || willDelaySeconds == 0) {
        try {
          broker.publish(w);
        } finally {
          w.release();
        }
      } else {
        w.release();
      }
    }
    out.close();
  }

  private Message takeWill() {
    Message w = will;
    will = null;
    return w;
  }

  void releaseWill() {
    Message w = takeWill();
    if (w != null) {
      w.release();
    }
  }

  static void release(MqttPacket packet) {
    if (packet instanceof Publish p) {
      p.payload().release();
    }
  }
}
