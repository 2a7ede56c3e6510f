package io.berth.bench;

/**
 * Counts what one subscriber received of one publisher's numbered messages (sequence numbers 0, 1, 2, ...): gaps
 * (lost), duplicates and late arrivals. The last {@value #WINDOW} sequence numbers are remembered in a ring of bits,
 * so a message that arrives late fills its gap instead of being counted twice; one older than that is counted as a
 * duplicate. Not thread-safe: one subscriber's event loop owns it.
 */
public final class SequenceTracker {
  static final int WINDOW = 1024;

  private final long[] seen = new long[WINDOW / 64];
  private long next;
  private long received;
  private long duplicates;
  private long gaps;
  private long late;

  public void record(long seq) {
    received++;
    if (seq < 0) {
      duplicates++; // not a sequence number of ours: counted, never trusted
    } else if (seq == next) {
      mark(seq);
      next++;
    } else if (seq > next) {
      long skipped = seq - next;
      gaps += skipped;
      for (long s = next; s < seq && s < next + WINDOW; s++) {
        clear(s);
      }
      mark(seq);
      next = seq + 1;
    } else if (next - seq > WINDOW || isMarked(seq)) {
      duplicates++;
    } else {
      mark(seq); // it was counted as a gap: it arrived after all
      gaps--;
      late++;
    }
  }

  /** Messages received, duplicates included. */
  public long received() {
    return received;
  }

  /** Distinct messages received. */
  public long unique() {
    return received - duplicates;
  }

  public long duplicates() {
    return duplicates;
  }

  /** Messages that arrived after a higher sequence number (out of order). */
  public long late() {
    return late;
  }

  /** Lost of {@code sent} messages: the gaps so far plus what never arrived after the highest one received. */
  public long lost(long sent) {
    return gaps + Math.max(0, sent - next);
  }

  private void mark(long seq) {
    int bit = (int) (seq % WINDOW);
    seen[bit >>> 6] |= 1L << bit;
  }

  private void clear(long seq) {
    int bit = (int) (seq % WINDOW);
    seen[bit >>> 6] &= ~(1L << bit);
  }

  private boolean isMarked(long seq) {
    int bit = (int) (seq % WINDOW);
    return (seen[bit >>> 6] & (1L << bit)) != 0;
  }
}
