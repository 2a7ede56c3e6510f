package io.berth.core.security.acl;

import static io.berth.core.security.Authorizer.Action.PUBLISH;
import static io.berth.core.security.Authorizer.Action.SUBSCRIBE;
import static io.berth.core.security.acl.Clients.superuser;
import static io.berth.core.security.acl.Clients.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.core.security.Authorizer;
import io.berth.core.security.ClientIdentity;
import io.berth.core.security.acl.AuthorizationSettings.CacheSettings;
import io.berth.core.security.acl.AuthorizationSettings.DenyAction;
import io.berth.core.security.acl.AuthorizationSettings.NoMatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-client decision cache: hits, keys, LRU bound, TTL, and invalidation by version or chain. */
class AuthzCacheTest {
  private static final ClientIdentity BOB = user("bob");

  /** Counts questions and answers from rules it can switch, with a version to bump. */
  private static final class CountingSource implements Authorizer {
    int asked;
    long version = 1;
    Decision answer = Decision.ALLOW;

    @Override
    public Decision check(ClientIdentity client, Action action, String topic, int qos, boolean retain) {
      asked++;
      return topic.startsWith("deny") ? Decision.DENY : answer;
    }

    @Override
    public long version() {
      return version;
    }
  }

  private final CountingSource source = new CountingSource();

