package io.akkaraft.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.akkaraft.RaftCommand;
import java.util.List;

/**
 * The Raft RPCs members exchange (Figure 3.1). Every message carries the sender's term and id; the
 * receiver checks the term once, in {@link TermRule}, before any role sees the message.
 */
public final class PeerProtocol {
  private PeerProtocol() {}

  /**
   * A Raft RPC or its response. Only the binary serializer ({@code reference.conf}) reads these from the
   * network: one wire form, whose reader checks every length.
   */
  public sealed interface PeerMessage extends RaftCommand
      permits VoteRequest, PreVoteReply, VoteReply, AppendEntries, AppendReply {
    long term();

    String from();
  }

  /**
   * A request for a vote in {@code term}, real or pre-vote: both carry the candidate's last log entry for the
   * §3.6.1 up-to-date check, and both are ignored while a current leader was heard recently (§4.2.3).
   */
  public sealed interface VoteRequest extends PeerMessage permits RequestVote, PreVote {
    long lastLogIndex();

    long lastLogTerm();
  }

  /**
   * Pre-candidate to every voter (§9.6): "would you vote for me in {@code term}?", where {@code term} is the
   * sender's current term + 1. Neither side changes its term or vote for it.
   */
  public record PreVote(long term, String from, long lastLogIndex, long lastLogTerm) implements VoteRequest {}

  /**
   * Answer to a {@link PreVote}: a grant carries the term asked about; a refusal carries the voter's
   * current term, so a pre-candidate behind the group learns the term it missed.
   */
  public record PreVoteReply(long term, String from, boolean granted) implements PeerMessage {}

  /** Candidate to every voter: "vote for me in {@code term}" (§3.4). */
  public record RequestVote(long term, String from, long lastLogIndex, long lastLogTerm)
      implements VoteRequest {}

  /** Voter to candidate, sent only once the vote is durable. */
  public record VoteReply(long term, String from, boolean granted) implements PeerMessage {}

  /**
   * Leader to follower: replicate {@code entries} after {@code prevLogIndex}/{@code prevLogTerm}; with no
   * entries it is a heartbeat. {@code leaderCommit} travels on every one (§3.5). {@code readRound} is the
   * leader's latest read-confirmation round when it sent this (§6.4); the reply echoes it.
   */
  public record AppendEntries(
      long term, String from, long prevLogIndex, long prevLogTerm, List<LogEntry> entries, long leaderCommit,
      long readRound)
      implements PeerMessage {
    @JsonCreator
    public AppendEntries {
      entries = List.copyOf(entries);
    }

    /** An AppendEntries outside any read round. */
    public AppendEntries(
        long term, String from, long prevLogIndex, long prevLogTerm, List<LogEntry> entries, long leaderCommit) {
      this(term, from, prevLogIndex, prevLogTerm, entries, leaderCommit, 0);
    }
  }

  /**
   * Follower to leader. On success, {@code matchIndex} is the last index known to match the leader's log and
   * is durable. On rejection, {@code rejectedIndex} is the request's prevLogIndex, and the hint lets the
   * leader skip a whole term per round trip (§3.5): {@code conflictTerm} is the follower's term at
   * rejectedIndex (0 if its log is shorter) and {@code conflictIndex} the first index it holds for that term
   * (or its last index + 1). {@code entryCount} echoes the request's, so the leader frees a pipeline slot
   * only for requests that used one. {@code readRound} echoes the request's: any reply of the leader's term
   * shows that the follower still followed it after that round began (§6.4).
   */
  public record AppendReply(
      long term,
      String from,
      boolean success,
      long matchIndex,
      long rejectedIndex,
      long conflictTerm,
      long conflictIndex,
      int entryCount,
      long readRound)
      implements PeerMessage {

    public static AppendReply accepted(long term, String from, long matchIndex, int entryCount) {
      return accepted(term, from, matchIndex, entryCount, 0);
    }

    public static AppendReply accepted(long term, String from, long matchIndex, int entryCount, long readRound) {
      return new AppendReply(term, from, true, matchIndex, 0, 0, 0, entryCount, readRound);
    }

    public static AppendReply rejected(
        long term, String from, long rejectedIndex, long conflictTerm, long conflictIndex, int entryCount) {
      return rejected(term, from, rejectedIndex, conflictTerm, conflictIndex, entryCount, 0);
    }

    public static AppendReply rejected(long term, String from, long rejectedIndex, long conflictTerm,
        long conflictIndex, int entryCount, long readRound) {
      return new AppendReply(term, from, false, 0, rejectedIndex, conflictTerm, conflictIndex, entryCount, readRound);
    }

    /**
     * A rejection that only tells the sender a later term (Figure 3.1: "reply false if term < currentTerm"):
     * without a hint, since a real rejection's conflictIndex is at least 1.
     */
    public boolean isTermNotice() {
      return !success && conflictIndex == 0;
    }
  }
}
