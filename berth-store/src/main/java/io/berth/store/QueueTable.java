package io.berth.store;

/** Writes the queue and in-flight entries of persistent sessions ({@link Table#QUEUE}). */
public final class QueueTable {
  private final StoreWriter writer;

  QueueTable(StoreWriter writer) {
    this.writer = writer;
  }

  /** Adds or updates an entry (a new state or packet id overwrites the old one). */
  public void put(QueueEntry e, StoreWriter.Completion done) {
    byte[] key = e.key();
    byte[] value = e.value();
    writer.submit((batch, store) -> batch.put(store.cf(Table.QUEUE), key, value), done);
  }

  public void remove(String clientId, long seq) {
    byte[] key = Keys.clientSeq(clientId, seq);
    writer.submit((batch, store) -> batch.delete(store.cf(Table.QUEUE), key), null);
  }
}
