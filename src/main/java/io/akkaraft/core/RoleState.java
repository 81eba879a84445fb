package io.akkaraft.core;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Role-specific volatile state (Figure 3.1); every role is rebuilt from scratch on a role change. */
public sealed interface RoleState {

  /** The role's name as shown in status replies. */
  String name();

  /** A follower: answers leaders and candidates. */
  record Follower() implements RoleState {
    public String name() {
      return "follower";
    }
  }

  /**
   * A follower whose election timeout elapsed, asking for pre-votes (§9.6) before it raises its term; with
   * the peers that would vote for it so far (its own counts at once: it persists nothing).
   */
  record PreCandidate(Set<String> grantedBy) implements RoleState {
    public PreCandidate {
      grantedBy = Set.copyOf(grantedBy);
    }

    public String name() {
      return "pre-candidate";
    }
  }

  /** A candidate, with the peers that granted it their vote so far (its own vote counts once durable). */
  record Candidate(Set<String> grantedBy) implements RoleState {
    public Candidate {
      grantedBy = Set.copyOf(grantedBy);
    }

    public String name() {
      return "candidate";
    }
  }

  /**
   * A leader, with its progress per follower and its latest read-confirmation round (§6.4): rounds are
   * numbered from 1 within the leadership; 0 means none started.
   */
  record Leader(Map<String, Progress> progress, long readRound) implements RoleState {
    public Leader {
      progress = Map.copyOf(progress);
    }

    public Leader(Map<String, Progress> progress) {
      this(progress, 0);
    }

    public String name() {
      return "leader";
    }

    Leader with(String peer, Progress p) {
      Map<String, Progress> next = new HashMap<>(progress);
      next.put(peer, p);
      return new Leader(next, readRound);
    }
  }
}
