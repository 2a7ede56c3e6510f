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

  /** Whether the client may publish to {@code topic} (or subscribe to it, a filter). */
  static boolean allows(Channel ch, Authorizer.Action action, String topic, int qos, boolean retain) {
    AuthorizationChain authorization = ch.security.authorization();
    if (ch.authzCache == null && !ch.identity.superuser()) { // made at the first check: an idle client never needs one
      ch.authzCache = authorization.newCache();
    }
    boolean allowed =
        authorization.allows(ch.identity, action, topic, qos, retain, ch.authzCache, ch.broker.nowMillis());
    ch.broker.counters().authorized(allowed);
    return allowed;
  }

  /** A re-authentication succeeded (MQTT 4.12.1): what the provider says now replaces what it said before. */
  static void reauthenticated(Channel ch, AuthResult.Allow allow) {
    ClientIdentity was = ch.identity;
    ch.identity = new ClientIdentity(ch.clientId, ch.username, was.peerHost(), was.certCommonName(),
        was.listenerId(), allow.superuser(), allow.attributes());
    if (ch.authzCache != null) {
      ch.authzCache.clear(); // decisions were made for the old identity
    }
  }
}
