package io.akkaraft.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/** Member states for rule tests: one line per member of a figure. Every state is fully durable. */
final class Members {
  private Members() {}

  /** The three roles, for rules that hold in every role ({@code @EnumSource}). */
  enum Role {
    FOLLOWER,
    CANDIDATE,
    LEADER;

    MemberState of(String id, Membership group, long term, RaftLog log) {
      return switch (this) {
        case FOLLOWER -> follower(id, group, term, log);
        case CANDIDATE -> candidate(id, group, term, log);
        case LEADER -> leader(id, group, term, log);
      };
    }
  }

  static Membership group(String... ids) {
    return Membership.of(List.of(ids));
  }

  /** Members "s1".."sN". */
  static Membership group(int size) {
    return Membership.of(IntStream.rangeClosed(1, size).mapToObj(i -> "s" + i).toList());
  }

  /** A follower of {@code term} that has not voted in it and knows no leader. */
  static MemberState follower(String id, Membership group, long term, RaftLog log) {
    return follower(id, group, term, null, log);
  }

  static MemberState follower(String id, Membership group, long term, String votedFor, RaftLog log) {
    return durable(new MemberState(id, group, term, votedFor, log, 0, null, new RoleState.Follower(), Durable.NOTHING));
  }

  /** A candidate of {@code term} whose own vote is durable and that no peer has granted a vote yet. */
  static MemberState candidate(String id, Membership group, long term, RaftLog log) {
    return durable(new MemberState(id, group, term, id, log, 0, null, new RoleState.Candidate(Set.of()), Durable.NOTHING));
  }

  /** A leader of {@code term} just elected: every follower probed from the end of its log. */
  static MemberState leader(String id, Membership group, long term, RaftLog log) {
    Map<String, Progress> progress = new HashMap<>();
    for (String peer : group.peersOf(id)) progress.put(peer, Progress.initial(log.lastIndex()));
    return leader(id, group, term, log, progress);
  }

  static MemberState leader(String id, Membership group, long term, RaftLog log, Map<String, Progress> progress) {
    return durable(new MemberState(id, group, term, id, log, 0, id, new RoleState.Leader(progress), Durable.NOTHING));
  }

  /** {@code state} with everything it holds in memory confirmed by the journal. */
  static MemberState durable(MemberState state) {
    return state.withDurable(new Durable(state.currentTerm(), state.votedFor(), state.log().lastIndex()));
  }

  static Progress progressOf(MemberState leader, String peer) {
    return ((RoleState.Leader) leader.role()).progress().get(peer);
  }
}
