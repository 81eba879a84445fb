package io.akkaraft.core;

import io.akkaraft.CborSerializable;
import io.akkaraft.RaftCommand;
import java.util.List;

/**
 * The Raft RPCs members exchange (Figure 3.1). Every message carries the sender's term and id; the
 * receiver checks the term once, in {@link TermRule}, before any role sees the message.
 */
public final class PeerProtocol {
  private PeerProtocol() {}

  /** A Raft RPC or its response. */
  public sealed interface PeerMessage extends RaftCommand, CborSerializable
      permits RequestVote, VoteReply, AppendEntries, AppendReply {
    long term();

    String from();
  }

  /** Candidate to every voter: "vote for me in {@code term}" (§3.4). */
  public record RequestVote(long term, String from, long lastLogIndex, long lastLogTerm)
      implements PeerMessage {}

  /** Voter to candidate, sent only once the vote is durable. */
  public record VoteReply(long term, String from, boolean granted) implements PeerMessage {}

  /**
   * Leader to follower: replicate {@code entries} after {@code prevLogIndex}/{@code prevLogTerm}; with no
   * entries it is a heartbeat. {@code leaderCommit} travels on every one (§3.5).
   */
  public record AppendEntries(
      long term, String from, long prevLogIndex, long prevLogTerm, List<LogEntry> entries, long leaderCommit)
      implements PeerMessage {
    public AppendEntries {
      entries = List.copyOf(entries);
    }
  }

  /**
   * Follower to leader. On success, {@code matchIndex} is the last index known to match the leader's log and
   * is durable. On rejection, {@code rejectedIndex} is the request's prevLogIndex, and the hint lets the
   * leader skip a whole term per round trip (§3.5): {@code conflictTerm} is the follower's term at
   * rejectedIndex (0 if its log is shorter) and {@code conflictIndex} the first index it holds for that term
   * (or its last index + 1). {@code entryCount} echoes the request's, so the leader frees a pipeline slot
   * only for requests that used one.
   */
  public record AppendReply(
      long term,
      String from,
      boolean success,
      long matchIndex,
      long rejectedIndex,
      long conflictTerm,
      long conflictIndex,
      int entryCount)
      implements PeerMessage {

    public static AppendReply accepted(long term, String from, long matchIndex, int entryCount) {
      return new AppendReply(term, from, true, matchIndex, 0, 0, 0, entryCount);
    }

    public static AppendReply rejected(
        long term, String from, long rejectedIndex, long conflictTerm, long conflictIndex, int entryCount) {
      return new AppendReply(term, from, false, 0, rejectedIndex, conflictTerm, conflictIndex, entryCount);
    }
  }
}
