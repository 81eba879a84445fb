package io.akkaraft.role;

import io.akkaraft.core.LogEntry;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.PeerProtocol.AppendReply;
import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import io.akkaraft.core.PeerProtocol.VoteRequest;

/** Rejects peer messages no correct member sends, so that a malformed one can never corrupt the log. */
final class PeerMessageCheck {
  private PeerMessageCheck() {}

  /**
   * What is wrong with {@code message} for a member in {@code state}, or null if nothing is. A leader's own
   * log bounds what a follower can truthfully report to it: a reply beyond it would make the leader count
   * entries that do not exist.
   */
  static String problem(PeerMessage message, MemberState state) {
    String problem = problem(message);
    if (problem != null) return problem;
    // Only a leader acts on replies, and a rejection without a hint is a term notice (TermRule) answering a
    // request of an earlier leadership, whose index says nothing about this log.
    if (!(message instanceof AppendReply reply) || reply.term() != state.currentTerm() || !state.isLeader()
        || reply.isTermNotice()) {
      return null;
    }
    long last = state.log().lastIndex();
    if (reply.success() && reply.matchIndex() > last) {
      return "matchIndex " + reply.matchIndex() + " is beyond this member's last index " + last;
    }
    if (!reply.success() && (reply.rejectedIndex() > last || reply.conflictIndex() < 0 || reply.conflictTerm() < 0)) {
      return "rejection at " + reply.rejectedIndex() + " (hint " + reply.conflictTerm() + "/" + reply.conflictIndex()
          + ") does not fit this member's last index " + last;
    }
    return null;
  }

  /** What is wrong with {@code message} whatever the receiver's state, or null if nothing is. */
  static String problem(PeerMessage message) {
    if (message.term() < 0 || message.from() == null) return "negative term or no sender";
    if (message instanceof AppendReply reply
        && (reply.matchIndex() < 0 || reply.rejectedIndex() < 0 || reply.entryCount() < 0)) {
      return "negative index or count";
    }
    if (message instanceof VoteRequest vote && (vote.lastLogIndex() < 0 || vote.lastLogTerm() < 0)) {
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
