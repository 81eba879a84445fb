package io.akkaraft.server.testadmin;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.BehaviorInterceptor;
import akka.actor.typed.TypedActorContext;
import akka.actor.typed.javadsl.Behaviors;
import io.akkaraft.ClientProtocol.GetReadIndex;
import io.akkaraft.ClientProtocol.Submit;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import java.time.Duration;

/**
 * In front of a member under the test-only {@link PartitionHook}: drops Raft RPCs and requests from an
 * inbound-cut peer before any rule sees them, and hands the member a {@link #gate} instead of a remote
 * requester's reply address, so that a reply is lost if the requester's node is outbound-cut when it is sent.
 */
final class PartitionInterceptor extends BehaviorInterceptor<RaftCommand, RaftCommand> {
  /** A gate whose request is never answered (the member stopped) goes away after this long. */
  private static final Duration GATE_LIFETIME = Duration.ofMinutes(1);

  private enum Expired { INSTANCE }

  private final PartitionHook hook;

  PartitionInterceptor(PartitionHook hook) {
    super(RaftCommand.class);
    this.hook = hook;
  }

  @Override
  public Behavior<RaftCommand> aroundReceive(
      TypedActorContext<RaftCommand> context, RaftCommand message, ReceiveTarget<RaftCommand> target) {
    if (message instanceof PeerMessage peer && hook.dropsInbound(peer.from())) return Behaviors.same();
    if (message instanceof Submit submit) {
      String from = hook.peerOf(submit.replyTo());
      if (from != null) {
        if (hook.dropsInbound(from)) return Behaviors.same();
        message = new Submit(submit.command(), gate(context, submit.replyTo(), from), submit.retryKey());
      }
    } else if (message instanceof GetReadIndex ask) {
      String from = hook.peerOf(ask.replyTo());
      if (from != null) {
        if (hook.dropsInbound(from)) return Behaviors.same();
        message = new GetReadIndex(gate(context, ask.replyTo(), from));
      }
    }
    return target.apply(context, message);
  }

  /** A one-reply forwarder to {@code replyTo} on {@code peer}'s node that drops the reply while that link is cut. */
  private <T> ActorRef<T> gate(TypedActorContext<RaftCommand> context, ActorRef<T> replyTo, String peer) {
    ActorRef<Object> to = replyTo.unsafeUpcast();
    Behavior<Object> gate = Behaviors.setup(self -> {
      self.setReceiveTimeout(GATE_LIFETIME, Expired.INSTANCE);
      return Behaviors.receive(Object.class)
          .onAnyMessage(reply -> {
            if (reply != Expired.INSTANCE && !hook.dropsOutbound(peer)) to.tell(reply);
            return Behaviors.stopped();
          })
          .build();
    });
    return context.asJava().spawnAnonymous(gate).narrow();
  }
}
