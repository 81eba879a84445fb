package io.akkaraft.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An immutable view of the log: indices {@code 1..lastIndex()}.
 *
 * <p>Views share one growable array, the way Go slices do: appending to the longest view writes in place
 * (amortized O(1)); appending to a shorter view, which only happens after a truncation, copies first, so no
 * view ever sees another's entries. That keeps the Raft rules pure without copying the log on every step.
 */
public final class RaftLog {

  private static final class Backing {
    LogEntry[] entries = new LogEntry[64];
    int used;
  }

  private static final RaftLog EMPTY = new RaftLog(new Backing(), 0);

  private final Backing backing;
  private final int size;

  private RaftLog(Backing backing, int size) {
    this.backing = backing;
    this.size = size;
  }

  public static RaftLog empty() {
    return EMPTY;
  }

  /** A log holding exactly {@code entries}, which must be numbered 1, 2, 3, ... */
  public static RaftLog of(List<LogEntry> entries) {
    return EMPTY.append(entries);
  }

  public long lastIndex() {
    return size;
  }

  public long lastTerm() {
    return termAt(size);
  }

  /** Term of the entry at {@code index}; 0 for index 0 (the empty prefix), -1 past the end. */
  public long termAt(long index) {
    if (index == 0) return 0;
    if (index < 0 || index > size) return -1;
    return backing.entries[(int) index - 1].term();
  }

  public LogEntry entry(long index) {
    if (index < 1 || index > size) {
      throw new IndexOutOfBoundsException("no entry " + index + " in log of " + size);
    }
    return backing.entries[(int) index - 1];
  }

  /** Entries {@code from..to} inclusive, as an unmodifiable list (empty when from > to). */
  public List<LogEntry> slice(long from, long to) {
    if (from > to) return List.of();
    if (from < 1 || to > size) {
      throw new IndexOutOfBoundsException("slice " + from + ".." + to + " of log of " + size);
    }
    return Collections.unmodifiableList(
        Arrays.asList(Arrays.copyOfRange(backing.entries, (int) from - 1, (int) to)));
  }

  /**
   * Entries from {@code from} on, at most {@code maxEntries} of them and at most {@code maxBytes} (but always
   * at least one when there is one, so that an entry larger than the byte bound still goes out).
   */
  public List<LogEntry> batchFrom(long from, int maxEntries, int maxBytes) {
    List<LogEntry> batch = new ArrayList<>();
    int bytes = 0;
    for (long i = from; i <= size && batch.size() < maxEntries; i++) {
      LogEntry entry = entry(i);
      bytes += entry.sizeBytes();
      if (!batch.isEmpty() && bytes > maxBytes) break;
      batch.add(entry);
    }
    return batch;
  }

  /** This log with {@code more} appended; their indices must continue this log's. */
  public RaftLog append(List<LogEntry> more) {
    if (more.isEmpty()) return this;
    for (int i = 0; i < more.size(); i++) {
      long expected = size + 1L + i;
      if (more.get(i).index() != expected) {
        throw new IllegalArgumentException("entry " + more.get(i) + " appended at index " + expected);
      }
    }
    Backing target = backing;
    if (backing.used != size || this == EMPTY) {
      // Someone appended past this (truncated) view: copy so their entries stay theirs. The shared static
      // EMPTY is never written: members on other threads all start from it.
      target = new Backing();
      target.entries = Arrays.copyOf(backing.entries, Math.max(64, size + more.size()));
      target.used = size;
    }
    int needed = size + more.size();
    if (needed > target.entries.length) {
      target.entries = Arrays.copyOf(target.entries, Math.max(needed, target.entries.length * 2));
    }
    for (int i = 0; i < more.size(); i++) {
      target.entries[size + i] = more.get(i);
    }
    target.used = needed;
    return new RaftLog(target, needed);
  }

  /** This log without the entries at {@code fromIndex} and after. */
  public RaftLog truncateFrom(long fromIndex) {
    if (fromIndex < 1 || fromIndex > size) {
      throw new IndexOutOfBoundsException("truncate from " + fromIndex + " in log of " + size);
    }
    return new RaftLog(backing, (int) fromIndex - 1);
  }

  /**
   * §3.6.1: a log whose last entry has {@code lastTerm}/{@code lastIndex} is at least as up-to-date as this
   * one when its last term is later, or equal with an index at least as large.
   */
  public boolean isUpToDateWith(long otherLastTerm, long otherLastIndex) {
    return otherLastTerm > lastTerm() || (otherLastTerm == lastTerm() && otherLastIndex >= lastIndex());
  }

  /** The first index holding {@code term}, walking back from {@code atIndex} (which holds that term). */
  public long firstIndexOfTerm(long term, long atIndex) {
    long index = atIndex;
    while (index > 1 && termAt(index - 1) == term) index--;
    return index;
  }

  /** The last index at or before {@code atOrBefore} that holds {@code term}, or 0 if none does. */
  public long lastIndexOfTerm(long term, long atOrBefore) {
    for (long index = Math.min(atOrBefore, size); index >= 1; index--) {
      long t = termAt(index);
      if (t == term) return index;
      if (t < term) return 0;
    }
    return 0;
  }

  /** All entries, oldest first (a copy). */
  public List<LogEntry> entries() {
    return slice(1, size);
  }

  @Override
  public String toString() {
    StringBuilder terms = new StringBuilder("[");
    for (long i = 1; i <= size; i++) terms.append(i > 1 ? " " : "").append(termAt(i));
    return terms.append("]").toString();
  }
}
