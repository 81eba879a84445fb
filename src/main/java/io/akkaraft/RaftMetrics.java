package io.akkaraft;

/**
 * What a member reports for monitoring; pass one to {@link RaftNode#create(RaftSettings, java.util.function.Supplier,
 * RaftMetrics)}. Every method has a no-op default, and {@link #NONE} costs the member nothing.
 *
 * <p>The member calls the state methods from its actor, only when a value changed (at most once per step it
 * carries out, and a step handles a whole batch of commands); {@link #onJournalWrite} comes from its journal
 * child, so concurrently with the others. Implementations must be cheap and must not block: store the value
 * where a scrape can read it (a volatile field), or record it in a lock-free meter.
 */
public interface RaftMetrics {
  /** Reports nothing. */
  RaftMetrics NONE = new RaftMetrics() {};

  /** The member's role is now {@code role}: "follower", "candidate" or "leader". */
  default void onRole(String role) {}

  /** This member has just become leader (also reported as {@code onRole("leader")}). */
  default void onBecameLeader() {}

  /** The leader this member knows of is now {@code leaderId}, another member than the one it knew before. */
  default void onLeaderChanged(String leaderId) {}

  default void onTerm(long term) {}

  default void onCommitIndex(long index) {}

  /** The highest log index applied to the state machine. */
  default void onLastApplied(long index) {}

  /** The highest index in the member's log (in memory, possibly not yet durable). */
  default void onLastLogIndex(long index) {}

  /**
   * Leader only: {@code follower} lacks {@code lag} entries of the leader's log (its last index minus the
   * follower's matchIndex). Reported again whenever it may have changed; stale once {@link #onRole} reports
   * another role than leader.
   */
  default void onFollowerLag(String follower, long lag) {}

  /** The leader sent an AppendEntries carrying {@code entries} (at least one) log entries. */
  default void onAppendEntriesSent(int entries) {}

  /**
   * The journal made one write durable: {@code nanos} from receiving it to its confirmation, with {@code events}
   * journal events holding {@code entries} log entries (one write is a group commit of everything batched
   * meanwhile).
   */
  default void onJournalWrite(long nanos, int events, int entries) {}
}
