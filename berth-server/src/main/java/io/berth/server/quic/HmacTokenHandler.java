package io.berth.server.quic;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicTokenHandler;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Address validation with Retry (RFC 9000 §8.1.2): a client's first Initial is answered with a Retry packet carrying
 * a token; only an Initial that echoes a valid token from the same address and port opens a connection. The token is
 * {@code expiry (8) | HMAC-SHA256(key, expiry | address | port | odcid) (32) | odcid}: nothing is stored on the
 * server, a forged or replayed-elsewhere token fails the MAC, an old one its expiry (RFC 9000 §8.1.4). The key is
 * random per listener start.
 */
final class HmacTokenHandler implements QuicTokenHandler {
  private static final int TIME = 8;
  private static final int MAC = 32;
  private static final int MAX_CID = 20; // RFC 9000 §17.2
  /** A Retry token is echoed within one round trip: a few seconds cover any real client. */
  private static final long LIFETIME_MILLIS = 10_000;

  private final boolean enabled;
  private final SecretKeySpec key;

  /** @param enabled false: no Retry, every Initial opens a handshake (address_validation = false) */
  HmacTokenHandler(boolean enabled) {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    this.enabled = enabled;
    this.key = new SecretKeySpec(k, "HmacSHA256");
  }

  @Override
  public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
    if (!enabled) {
      return false;
    }
    long expiry = System.currentTimeMillis() + LIFETIME_MILLIS;
    out.writeLong(expiry).writeBytes(mac(expiry, address, dcid, dcid.readerIndex(), dcid.readableBytes()))
        .writeBytes(dcid, dcid.readerIndex(), dcid.readableBytes());
    return true;
  }

  /** @return where the original destination connection id starts in the token, or -1 to drop the packet */
  @Override
  public int validateToken(ByteBuf token, InetSocketAddress address) {
    int start = token.readerIndex();
    int cidLength = token.readableBytes() - TIME - MAC;
    if (!enabled || cidLength < 0 || cidLength > MAX_CID) {
      return -1;
    }
    long expiry = token.getLong(start);
    if (System.currentTimeMillis() > expiry) {
      return -1;
    }
    byte[] expected = mac(expiry, address, token, start + TIME + MAC, cidLength);
    byte[] given = new byte[MAC];
    token.getBytes(start + TIME, given);
    return MessageDigest.isEqual(expected, given) ? TIME + MAC : -1; // constant time
  }

  @Override
  public int maxTokenLength() {
    return TIME + MAC + MAX_CID;
  }

  private byte[] mac(long expiry, InetSocketAddress address, ByteBuf cid, int from, int length) {
    try {
      Mac m = Mac.getInstance("HmacSHA256"); // per call: the codec may run on several event loops
      m.init(key);
      byte[] head = new byte[TIME];
      for (int i = 0; i < TIME; i++) {
        head[i] = (byte) (expiry >>> (56 - 8 * i));
      }
      m.update(head);
      m.update(address.getAddress().getAddress());
      m.update(new byte[] {(byte) (address.getPort() >>> 8), (byte) address.getPort()});
      byte[] c = new byte[length];
      cid.getBytes(from, c);
      return m.doFinal(c);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
