package io.akkaraft.role;

import io.akkaraft.core.LogEntry;
import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import io.akkaraft.core.PeerProtocol.RequestVote;

/** Rejects peer messages no correct member sends, so that a malformed one can never corrupt the log. */
final class PeerMessageCheck {
  private PeerMessageCheck() {}

  /** What is wrong with {@code message}, or null if nothing is. */
  static String problem(PeerMessage message) {
    if (message.term() < 0 || message.from() == null) return "negative term or no sender";
    if (message instanceof RequestVote vote && (vote.lastLogIndex() < 0 || vote.lastLogTerm() < 0)) {
      return "negative last log index or term";
    }
    if (message instanceof AppendEntries append) return appendProblem(append);
    return null;
  }

  private static String appendProblem(AppendEntries append) {
    if (append.prevLogIndex() < 0 || append.prevLogTerm() < 0 || append.leaderCommit() < 0) {
      return "negative index or term";
    }
    long expectedIndex = append.prevLogIndex() + 1;
    long lastTerm = append.prevLogTerm();
    for (LogEntry entry : append.entries()) {
      if (entry == null || entry.index() != expectedIndex++) return "entries are not contiguous after prevLogIndex";
      if (entry.term() < lastTerm || entry.term() > append.term()) return "entry terms out of order";
      if (entry.kind() == null || (entry.kind() == LogEntry.Kind.COMMAND && entry.payload() == null)) {
        return "entry without a command";
      }
      lastTerm = entry.term();
    }
    return null;
  }
}
