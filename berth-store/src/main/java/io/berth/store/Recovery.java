package io.berth.store;

import io.berth.core.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Reads the session queues and the messages they reference at start-up, before the writer runs: rebuilds the
 * reference counts, and deletes the messages no entry references any more (orphans left by a crash between a
 * message's last release and its delete, or by a store without holders).
 */
final class Recovery {
  /**
   * @param entries every queue/in-flight entry, by client then sequence (the order they were queued)
   * @param messages the messages they reference, by id; the caller owns (and eventually releases) them
   * @param holders references per message id
   * @param nextMessageId above every id in use
   */
  record Result(List<QueueEntry> entries, Map<Long, Message> messages, Map<Long, Integer> holders,
      long nextMessageId, int orphansDeleted, int danglingEntries) {}

  private Recovery() {}

  static Result run(RocksStore store) throws RocksDBException {
    List<QueueEntry> entries = new ArrayList<>();
    Map<Long, Integer> holders = new HashMap<>();
    try (RocksIterator it = store.iterator(Table.QUEUE)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        QueueEntry e = QueueEntry.decode(it.key(), it.value());
        entries.add(e);
        holders.merge(e.messageId(), 1, Integer::sum);
      }
    }
    Map<Long, Message> messages = new HashMap<>();
    long maxId = 0;
    int orphans = 0;
    try (RocksIterator it = store.iterator(Table.MESSAGES);
        WriteBatch deletes = new WriteBatch();
        WriteOptions sync = new WriteOptions().setSync(true)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        long id = Keys.messageId(it.key());
        maxId = Math.max(maxId, id);
        if (holders.containsKey(id)) {
          messages.put(id, MessageCodec.decode(it.value()));
        } else {
          deletes.delete(store.cf(Table.MESSAGES), it.key());
          orphans++;
        }
      }
      int dangling = dropDangling(store, entries, messages, holders, deletes);
      store.write(sync, deletes);
      return new Result(entries, messages, holders, maxId + 1, orphans, dangling);
    }
  }

  /** Entries whose message is gone cannot be delivered: deleted (a store written by this code never has them). */
  private static int dropDangling(RocksStore store, List<QueueEntry> entries, Map<Long, Message> messages,
      Map<Long, Integer> holders, WriteBatch deletes) throws RocksDBException {
    int dangling = 0;
    for (var i = entries.iterator(); i.hasNext(); ) {
      QueueEntry e = i.next();
      if (!messages.containsKey(e.messageId())) {
        deletes.delete(store.cf(Table.QUEUE), e.key());
        holders.remove(e.messageId());
        i.remove();
        dangling++;
      }
    }
    return dangling;
  }
}
