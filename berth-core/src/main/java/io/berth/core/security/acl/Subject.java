package io.berth.core.security.acl;

import io.berth.core.security.ClientIdentity;

/** The client as one rule evaluation sees it: its identity, and its address parsed once, when a rule asks. */
final class Subject {
  private final ClientIdentity identity;
  private byte[] address;
  private boolean addressParsed;

  Subject(ClientIdentity identity) {
    this.identity = identity;
  }

  ClientIdentity identity() {
    return identity;
  }

  /** The peer address as bytes, null when the identity has none or it is not an address literal. */
  byte[] address() {
    if (!addressParsed) {
      address = IpNetwork.parseAddress(identity.peerHost());
      addressParsed = true;
    }
    return address;
  }
}
