package io.akkaraft.core;

/**
 * Everything one member knows, as an immutable value: the persistent state of Figure 3.1 (term, vote, log,
 * as they are in memory, possibly ahead of the disk), what of it is {@link Durable}, and the volatile
 * state (commit index, known leader, role). Rules take one and return the next inside a {@link Step}.
 *
 * @param votedFor candidate voted for in {@code currentTerm}, or null
 * @param leaderId leader of {@code currentTerm} when known, or null
 */
public record MemberState(
    String selfId,
    Membership membership,
    long currentTerm,
    String votedFor,
    RaftLog log,
    long commitIndex,
    String leaderId,
    RoleState role,
    Durable durable) {

  /** A member just recovered from its journal: a follower that knows no leader and no commit index yet. */
  public static MemberState recovered(
      String selfId, Membership membership, long term, String votedFor, RaftLog log) {
    return new MemberState(
        selfId, membership, term, votedFor, log, 0, null, new RoleState.Follower(),
        new Durable(term, votedFor, log.lastIndex()));
  }

  public boolean isLeader() {
    return role instanceof RoleState.Leader;
  }

  public boolean isCandidate() {
    return role instanceof RoleState.Candidate;
  }

  /** A candidate or a pre-candidate: standing for election, a leader of the current term ends that. */
  public boolean isStanding() {
    return role instanceof RoleState.Candidate || role instanceof RoleState.PreCandidate;
  }

  public boolean isFollower() {
    return role instanceof RoleState.Follower;
  }

  /** Highest index this member may apply: committed, and present on its own disk. */
  public long applicableIndex() {
    return Math.min(commitIndex, durable.lastIndex());
  }

  /** A later term: no vote and no known leader in it yet (Figure 3.1). */
  MemberState withTerm(long term) {
    return copy(term, null, log, commitIndex, null, role, durable);
  }

  MemberState withVote(String candidate) {
    return copy(currentTerm, candidate, log, commitIndex, leaderId, role, durable);
  }

  MemberState withLog(RaftLog newLog, Durable newDurable) {
    return copy(currentTerm, votedFor, newLog, commitIndex, leaderId, role, newDurable);
  }

  MemberState withCommitIndex(long index) {
    return copy(currentTerm, votedFor, log, index, leaderId, role, durable);
  }

  MemberState withLeader(String leader) {
    return copy(currentTerm, votedFor, log, commitIndex, leader, role, durable);
  }

  MemberState withRole(RoleState newRole) {
    return copy(currentTerm, votedFor, log, commitIndex, leaderId, newRole, durable);
  }

  MemberState withDurable(Durable newDurable) {
    return copy(currentTerm, votedFor, log, commitIndex, leaderId, role, newDurable);
  }

  /** Who the member is and its group never change; everything else may. */
  private MemberState copy(
      long term, String vote, RaftLog newLog, long commit, String leader, RoleState newRole, Durable newDurable) {
    return new MemberState(selfId, membership, term, vote, newLog, commit, leader, newRole, newDurable);
  }

  @Override
  public String toString() {
    return selfId + "{" + role.name() + " term=" + currentTerm + " vote=" + votedFor + " leader=" + leaderId
        + " commit=" + commitIndex + " log=" + log + " durable=" + durable + "}";
  }
}
