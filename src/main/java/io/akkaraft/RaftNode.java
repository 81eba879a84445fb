package io.akkaraft;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.akkaraft.persistence.RaftJournal;
import io.akkaraft.role.RaftMember;
import io.akkaraft.transport.PeerTransport;
import io.akkaraft.transport.ReceptionistTransport;
import io.akkaraft.transport.TransportLimits;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Creates Raft group members. A member is an ordinary actor: spawn it with {@code context.spawn} on every
 * node of the group, then send it {@link ClientProtocol} requests.
 *
 * <pre>{@code
 * RaftSettings settings = RaftSettings.create(system, "orders", "n1", List.of("n1", "n2", "n3"));
 * ActorRef<RaftCommand> member = context.spawn(RaftNode.create(settings, OrderBook::new), "raft-orders");
 * member.tell(new ClientProtocol.Submit(new PlaceOrder(...), replyTo));
 * }</pre>
 *
 * <p>Members find each other through the Receptionist (one key per group and member, so groups share a
 * cluster), keep term, vote and log in the Akka Persistence journal configured for them, and recover from
 * it when started again with the same group and member id.
 *
 * <p>On an actor system with remoting, a member stops at start (with {@link TransportLimits.Mismatch})
 * unless Artery's {@code maximum-frame-size} holds its largest message ({@code max-bytes-per-append},
 * {@code max-command-bytes}).
 */
public final class RaftNode {
  private RaftNode() {}

  /**
   * The behavior of one member.
   *
   * @param stateMachine makes a fresh, empty state machine; called again if the member restarts, since the
   *     member then re-applies the committed log from the start
   */
  public static Behavior<RaftCommand> create(RaftSettings settings, Supplier<? extends StateMachine<?, ?>> stateMachine) {
    return create(settings, stateMachine, RaftMetrics.NONE);
  }

  /** The behavior of one member that reports its state, replication and journal writes to {@code metrics}. */
  public static Behavior<RaftCommand> create(RaftSettings settings, Supplier<? extends StateMachine<?, ?>> stateMachine,
      RaftMetrics metrics) {
    return create(settings, stateMachine, metrics, UnaryOperator.identity());
  }

  /**
   * As {@link #create(RaftSettings, Supplier, RaftMetrics)}, with the member's peer transport wrapped by
   * {@code transport}: for fault injection in tests (the key-value node's {@code --test-admin} partitions).
   */
  public static Behavior<RaftCommand> create(RaftSettings settings, Supplier<? extends StateMachine<?, ?>> stateMachine,
      RaftMetrics metrics, UnaryOperator<PeerTransport> transport) {
    Behavior<RaftCommand> member = RaftMember.create(settings, stateMachine,
        (context, s) -> transport.apply(
            new ReceptionistTransport(context, s.groupId(), s.memberId(), s.members(), s.peerPaths())),
        (s, m) -> RaftJournal.create(s.persistenceId(), s.journalPluginId(), s.snapshotPluginId(), m, metrics),
        RaftMember.StateObserver.NONE, metrics);
    return Behaviors.setup(context -> {
      // Refused here rather than failing later as dropped messages and elections (see TransportLimits).
      TransportLimits.check(context.getSystem().settings().config(), settings.limits().maxBytesPerAppend(),
          settings.maxCommandBytes());
      return member;
    });
  }
}
