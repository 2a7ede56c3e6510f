package io.berth.core.security;

/** The server's next move in an enhanced authentication exchange. */
public sealed interface AuthStep {

  /** Send AUTH 0x18 Continue Authentication with this Authentication Data and wait for the client's answer. */
  record Continue(byte[] serverData) implements AuthStep {}

  /** Authenticated: CONNACK (or AUTH 0x00 for a re-authentication) carrying {@code serverData} when not null. */
  record Success(byte[] serverData, AuthResult.Allow allow) implements AuthStep {}

  /** Refused with this reason code (0x86, 0x87, 0x8C Bad Authentication Method); {@code why} is for the log. */
  record Failure(int reasonCode, String why) implements AuthStep {}
}
