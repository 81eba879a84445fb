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
