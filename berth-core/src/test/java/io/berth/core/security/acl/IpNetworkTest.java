package io.berth.core.security.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Address networks of {ipaddr, ...} rules, IPv4 and IPv6. */
class IpNetworkTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "127.0.0.1, 127.0.0.1, true",
    "127.0.0.1, 127.0.0.2, false",
    "10.0.0.0/8, 10.255.1.2, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "192.168.1.128/25, 192.168.1.200, true",
    "192.168.1.128/25, 192.168.1.100, false",
    "0.0.0.0/0, 203.0.113.9, true",
    "0.0.0.0/0, ::1, false", // an IPv4 network holds no IPv6 address
    "::1, ::1, true",
    "::1/128, 0:0:0:0:0:0:0:1, true",
    "2001:db8::/32, 2001:db8:1::5, true",
    "2001:db8::/32, 2001:db9::5, false",
    "fe80::/10, fe80::1%eth0, true", // the zone does not matter
    "10.0.0.0/8, ::ffff:10.1.1.1, true", // an IPv4-mapped address is the IPv4 address
    "10.0.0.0/8, [::ffff:10.1.1.1], true",
  })
  void containment(String network, String address, boolean expected) {
    assertThat(IpNetwork.parse(network).contains(IpNetwork.parseAddress(address))).isEqualTo(expected);
  }

  @ParameterizedTest // never resolved: a host name is not an address
  @ValueSource(strings = {"localhost", "example.com", "999.1.1.1", "1.2.3", "1.2.3.4.5", "g::1", "", "1.2.3.-4"})
  void notAddresses(String text) {
    assertThat(IpNetwork.parseAddress(text)).isNull();
  }

  @Test
  void badNetworksSayWhy() {
    assertThatThrownBy(() -> IpNetwork.parse("10.0.0.0/33"))
        .hasMessage("the prefix length of '10.0.0.0/33' must be 0..32");
    assertThatThrownBy(() -> IpNetwork.parse("::/129")).hasMessage("the prefix length of '::/129' must be 0..128");
    assertThatThrownBy(() -> IpNetwork.parse("intranet")).hasMessage("'intranet' is not an IP address or network");
  }

  @Test
  void aMissingAddressIsInNoNetwork() {
    assertThat(IpNetwork.parse("0.0.0.0/0").contains(null)).isFalse();
  }
}
