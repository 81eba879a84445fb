package io.akkaraft.sim;

import io.akkaraft.core.LogEntry;
import io.akkaraft.core.JournalEvent;
import io.akkaraft.persistence.JournalProtocol.Recovered;
import java.util.ArrayList;
import java.util.List;

/**
 * A member's stable storage: only writes that completed. Events are applied exactly as {@code RaftJournal}'s
 * event handler applies them, and a restart recovers exactly this through {@link #recovered()}.
 */
final class SimDisk {
  private long term;
  private String votedFor;
  private final List<LogEntry> entries = new ArrayList<>();

  static SimDisk of(long term, String votedFor, List<LogEntry> entries) {
    SimDisk disk = new SimDisk();
    disk.term = term;
    disk.votedFor = votedFor;
    disk.entries.addAll(entries);
    return disk;
  }

  /** Applies one atomic write; returns the lowest index it truncated from, or 0 if it truncated nothing. */
  long apply(List<JournalEvent> events) {
    long truncatedFrom = 0;
    for (JournalEvent event : events) {
      if (event instanceof JournalEvent.TermAndVoteChanged e) {
        term = e.term();
        votedFor = e.votedFor();
      } else if (event instanceof JournalEvent.EntriesAppended e) {
        entries.addAll(e.entries());
      } else if (event instanceof JournalEvent.LogTruncated e) {
        entries.subList((int) e.fromIndex() - 1, entries.size()).clear();
        truncatedFrom = truncatedFrom == 0 ? e.fromIndex() : Math.min(truncatedFrom, e.fromIndex());
      }
    }
    return truncatedFrom;
  }

  Recovered recovered() {
    return new Recovered(term, votedFor, entries);
  }

  long term() {
    return term;
  }

  String votedFor() {
    return votedFor;
  }

  long lastIndex() {
    return entries.size();
  }

  LogEntry entry(long index) {
    return entries.get((int) index - 1);
  }

  /** Whether {@code entry} is on this disk at its index. */
  boolean holds(LogEntry entry) {
    return entry.index() <= entries.size() && InvariantChecker.same(entry(entry.index()), entry);
  }

  @Override
  public String toString() {
    StringBuilder terms = new StringBuilder();
    for (LogEntry e : entries) terms.append(terms.length() == 0 ? "" : " ").append(e.term());
    return "disk{term=" + term + " vote=" + votedFor + " log=[" + terms + "]}";
  }
}
