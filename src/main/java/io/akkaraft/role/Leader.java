package io.akkaraft.role;

import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.akkaraft.ClientProtocol.Submit;
import io.akkaraft.RaftCommand;

/**
 * Leader (Figure 3.1, §3.5): appends client commands, replicates them with heartbeats in between, commits
 * by majority with an entry of its own term, and answers each client once its entry is applied.
 */
final class Leader extends RoleBehavior {
  Leader(Member member) {
    super(member);
  }

  @Override
  public Receive<RaftCommand> createReceive() {
    return sharedHandlers()
        .onMessage(Submit.class, member::propose)
        .onMessageEquals(Internal.HeartbeatTick.INSTANCE, member::onHeartbeat)
        .onMessage(Internal.ElectionTimeout.class, timeout -> Behaviors.same())
        .build();
  }
}
