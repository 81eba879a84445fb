package io.akkaraft.testkit;

import io.akkaraft.core.Durable;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.Membership;
import io.akkaraft.core.RaftLog;
import io.akkaraft.core.RoleState;
import java.util.Map;
import java.util.Set;

/** Hand-made member states for the invariant checkers' tests: term, vote and whole log durable. */
public final class MemberStates {
  public static final RoleState FOLLOWER = new RoleState.Follower();
  public static final RoleState PRE_CANDIDATE = new RoleState.PreCandidate(Set.of());
  public static final RoleState CANDIDATE = new RoleState.Candidate(Set.of());
  public static final RoleState LEADER = new RoleState.Leader(Map.of());

  private MemberStates() {}

  /** Member {@code id} of {@code members} in {@code role}; a leader knows itself as the leader. */
  public static MemberState durable(Membership members, String id, long term, String vote, RoleState role,
      long commit, RaftLog log) {
    String leader = role instanceof RoleState.Leader ? id : null;
    return new MemberState(id, members, term, vote, log, commit, leader, role, new Durable(term, vote, log.lastIndex()));
  }
}
