package io.berth.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CidrTest {
  static InetAddress ip(String s) {
    return Cidr.parseAddress(s);
  }

  @ParameterizedTest
  @CsvSource({
      "10.0.0.0/8, 10.255.255.255, true",
      "10.0.0.0/8, 11.0.0.0, false",
      "10.0.0.0/8, 9.255.255.255, false",
      "192.168.1.0/25, 192.168.1.127, true",
      "192.168.1.0/25, 192.168.1.128, false",
      "0.0.0.0/0, 203.0.113.9, true",
      "0.0.0.0/0, ::1, false",
      "127.0.0.1, 127.0.0.1, true",
      "127.0.0.1, 127.0.0.2, false",
      "127.0.0.1/32, ::ffff:127.0.0.1, true",
      "::1, ::1, true",
      "::1/128, ::2, false",
      "2001:db8::/32, 2001:db8:ffff::1, true",
      "2001:db8::/33, 2001:db8:8000::1, false",
      "fe80::/10, febf::1, true",
      "fe80::/10, fec0::1, false",
      "::/0, 10.0.0.1, false",
  })
  void contains(String cidr, String address, boolean expected) {
    assertThat(Cidr.parse(cidr).contains(ip(address))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "::/129", "10.0.0", "10.0.0.0.0", "example.com", "10.0.0.0/x", "256.0.0.1",
      "", "1.2.3.4/"})
  void refusesWhatIsNotANetwork(String s) {
    assertThatThrownBy(() -> Cidr.parse(s)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "255.255.255.255", "10.20.30.40", "192.168.1.200"})
  void readsDottedQuadsAsTheResolverWould(String s) throws Exception {
    assertThat(ip(s)).isEqualTo(InetAddress.getByName(s));
    assertThat(ip(s).getHostAddress()).isEqualTo(s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.3.4.", ".1.2.3.4", "1..2.3", "1.2.3.4.5", "1.2.3.1000", "300.1.1.1", "1.2.3.-4"})
  void refusesBrokenDottedQuads(String s) {
    assertThatThrownBy(() -> ip(s)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void canonicalClearsHostBits() {
    assertThat(Cidr.parse("10.1.2.3/8").canonical().text()).isEqualTo("10.0.0.0/8");
    assertThat(Cidr.parse("192.168.1.200/25").canonical().text()).isEqualTo("192.168.1.128/25");
    assertThat(Cidr.parse("2001:db8::1/32").canonical().text()).isEqualTo("2001:db8:0:0:0:0:0:0/32");
    assertThat(Cidr.parse("127.0.0.1").canonical().text()).isEqualTo("127.0.0.1/32");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "10.0.0.7|10.0.0.7",
      "10.0.0.7:51234|10.0.0.7",
      "[::1]:51234|0:0:0:0:0:0:0:1",
      "::1|0:0:0:0:0:0:0:1",
      "[::ffff:10.0.0.7]:1883|10.0.0.7",
  })
  void hostOfAPeer(String peer, String host) {
    assertThat(Cidr.hostOf(peer).getHostAddress()).isEqualTo(host);
  }

  @Test
  void aUnixPeerHasNoHost() {
    assertThat(Cidr.hostOf("unix:/run/berth/mqtt.sock")).isNull();
    assertThat(Cidr.hostOf(null)).isNull();
  }
}
