package io.berth.core.channel;

import io.berth.core.security.AuthResult;
import io.berth.core.security.Authorizer;
import io.berth.core.security.ClientIdentity;
import io.berth.core.security.acl.AuthorizationChain;

/**
 * What a connected client may do, as the listener's authorization decides for the identity authentication
 * established. Static, on the channel's own fields: nothing more is kept per connection.
 */
final class ClientAuthorization {
  private ClientAuthorization() {}

  /** Who the client is: made from what authentication granted at the first call; null before it is let in. */
  static ClientIdentity identity(Channel ch) {
    if (ch.identity == null && ch.granted != null) {
      ConnectionInfo info = ch.info;
      ch.identity = new ClientIdentity(ch.clientId, ch.username, info.peerHost(), info.certCommonName(),
          info.listenerId(), ch.granted.superuser(), ch.granted.attributes());
    }
    return ch.identity;
  }

  /** Whether the client may publish to {@code topic} (or subscribe to it, a filter). */
  static boolean allows(Channel ch, Authorizer.Action action, String topic, int qos, boolean retain) {
    AuthorizationChain authorization = ch.security.authorization();
    if (ch.authzCache == null && !ch.granted.superuser()) { // made at the first check: an idle client never needs one
      ch.authzCache = authorization.newCache();
    }
    boolean allowed =
        authorization.allows(identity(ch), action, topic, qos, retain, ch.authzCache, ch.broker.nowMillis());
    ch.broker.counters().authorized(allowed);
    return allowed;
  }

  /** A re-authentication succeeded (MQTT 4.12.1): what the provider says now replaces what it said before. */
  static void reauthenticated(Channel ch, AuthResult.Allow allow) {
    ch.granted = allow;
    ch.identity = null;
    if (ch.authzCache != null) {
      ch.authzCache.clear(); // decisions were made for the old identity
    }
  }
}
