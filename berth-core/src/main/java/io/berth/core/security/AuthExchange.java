package io.berth.core.security;

/**
 * One enhanced authentication exchange: the client's Authentication Data in, the next step out. Used by one
 * connection at a time (not thread-safe); the first call gets the CONNECT's (or first AUTH's) data, possibly null.
 */
public interface AuthExchange {

  AuthStep step(byte[] clientData);
}
