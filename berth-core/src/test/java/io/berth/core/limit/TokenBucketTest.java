package io.berth.core.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  final AtomicLong now = new AtomicLong(1_000_000_000L);

  int takes(TokenBucket b, int tries) {
    int n = 0;
    for (int i = 0; i < tries; i++) {
      n += b.tryTake() ? 1 : 0;
    }
    return n;
  }

  @Test
  void aFullBucketGivesItsBurstThenOneTokenPerInterval() {
    TokenBucket b = new TokenBucket(10, 5, now::get);
    assertThat(takes(b, 20)).isEqualTo(5);
    now.addAndGet(100_000_000); // 100 ms: one token at 10/s
    assertThat(takes(b, 3)).isEqualTo(1);
    now.addAndGet(50_000_000);
    assertThat(b.tryTake()).isFalse();
    now.addAndGet(50_000_000);
    assertThat(b.tryTake()).isTrue();
  }

  @Test
  void anIdleBucketRefillsOnlyToItsBurst() {
    TokenBucket b = new TokenBucket(2, 2, now::get);
    assertThat(takes(b, 10)).isEqualTo(2);
    now.addAndGet(3_600_000_000_000L); // an hour
    assertThat(takes(b, 10)).isEqualTo(2);
  }

  @Test
  void fractionalRates() {
    TokenBucket b = new TokenBucket(0.5, 1, now::get); // one every two seconds
    assertThat(b.tryTake()).isTrue();
    now.addAndGet(1_999_000_000L);
    assertThat(b.tryTake()).isFalse();
    now.addAndGet(1_000_000L);
    assertThat(b.tryTake()).isTrue();
  }

  @Test
  void manyThreadsNeverTakeMoreThanTheBurst() throws Exception {
    TokenBucket b = new TokenBucket(1, 100, now::get); // the clock stands still: exactly 100 tokens
    AtomicLong taken = new AtomicLong();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> taken.addAndGet(takes(b, 1000)));
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(taken.get()).isEqualTo(100);
  }
}
