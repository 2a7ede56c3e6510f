package io.berth.core.session;

import io.berth.core.router.Delivery;

/** The connection a session is attached to. Every call comes on the session's home thread. */
public interface SessionOwner {

  /** A message for the connected client: send it now or queue it behind the inflight window. */
  void deliver(Delivery delivery);

  /**
   * Another connection took this session over: send DISCONNECT 0x8E where the protocol allows, close, and leave the
   * session alone from now on [MQTT-3.1.4-3].
   *
   * @param sessionContinues false when the new connection starts clean (this session ends)
   */
  void takenOver(boolean sessionContinues);
}
