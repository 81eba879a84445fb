package io.akkaraft.sim;

import io.akkaraft.core.LogEntry;
import io.akkaraft.core.JournalEvent;
import io.akkaraft.core.RaftLog;
import io.akkaraft.persistence.JournalProtocol.Recovered;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A member's stable storage: only writes that completed. Events are applied exactly as {@code RaftJournal}'s
 * event handler applies them, and a restart recovers exactly this through {@link #recovered()}.
 */
final class SimDisk {
  private long term;
  private String votedFor;
  private final List<LogEntry> entries = new ArrayList<>();

  static SimDisk of(long term, String votedFor, RaftLog log) {
    SimDisk disk = new SimDisk();
    disk.term = term;
    disk.votedFor = votedFor;
    disk.entries.addAll(log.entries());
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

  /** What the disk holds, as a log. */
  RaftLog log() {
    return RaftLog.of(entries);
  }

  /** Whether {@code entry} is on this disk at its index. */
  boolean holds(LogEntry entry) {
    return entry.index() <= entries.size() && Objects.equals(entry(entry.index()), entry);
  }

  @Override
  public String toString() {
    StringBuilder terms = new StringBuilder();
    for (LogEntry e : entries) terms.append(terms.length() == 0 ? "" : " ").append(e.term());
    return "disk{term=" + term + " vote=" + votedFor + " log=[" + terms + "]}";
  }
}
