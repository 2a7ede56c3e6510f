package io.berth.core.security.ban;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.core.net.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BanListTest {
  final AtomicLong now = new AtomicLong(1_700_000_000_000L);
  final BanList bans = BanList.inMemory(now::get);

  Ban ban(BanKind kind, String value, long forMillis) {
    return Ban.of(kind, value, "test", "tester", now.get(), forMillis < 0 ? Ban.FOREVER : now.get() + forMillis);
  }

  @Test
  void eachKindMatchesWhatItShould() {
    bans.add(ban(BanKind.CLIENTID, "dev-1", -1));
    bans.add(ban(BanKind.USERNAME, "mallory", -1));
    bans.add(ban(BanKind.PEERHOST, "203.0.113.9", -1));
    bans.add(ban(BanKind.CIDR, "198.51.100.0/24", -1));
    bans.add(ban(BanKind.CLIENTID_RE, "^evil-[0-9]+$", -1));
    bans.add(ban(BanKind.USERNAME_RE, "bot", -1));

    assertThat(bans.check("dev-1", null, "10.0.0.1:1").map(Ban::kind)).contains(BanKind.CLIENTID);
    assertThat(bans.check("dev-2", null, "10.0.0.1:1")).isEmpty();
    assertThat(bans.check("x", "mallory", "10.0.0.1")).map(Ban::kind).contains(BanKind.USERNAME);
    assertThat(bans.check("x", "mallory2", "10.0.0.1")).isEmpty();
    assertThat(bans.check("x", null, "203.0.113.9:4000")).map(Ban::kind).contains(BanKind.PEERHOST);
    assertThat(bans.check("x", null, "198.51.100.77:4000")).map(Ban::kind).contains(BanKind.CIDR);
    assertThat(bans.check("evil-42", null, "10.0.0.1")).map(Ban::kind).contains(BanKind.CLIENTID_RE);
    assertThat(bans.check("evil-42x", null, "10.0.0.1")).isEmpty(); // anchored by the operator
    assertThat(bans.check("x", "a-bot-b", "10.0.0.1")).map(Ban::kind).contains(BanKind.USERNAME_RE); // unanchored
    assertThat(bans.check("x", "human", "unix:/tmp/s")).isEmpty();

    assertThat(bans.isAddressBanned(Cidr.parseAddress("203.0.113.9"))).isTrue();
    assertThat(bans.isAddressBanned(Cidr.parseAddress("::ffff:203.0.113.9"))).isTrue();
    assertThat(bans.isAddressBanned(Cidr.parseAddress("198.51.100.1"))).isTrue();
    assertThat(bans.isAddressBanned(Cidr.parseAddress("198.51.101.1"))).isFalse();
    assertThat(bans.list()).hasSize(6);
  }

  @Test
  void ipv6AddressesAndNetworks() {
    bans.add(ban(BanKind.PEERHOST, "2001:db8::7", -1));
    bans.add(ban(BanKind.CIDR, "2001:db8:1::/48", -1));
    assertThat(bans.isAddressBanned(Cidr.parseAddress("2001:0db8:0:0::7"))).isTrue();
    assertThat(bans.isAddressBanned(Cidr.parseAddress("2001:db8:1:ffff::1"))).isTrue();
    assertThat(bans.isAddressBanned(Cidr.parseAddress("2001:db8:2::1"))).isFalse();
    assertThat(bans.check("c", null, "[2001:db8::7]:1883")).isPresent();
  }

  @Test
  void expiredBansStopMatchingAndAreRemoved() {
    bans.add(ban(BanKind.PEERHOST, "203.0.113.9", 60_000));
    bans.add(ban(BanKind.CIDR, "203.0.113.0/24", 120_000));
    bans.add(ban(BanKind.CLIENTID, "c", 60_000));
    now.addAndGet(60_000);
    // the exact-address ban has ended, the network one still holds the address
    assertThat(bans.isAddressBanned(Cidr.parseAddress("203.0.113.9"))).isTrue();
    assertThat(bans.check("c", null, null)).isEmpty();
    assertThat(bans.list()).extracting(Ban::kind).containsExactly(BanKind.CIDR);
    now.addAndGet(60_000);
    assertThat(bans.isAddressBanned(Cidr.parseAddress("203.0.113.9"))).isFalse();
    assertThat(bans.sweep()).isZero(); // the lookup removed it already
  }

  @Test
  void sweepRemovesExpiredBans() {
    bans.add(ban(BanKind.USERNAME, "u", 1000));
    bans.add(ban(BanKind.USERNAME, "v", -1));
    now.addAndGet(1000);
    assertThat(bans.sweep()).isEqualTo(1);
    assertThat(bans.list()).extracting(Ban::value).containsExactly("v");
  }

  @Test
  void removeUsesTheCanonicalValue() {
    bans.add(ban(BanKind.CIDR, "10.1.2.3/8", -1));
    assertThat(bans.list().get(0).value()).isEqualTo("10.0.0.0/8");
    assertThat(bans.remove(BanKind.CIDR, "10.9.9.9/8")).isTrue();
    assertThat(bans.remove(BanKind.CIDR, "10.0.0.0/8")).isFalse();
    assertThat(bans.isAddressBanned(Cidr.parseAddress("10.0.0.1"))).isFalse();
  }

  @Test
  void addingAgainReplacesTheBan() {
    bans.add(ban(BanKind.CLIENTID, "c", 1000));
    bans.add(ban(BanKind.CLIENTID, "c", -1));
    assertThat(bans.list()).singleElement().extracting(Ban::untilMillis).isEqualTo(Ban.FOREVER);
  }

  @Test
  void listenersHearOfEveryBan() {
    List<Ban> heard = new ArrayList<>();
    bans.addListener(heard::add);
    Ban b = ban(BanKind.PEERHOST, "10.0.0.1", -1);
    bans.add(b);
    assertThat(heard).containsExactly(b);
  }

  @Test
  void badValuesAreRefusedWithAReason() {
    assertThatThrownBy(() -> ban(BanKind.PEERHOST, "10.0.0.0/8", -1)).hasMessageContaining("IP address");
    assertThatThrownBy(() -> ban(BanKind.CIDR, "10.0.0.0/40", -1)).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> ban(BanKind.CLIENTID_RE, "(", -1)).hasMessageContaining("regular expression");
    assertThatThrownBy(() -> BanKind.parse("ip")).hasMessageContaining("clientid, username, peerhost, cidr,"
        + " clientid_re or username_re");
    assertThat(BanKind.parse("peerhost_net")).isEqualTo(BanKind.CIDR);
  }

  @Test
  void changesAreSavedOncePerRunOnTheSaver() {
    List<Runnable> queued = new ArrayList<>();
    List<List<Ban>> saved = new ArrayList<>();
    BanStore store = new BanStore() {
      @Override
      public List<Ban> load() {
        return List.of();
      }

      @Override
      public void save(List<Ban> b) {
        saved.add(b);
      }
    };
    BanList list = new BanList(store, now::get, queued::add, w -> { });
    list.add(ban(BanKind.CLIENTID, "a", -1));
    list.add(ban(BanKind.CLIENTID, "b", -1));
    list.remove(BanKind.CLIENTID, "a");
    assertThat(queued).hasSize(1);
    queued.get(0).run();
    assertThat(saved).singleElement().satisfies(b -> assertThat(b).extracting(Ban::value).containsExactly("b"));
    list.add(ban(BanKind.CLIENTID, "c", -1));
    assertThat(queued).hasSize(2);
  }

  @Test
  void aFailedSaveIsReportedAndTheBanStays() {
    List<String> warnings = new ArrayList<>();
    BanStore broken = new BanStore() {
      @Override
      public List<Ban> load() {
        return List.of();
      }

      @Override
      public void save(List<Ban> b) throws java.io.IOException {
        throw new java.io.IOException("disk full");
      }
    };
    BanList list = new BanList(broken, now::get, Runnable::run, warnings::add);
    list.add(ban(BanKind.CLIENTID, "a", -1));
    assertThat(warnings).singleElement().asString().contains("disk full");
    assertThat(list.check("a", null, null)).isPresent();
  }
}
