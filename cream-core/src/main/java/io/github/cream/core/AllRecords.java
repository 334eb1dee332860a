package io.github.cream.core;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Every call of a snapshot as an unmodifiable list that reads them only when an element is asked for: its size is
 * the snapshot's call count, known from the index's cells. A watch's first update carries it, so a listener that
 * redraws from the snapshot never holds every call in memory.
 */
final class AllRecords extends AbstractList<PricedRecord> implements RandomAccess {

  private final UsageSnapshot snapshot;

  AllRecords(UsageSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  private List<PricedRecord> records() {
    return snapshot.records();
  }

  @Override
  public int size() {
    return (int) Math.min(Integer.MAX_VALUE, snapshot.totals().calls());
  }

  @Override
  public PricedRecord get(int index) {
    return records().get(index);
  }

  @Override
  public java.util.Iterator<PricedRecord> iterator() {
    return records().iterator();
  }

  @Override
  public Object[] toArray() {
    return records().toArray();
  }

  @Override
  public <T> T[] toArray(T[] a) {
    return records().toArray(a);
  }
}
