package io.berth.codec;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.berth.codec.packet.MqttPacket;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Randomized tests as plain JUnit dynamic tests: a {@code @TestFactory} returns {@link #of}, which makes {@code count}
 * cases; case {@code i} has seed {@code base + i} and draws its input from a {@link SplittableRandom} built from that
 * seed and the test's key (so two tests with the same seeds still see different inputs). The base seed is fixed, so
 * every run checks the same inputs; a failure names its seed and its input.
 *
 * <p>System properties, for longer or different local runs:
 *
 * <ul>
 *   <li>{@code -Dberth.random.seed=N} sets the base seed (decimal, or hex with {@code 0x}); {@code random} picks a new
 *       one, which the test names show. Default {@link #DEFAULT_SEED}.
 *   <li>{@code -Dberth.random.count=N} sets the number of cases of every randomized test, instead of each test's own
 *       default (1000 per version for the round trip, 300 per direction and version for the Netty oracle, 300 streams).
 * </ul>
 *
 * <p>To rerun one failing case, pass its seed with count 1:
 * {@code mvn -pl berth-codec verify -Dtest=RoundTripTest -Dberth.random.seed=1234 -Dberth.random.count=1}.
 * Many cases: {@code -Dberth.random.count=100000 -Dberth.random.seed=random -Dtest='RoundTripTest,NettyOracleTest'}.
 */
final class RandomCases {
  static final long DEFAULT_SEED = 20_261_129L;
  static final String SEED_PROPERTY = "berth.random.seed";
  static final String COUNT_PROPERTY = "berth.random.count";

  private static final int MAX_MESSAGE_CHARS = 1000;
  private static final long BASE_SEED = baseSeed();

  private RandomCases() {}

  private static long baseSeed() {
    String s = System.getProperty(SEED_PROPERTY, "").trim();
    if (s.isEmpty()) {
      return DEFAULT_SEED;
    }
    if (s.equalsIgnoreCase("random")) {
      return new SplittableRandom().nextLong(1L << 48);
    }
    return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
  }

  /** The number of cases: {@code -Dberth.random.count} when set, else {@code dflt}. */
  static int count(int dflt) {
    String s = System.getProperty(COUNT_PROPERTY, "").trim();
    return s.isEmpty() ? dflt : Integer.parseInt(s);
  }

  /**
   * {@link #count(int) count(defaultCount)} dynamic tests named "seed N: label": each generates its input from its own
   * random state and runs {@code check} on it; a failure is rethrown with the seed and the input in its message.
   *
   * @param key tells this test's random stream apart from other tests' with the same seeds
   */
  static <T> Stream<DynamicTest> of(
      String key, int defaultCount, Function<SplittableRandom, T> generator, ThrowingConsumer<? super T> check) {
    return of(key, defaultCount, generator, RandomCases::label, check);
  }

  /** As {@link #of(String, int, Function, ThrowingConsumer)}, with {@code label} naming each case after its input. */
  static <T> Stream<DynamicTest> of(
      String key,
      int defaultCount,
      Function<SplittableRandom, T> generator,
      Function<? super T, String> label,
      ThrowingConsumer<? super T> check) {
    long salt = new SplittableRandom(key.hashCode()).nextLong();
    return LongStream.range(0, count(defaultCount))
        .mapToObj(
            i -> {
              long seed = BASE_SEED + i;
              T input;
              try {
                input = generator.apply(new SplittableRandom(seed ^ salt));
              } catch (RuntimeException e) {
                return dynamicTest("seed " + seed, () -> {
                  throw new AssertionError(header(key, seed) + "the generator failed", e);
                });
              }
              return dynamicTest("seed " + seed + ": " + label.apply(input), () -> {
                try {
                  check.accept(input);
                } catch (AssertionError | RuntimeException e) {
                  throw new AssertionError(header(key, seed) + abbreviate(String.valueOf(input)), e);
                }
              });
            });
  }

  private static String header(String key, long seed) {
    return key + ", seed " + seed + " (rerun: -D" + SEED_PROPERTY + "=" + seed + " -D" + COUNT_PROPERTY + "=1): ";
  }

  private static String label(Object input) {
    if (input instanceof MqttPacket p) {
      return p.getClass().getSimpleName();
    }
    return input.getClass().getSimpleName();
  }

  /** Keeps failure messages readable when a packet holds 65,535-byte strings; the seed regenerates it in full. */
  private static String abbreviate(String s) {
    if (s.length() <= MAX_MESSAGE_CHARS) {
      return s;
    }
    int half = MAX_MESSAGE_CHARS / 2;
    return s.substring(0, half) + " …(" + (s.length() - 2 * half) + " chars)… " + s.substring(s.length() - half);
  }
}
