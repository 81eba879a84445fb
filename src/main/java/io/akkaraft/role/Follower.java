package io.akkaraft.role;

import akka.actor.typed.javadsl.Receive;
import io.akkaraft.RaftCommand;

/**
 * Follower (Figure 3.1, §3.4): answers leaders and candidates, redirects clients, and becomes a candidate
 * when its randomized election timeout elapses without hearing from a leader or granting a vote.
 */
final class Follower extends NonLeader {
  Follower(Member member) {
    super(member);
  }

  @Override
  public Receive<RaftCommand> createReceive() {
    return nonLeaderHandlers().build();
  }
}
