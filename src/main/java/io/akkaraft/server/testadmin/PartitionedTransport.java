package io.akkaraft.server.testadmin;

import akka.actor.typed.ActorRef;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import io.akkaraft.transport.PeerTransport;
import java.util.Optional;

/** A member's transport under the test-only {@link PartitionHook}: Raft RPCs to an outbound-cut peer are lost. */
final class PartitionedTransport implements PeerTransport {
  private final PeerTransport delegate;
  private final PartitionHook hook;

  PartitionedTransport(PeerTransport delegate, PartitionHook hook) {
    this.delegate = delegate;
    this.hook = hook;
  }

  @Override
  public void send(String memberId, PeerMessage message) {
    if (!hook.dropsOutbound(memberId)) delegate.send(memberId, message);
  }

  @Override
  public Optional<ActorRef<RaftCommand>> refOf(String memberId) {
    return delegate.refOf(memberId);
  }

  @Override
  public boolean knows(String memberId) {
    return delegate.knows(memberId);
  }

  @Override
  public void onEvent(TransportEvent event) {
    delegate.onEvent(event);
  }
}
