package io.akkaraft.sim;

import io.akkaraft.core.LogEntry;
import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.AppendReply;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import io.akkaraft.core.PeerProtocol.PreVote;
import io.akkaraft.core.PeerProtocol.PreVoteReply;
import io.akkaraft.core.PeerProtocol.RequestVote;
import io.akkaraft.core.PeerProtocol.VoteReply;
import io.akkaraft.core.JournalEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The readable record of a run, in the style of etcd's datadriven output: who sent what, who became what,
 * what reached the disk, at which virtual time. Off by default (building lines costs time); a failing seed is
 * simply replayed with it on, which gives the same run.
 */
final class Transcript {
  private final boolean enabled;
  private final List<String> lines = new ArrayList<>();

  Transcript(boolean enabled) {
    this.enabled = enabled;
  }

  boolean on() {
    return enabled;
  }

  void add(long now, String text) {
    if (enabled) lines.add("t=" + time(now) + " " + text);
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  /** The last {@code count} lines, one per line. */
  String tail(int count) {
    int from = Math.max(0, lines.size() - count);
    StringBuilder out = new StringBuilder();
    if (from > 0) out.append("  ... ").append(from).append(" earlier lines\n");
    for (String line : lines.subList(from, lines.size())) out.append("  ").append(line).append('\n');
    return out.toString();
  }

  static String time(long nanos) {
    return String.format(Locale.ROOT, "%.1fms", nanos / 1e6);
  }

  static String describe(PeerMessage message) {
    if (message instanceof RequestVote m) {
      return "RequestVote term=" + m.term() + " last=" + m.lastLogTerm() + "/" + m.lastLogIndex();
    }
    if (message instanceof VoteReply m) {
      return "VoteReply term=" + m.term() + (m.granted() ? " granted" : " rejected");
    }
    if (message instanceof PreVote m) {
      return "PreVote term=" + m.term() + " last=" + m.lastLogTerm() + "/" + m.lastLogIndex();
    }
    if (message instanceof PreVoteReply m) {
      return "PreVoteReply term=" + m.term() + (m.granted() ? " granted" : " rejected");
    }
    if (message instanceof AppendEntries m) {
      return "AppendEntries term=" + m.term() + " prev=" + m.prevLogTerm() + "/" + m.prevLogIndex()
          + " commit=" + m.leaderCommit() + " entries=" + entries(m.entries());
    }
    AppendReply m = (AppendReply) message;
    return "AppendReply term=" + m.term() + (m.success()
        ? " ok match=" + m.matchIndex()
        : " reject at=" + m.rejectedIndex() + " hint=" + m.conflictTerm() + "/" + m.conflictIndex());
  }

  static String entries(List<LogEntry> entries) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < entries.size(); i++) {
      if (i == 3 && entries.size() > 5) {
        out.append(" ... ").append(entries.get(entries.size() - 1)).append(" (").append(entries.size()).append(")");
        break;
      }
      out.append(i == 0 ? "" : " ").append(entries.get(i));
    }
    return out.append("]").toString();
  }

  static String describe(List<JournalEvent> events) {
    List<String> parts = new ArrayList<>();
    for (JournalEvent event : events) {
      if (event instanceof JournalEvent.TermAndVoteChanged e) parts.add("term=" + e.term() + " vote=" + e.votedFor());
      else if (event instanceof JournalEvent.EntriesAppended e) parts.add("append " + entries(e.entries()));
      else if (event instanceof JournalEvent.LogTruncated e) parts.add("truncate from " + e.fromIndex());
    }
    return String.join(", ", parts);
  }
}
