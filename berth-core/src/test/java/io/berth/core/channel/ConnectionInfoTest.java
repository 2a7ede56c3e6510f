package io.berth.core.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** ConnectionInfo keeps host and port, not the address text: every address must come back as it was given. */
class ConnectionInfoTest {

  @Test
  void ipv4AddressComesBackWithItsPeerHost() {
    ConnectionInfo i = ConnectionInfo.of("tcp:default", "10.0.0.7:5000");
    assertThat(i.remoteAddress()).isEqualTo("10.0.0.7:5000");
    assertThat(i.peerHost()).isEqualTo("10.0.0.7");
    assertThat(i.listenerId()).isEqualTo("tcp:default");
    assertThat(i.certCommonName()).isNull();
  }

  @Test
  void ipv6AddressesComeBackAsGiven() {
    ConnectionInfo full = ConnectionInfo.of("tcp:default", "[0:0:0:0:0:0:0:1]:5000");
    assertThat(full.remoteAddress()).isEqualTo("[0:0:0:0:0:0:0:1]:5000");
    assertThat(full.peerHost()).isEqualTo("0:0:0:0:0:0:0:1");
    ConnectionInfo shortForm = ConnectionInfo.of("tcp:default", "[::1]:5000");
    assertThat(shortForm.remoteAddress()).isEqualTo("[::1]:5000");
    assertThat(shortForm.peerHost()).isEqualTo("0:0:0:0:0:0:0:1");
  }

  @Test
  void addressesWithoutPortOrNotIpAreTheirOwnText() {
    assertThat(ConnectionInfo.of("tcp:default", "10.0.0.7").remoteAddress()).isEqualTo("10.0.0.7");
    assertThat(ConnectionInfo.of("tcp:default", "10.0.0.7").peerHost()).isEqualTo("10.0.0.7");
    ConnectionInfo unix = ConnectionInfo.of("unix:local", "/run/berth.sock");
    assertThat(unix.remoteAddress()).isEqualTo("/run/berth.sock");
    assertThat(unix.peerHost()).isEqualTo("/run/berth.sock");
  }

  @Test
  void certificateFieldsAreKept() {
    ConnectionInfo i = new ConnectionInfo("ssl:devices", "10.0.0.9:5000", null, "dev-1", "dev-1", "CN=dev-1");
    assertThat(i.certUsername()).isNull();
    assertThat(i.certClientId()).isEqualTo("dev-1");
    assertThat(i.certCommonName()).isEqualTo("dev-1");
    assertThat(i.certSubject()).isEqualTo("CN=dev-1");
  }

  @Test
  void aSocketAddressIsWrittenOutLikeItsText() throws Exception {
    InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 7}), 5000);
    ConnectionInfo i = new ConnectionInfo("tcp:default", v4, null, null, null, null);
    assertThat(i.remoteAddress()).isEqualTo("10.0.0.7:5000");
    assertThat(i.peerHost()).isEqualTo("10.0.0.7");
    assertThat(i.certSubject()).isNull();

    InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 5000);
    ConnectionInfo six = new ConnectionInfo("ws:default", v6, "alice", null, "dev-1", "CN=dev-1");
    assertThat(six.remoteAddress()).isEqualTo("[0:0:0:0:0:0:0:1]:5000");
    assertThat(six.peerHost()).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(six.certUsername()).isEqualTo("alice");
    assertThat(six.certCommonName()).isEqualTo("dev-1");
  }

  @Test
  void anIpv4MappedSocketAddressIsItsIpv4Address() throws Exception {
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 10, 0, 0, 7};
    InetAddress a = java.net.Inet6Address.getByAddress(null, mapped, -1);
    ConnectionInfo i = new ConnectionInfo("tcp:default", new InetSocketAddress(a, 5000), null, null, null, null);
    assertThat(i.peerHost()).isEqualTo("10.0.0.7");
    assertThat(i.remoteAddress()).isEqualTo("10.0.0.7:5000");
  }
}
