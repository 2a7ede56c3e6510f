package io.berth.server.api.tester;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * Where the self-test connects for a listener's bind address: a wildcard bind is reached on loopback of its family
 * (the integration tests bind only to loopback, so this is checked here rather than with a listener on 0.0.0.0).
 */
class SelfTestAddressTest {
  @Test
  void aWildcardBindIsReachedOnTheLoopbackOfItsFamily() throws Exception {
    assertThat(SelfTest.reachable(InetAddress.getByName("0.0.0.0")).getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(SelfTest.reachable(InetAddress.getByName("::"))).isEqualTo(InetAddress.getByName("::1"));
  }

  @Test
  void aSpecificBindIsReachedWhereItIs() throws Exception {
    InetAddress a = InetAddress.getByName("127.0.0.7");
    assertThat(SelfTest.reachable(a)).isSameAs(a);
    InetAddress v6 = InetAddress.getByName("::1");
    assertThat(SelfTest.reachable(v6)).isSameAs(v6);
  }
}
