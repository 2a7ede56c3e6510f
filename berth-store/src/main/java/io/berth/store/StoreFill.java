package io.berth.store;

import io.berth.codec.MqttProperties;
import io.berth.core.Message;
import io.berth.core.router.SubscriptionEntry;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.util.Arrays;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Fills a data directory with synthetic persistent sessions, as a broker would have left them: for sizing and for
 * measuring recovery (the restart-time tool in berth-it, docs/durability.md). Each session {@code <prefix><i>} never
 * expires, is offline, subscribes to {@code restart/<i>/#} at QoS 1 and has {@code perSession} QoS 1 messages
 * queued, each stored once with a {@code payloadBytes} payload. Writes go straight to RocksDB in large unsynced
 * batches, then the store is closed (flushed).
 */
public final class StoreFill {
  /** Records per write batch. */
  private static final int BATCH = 20_000;

  private StoreFill() {}

  /** What was written. */
  public record Filled(int sessions, long queued, long bytesWritten) {}

  public static Filled fill(Path dir, String prefix, int sessions, int perSession, int payloadBytes, long nowMillis)
      throws StoreException, RocksDBException {
    if (sessions < 1 || perSession < 0 || payloadBytes < 0) {
      throw new IllegalArgumentException("sessions >= 1, perSession >= 0, payloadBytes >= 0");
    }
    byte[] payload = new byte[payloadBytes];
    Arrays.fill(payload, (byte) 'x');
    long seq = 1;
    long messageId = 1;
    long bytes = 0;
    try (RocksStore store = RocksStore.open(dir);
        WriteOptions options = new WriteOptions().setSync(false)) {
      WriteBatch batch = new WriteBatch();
      try {
        for (int i = 0; i < sessions; i++) {
          String client = prefix + i;
          byte[] session = new SessionRecord(client, SessionRecord.NEVER_EXPIRES, nowMillis).value();
          batch.put(store.cf(Table.SESSIONS), Keys.client(client), session);
          String filter = "restart/" + i + "/#";
          batch.put(store.cf(Table.SUBSCRIPTIONS), SubscriptionRecord.key(client, filter),
              SubscriptionRecord.value(new SubscriptionEntry(null, filter, null, 1, false, false, 0)));
          for (int m = 0; m < perSession; m++) {
            Message msg = new Message("restart/" + i + "/" + m, Unpooled.wrappedBuffer(payload), 1, false,
                MqttProperties.NONE, "restart-publisher", 0);
            byte[] value = MessageCodec.encode(msg);
            batch.put(store.cf(Table.MESSAGES), Keys.messageId(messageId), value);
            QueueEntry e = new QueueEntry(client, seq++, messageId++, 1, false, new int[0], 0,
                QueueEntry.State.QUEUED);
            batch.put(store.cf(Table.QUEUE), e.key(), e.value());
            bytes += value.length;
          }
          if (batch.count() >= BATCH) {
            store.write(options, batch);
            batch.close();
            batch = new WriteBatch();
          }
        }
        store.write(options, batch);
      } finally {
        batch.close();
      }
    }
    return new Filled(sessions, (long) sessions * perSession, bytes);
  }
}