  @Test
  void aRepeatedRequestIsAnsweredFromTheCache() {
    AuthorizationChain chain = chain(32, Duration.ofMinutes(1));
    AuthzCache cache = chain.newCache();
    assertThat(chain.allows(BOB, PUBLISH, "t/1", 1, false, cache, 0)).isTrue();
    assertThat(chain.allows(BOB, PUBLISH, "t/1", 1, false, cache, 10)).isTrue();
    assertThat(chain.allows(BOB, PUBLISH, "deny/1", 1, false, cache, 20)).isFalse();
    assertThat(chain.allows(BOB, PUBLISH, "deny/1", 1, false, cache, 30)).isFalse();
    assertThat(source.asked).isEqualTo(2);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void actionQosAndRetainArePartOfTheKey() {
    AuthorizationChain chain = chain(32, Duration.ofMinutes(1));
    AuthzCache cache = chain.newCache();
    chain.allows(BOB, PUBLISH, "t", 0, false, cache, 0);
    chain.allows(BOB, PUBLISH, "t", 1, false, cache, 0);
    chain.allows(BOB, PUBLISH, "t", 1, true, cache, 0);
    chain.allows(BOB, SUBSCRIBE, "t", 1, false, cache, 0);
    chain.allows(BOB, PUBLISH, "u", 1, false, cache, 0);
    assertThat(source.asked).isEqualTo(5);
    chain.allows(BOB, PUBLISH, "t", 1, true, cache, 0);
    chain.allows(BOB, SUBSCRIBE, "t", 1, false, cache, 0);
    assertThat(source.asked).isEqualTo(5);
  }

  @Test
  void boundedLeastRecentlyUsedGoesFirst() {
    AuthorizationChain chain = chain(3, Duration.ofMinutes(1));
    AuthzCache cache = chain.newCache();
    chain.allows(BOB, PUBLISH, "a", 0, false, cache, 0);
    chain.allows(BOB, PUBLISH, "b", 0, false, cache, 0);
    chain.allows(BOB, PUBLISH, "c", 0, false, cache, 0);
    chain.allows(BOB, PUBLISH, "a", 0, false, cache, 0); // a is now the most recent; b the least
    chain.allows(BOB, PUBLISH, "d", 0, false, cache, 0); // evicts b
    assertThat(cache.size()).isEqualTo(3);
    int asked = source.asked;
    chain.allows(BOB, PUBLISH, "a", 0, false, cache, 0);
    chain.allows(BOB, PUBLISH, "c", 0, false, cache, 0);
    chain.allows(BOB, PUBLISH, "d", 0, false, cache, 0);
    assertThat(source.asked).isEqualTo(asked);
    chain.allows(BOB, PUBLISH, "b", 0, false, cache, 0);
    assertThat(source.asked).isEqualTo(asked + 1);
  }

  @Test
  void entriesExpireAfterTheTtl() {
    AuthorizationChain chain = chain(32, Duration.ofSeconds(10));
    AuthzCache cache = chain.newCache();
    chain.allows(BOB, PUBLISH, "t", 0, false, cache, 1_000);
    chain.allows(BOB, PUBLISH, "t", 0, false, cache, 10_999);
    assertThat(source.asked).isEqualTo(1);
    source.answer = Authorizer.Decision.DENY;
    assertThat(chain.allows(BOB, PUBLISH, "t", 0, false, cache, 11_000)).isFalse(); // asked again
    assertThat(source.asked).isEqualTo(2);
  }

  @Test
  void aNewVersionDropsEverything() {
    AuthorizationChain chain = chain(32, Duration.ofMinutes(1));
    AuthzCache cache = chain.newCache();
    assertThat(chain.allows(BOB, PUBLISH, "t", 0, false, cache, 0)).isTrue();
    source.answer = Authorizer.Decision.DENY;
    source.version = 2;
    assertThat(chain.allows(BOB, PUBLISH, "t", 0, false, cache, 1)).isFalse();
    assertThat(source.asked).isEqualTo(2);
  }

  @Test
  void anotherChainDropsEverything() {
    AuthorizationChain before = chain(32, Duration.ofMinutes(1));
    AuthzCache cache = before.newCache();
    before.allows(BOB, PUBLISH, "t", 0, false, cache, 0);
    source.answer = Authorizer.Decision.NO_MATCH; // the new chain's no_match = deny decides
    AuthorizationChain after = new AuthorizationChain(List.of(source), AuthorizationSettings.defaults());
    assertThat(after.allows(BOB, PUBLISH, "t", 0, false, cache, 1)).isFalse();
  }

  @Test
  void aReloadedFileInvalidatesCachedDecisions(@TempDir Path dir) throws Exception {
    Path p = Files.writeString(dir.resolve("acl.conf"), "{allow, all, publish, [\"t/#\"]}.\n");
    AclFile acl = AclFile.load(p, AclFormat.AUTO);
    AuthorizationChain chain = new AuthorizationChain(List.of(acl), AuthorizationSettings.defaults());
    AuthzCache cache = chain.newCache();
    assertThat(chain.allows(BOB, PUBLISH, "t/1", 0, false, cache, 0)).isTrue();
    Files.writeString(p, "{deny, all, publish, [\"t/#\"]}.\n");
    acl.reloadIfChanged();
    assertThat(chain.allows(BOB, PUBLISH, "t/1", 0, false, cache, 1)).isFalse();
  }

  @Test
  void superusersAndDisabledCachesSkipIt() {
    AuthorizationChain chain = chain(32, Duration.ofMinutes(1));
    AuthzCache cache = chain.newCache();
    chain.allows(superuser("root"), PUBLISH, "deny/x", 0, false, cache, 0);
    assertThat(cache.size()).isZero();
    assertThat(source.asked).isZero();
    AuthorizationChain uncached = new AuthorizationChain(List.of(source), new AuthorizationSettings(NoMatch.DENY,
        DenyAction.IGNORE, true, new CacheSettings(false, 32, Duration.ofMinutes(1))));
    assertThat(uncached.newCache()).isNull();
    uncached.allows(BOB, PUBLISH, "t", 0, false, null, 0);
    uncached.allows(BOB, PUBLISH, "t", 0, false, null, 0);
    assertThat(source.asked).isEqualTo(2);
  }

  @Test
  void aCachedHitAllocatesNothing(@TempDir Path dir) throws Exception {
    Path p = Files.writeString(dir.resolve("acl.conf"), "{allow, all, publish, [\"t/${clientid}/#\"]}.\n");
    AuthorizationChain chain = new AuthorizationChain(List.of(AclFile.load(p, AclFormat.AUTO)),
        AuthorizationSettings.defaults());
    AuthzCache cache = chain.newCache();
    String topic = "t/c-bob/temperature";
    assertThat(chain.allows(BOB, PUBLISH, topic, 1, false, cache, 0)).isTrue();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    boolean all = true;
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 100_000; i++) {
      all &= chain.allows(BOB, PUBLISH, topic, 1, false, cache, i);
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertThat(all).isTrue();
    assertThat(allocated).as("bytes allocated by 100,000 cached hits").isLessThan(1_000);
  }

  @Test
  void clearForgets() {
    AuthorizationChain chain = chain(32, Duration.ofMinutes(1));
    AuthzCache cache = chain.newCache();
    chain.allows(BOB, PUBLISH, "t", 0, false, cache, 0);
    cache.clear();
    chain.allows(BOB, PUBLISH, "t", 0, false, cache, 0);
    assertThat(source.asked).isEqualTo(2);
    assertThat(cache.capacity()).isEqualTo(32);
  }

  private AuthorizationChain chain(int maxSize, Duration ttl) {
    return new AuthorizationChain(List.of(source), new AuthorizationSettings(NoMatch.DENY, DenyAction.IGNORE, true,
        new CacheSettings(true, maxSize, ttl)));
  }
}
