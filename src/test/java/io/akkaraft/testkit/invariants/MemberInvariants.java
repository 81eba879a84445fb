package io.akkaraft.testkit.invariants;

import io.akkaraft.core.MemberState;
import io.akkaraft.core.RaftLog;
import io.akkaraft.core.RoleState;
import java.util.Objects;

/**
 * One member's invariants, in the shape of LogCabin's checker: a reported state on its own, a state against
 * the previous one of the same incarnation, and what it holds durable against what it held before, restarts
 * included. Plain functions of the states given; {@link GroupInvariants} runs the first two on every report.
 */
public final class MemberInvariants {
  private MemberInvariants() {}

  /**
   * A state on its own. {@code changedFrom} is the first log index that differs from the member's previous
   * state ({@link #firstChange}); the log is checked from there, since the part before it was checked before.
   */
  public static void state(String id, MemberState s, long changedFrom, Violations out) {
    RaftLog log = s.log();
    for (long i = Math.max(1, changedFrom); i <= log.lastIndex(); i++) {
      // Log terms never decrease along the log, and are never above the current term.
      long at = i;
      if (!out.check(log.termAt(i) >= log.termAt(i - 1) && log.termAt(i) <= s.currentTerm()
          && log.entry(i).index() == i, Property.MEMBER_STATE,
          () -> id + " has log terms out of order at " + at + ": " + s)) {
        return;
      }
    }
    // A member commits only what its log holds.
    out.check(s.commitIndex() <= log.lastIndex(), Property.MEMBER_STATE, () -> id + " committed beyond its log: " + s);
    // Leaders and candidates voted for themselves; a pre-candidate has voted for nobody yet in a new term.
    out.check(s.isFollower() || s.role() instanceof RoleState.PreCandidate || id.equals(s.votedFor()),
        Property.MEMBER_STATE, () -> id + " is " + s.role().name() + " without its own vote: " + s);
    // The disk never runs ahead of memory.
    out.check(s.durable().term() <= s.currentTerm(), Property.MEMBER_STATE,
        () -> id + " has a durable term above its term: " + s);
  }

  /** A state against the previous state {@code p} of the same incarnation; {@code changedFrom} as in {@link #state}. */
  public static void step(String id, MemberState p, MemberState s, long changedFrom, Violations out) {
    // Terms and commit indices never go back within an incarnation.
    out.check(s.currentTerm() >= p.currentTerm(), Property.MEMBER_STATE,
        () -> id + " went back from term " + p.currentTerm() + " to " + s.currentTerm());
    out.check(s.commitIndex() >= p.commitIndex(), Property.MEMBER_STATE,
        () -> id + " commit index went back from " + p.commitIndex() + " to " + s.commitIndex());
    if (s.currentTerm() != p.currentTerm()) return;
    // Within a term, the vote is set at most once, and the known leader never becomes another member (it is
    // forgotten when a leader that lost its majority steps down).
    out.check(p.votedFor() == null || p.votedFor().equals(s.votedFor()), Property.MEMBER_STATE,
        () -> id + " changed its vote in term " + s.currentTerm() + " from " + p.votedFor() + " to " + s.votedFor());
    out.check(p.leaderId() == null || s.leaderId() == null || p.leaderId().equals(s.leaderId()),
        Property.MEMBER_STATE,
        () -> id + " changed the leader of term " + s.currentTerm() + " from " + p.leaderId() + " to " + s.leaderId());
    if (!s.isLeader()) return;
    RaftLog log = s.log();
    // A leader advances its commit index only to an entry of its own term (§3.6.2).
    out.check(s.commitIndex() == p.commitIndex() || log.termAt(s.commitIndex()) == s.currentTerm(),
        Property.MEMBER_STATE, () -> id + " as leader of term " + s.currentTerm() + " committed up to index "
            + s.commitIndex() + " of term " + log.termAt(s.commitIndex()) + " by counting replicas");
    // Leader Append-Only: a leader never overwrites or deletes entries in its log.
    out.check(!p.isLeader() || changedFrom > p.log().lastIndex(), Property.LEADER_APPEND_ONLY,
        () -> id + " as leader of term " + s.currentTerm() + " changed its log from " + p.log() + " to " + s.log());
  }

  /**
   * What {@code s} holds durable against what an earlier state {@code before} of the member did, in this
   * incarnation or an earlier one ({@code restarted}): the durable term never goes back, and the durable vote
   * never changes within its term.
   */
  public static void durable(String id, MemberState before, MemberState s, boolean restarted, Violations out) {
    long t0 = before.durable().term();
    String v0 = before.durable().votedFor();
    out.check(s.durable().term() >= t0, Property.DURABILITY,
        () -> id + (restarted ? " recovered" : " has") + " durable term " + s.durable().term() + " < " + t0);
    out.check(s.durable().term() != t0 || v0 == null || v0.equals(s.durable().votedFor()), Property.DURABILITY,
        () -> id + " durable vote in term " + t0 + " changed from " + v0 + " to " + s.durable().votedFor()
            + (restarted ? " across a restart" : ""));
  }

  /** After every step: followers and candidates wait for an election timeout, leaders send heartbeats instead. */
  public static void timers(String id, MemberState s, boolean electionTimer, boolean heartbeatTimer, Violations out) {
    boolean ok = s.isLeader() ? !electionTimer && heartbeatTimer : electionTimer && !heartbeatTimer;
    out.check(ok, Property.MEMBER_STATE, () -> id + (s.isLeader() ? " leads" : " is " + s.role().name())
        + " in term " + s.currentTerm() + " with election timer " + electionTimer + ", heartbeat " + heartbeatTimer);
  }

  /** The first index at which the two logs differ; past the shorter one's end if they don't. */
  public static long firstChange(RaftLog before, RaftLog after) {
    if (before == after) return Long.MAX_VALUE;
    long common = Math.min(before.lastIndex(), after.lastIndex());
    for (long i = 1; i <= common; i++) {
      if (!Objects.equals(before.entry(i), after.entry(i))) return i;
    }
    return before.lastIndex() == after.lastIndex() ? Long.MAX_VALUE : common + 1;
  }
}
