package io.akkaraft.core;

import java.util.List;

/**
 * What a rule decided, for the role behavior to carry out (etcd's Ready, in Akka terms).
 *
 * @param state the member's next state (its role tells which behavior runs next)
 * @param events changes to journal; {@code state} already reflects them in memory
 * @param sendNow messages to send at once: requests, and anything that vouches for nothing on disk
 * @param sendAfterDurable replies that vouch for state in {@code events} (or in earlier writes still under
 *     way): sent only once the journal has confirmed it, "persist before responding to RPCs" (Figure 3.1)
 * @param resetElectionTimer whether to restart the randomized election timeout (heard from the leader,
 *     granted a vote, or started an election)
 * @param facts what the rule noticed on the way, as bits of {@link Fact}: the shell acts on them instead of
 *     working them out again
 * @param readRoundStarted the read-confirmation round this step started (§6.4), or 0
 */
public record Step(
    MemberState state,
    List<JournalEvent> events,
    List<Envelope> sendNow,
    List<Envelope> sendAfterDurable,
    boolean resetElectionTimer,
    int facts,
    long readRoundStarted) {

  /** What a rule noticed that the shell acts on (timestamps, logs); a bit set, so a step allocates nothing more. */
  public enum Fact {
    /** The sender is not in the membership: the message was dropped unread. */
    FROM_UNKNOWN_MEMBER,
    /**
     * A vote or pre-vote request for a later term was ignored, because a leader was heard within the minimum
     * election timeout (for a leader: it still leads) (§4.2.3).
     */
    VOTE_REQUEST_IGNORED,
    /** An AppendEntries of the current term came from its leader, which this member follows. */
    LEADER_HEARD,
    /** A follower answered this leader's AppendEntries in the current term (accepted or not). */
    FOLLOWER_ANSWERED;

    final int bit() {
      return 1 << ordinal();
    }
  }

  public static Step unchanged(MemberState state) {
    return new Step(state, List.of(), List.of(), List.of(), false, 0, 0);
  }

  /** A step that changes nothing and notes {@code fact}. */
  static Step unchanged(MemberState state, Fact fact) {
    return new Step(state, List.of(), List.of(), List.of(), false, fact.bit(), 0);
  }

  public boolean has(Fact fact) {
    return (facts & fact.bit()) != 0;
  }
}
