package io.akkaraft.testkit;

import akka.actor.typed.ActorRef;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import io.akkaraft.transport.PeerTransport;
import java.util.Map;
import java.util.Optional;

/**
 * A transport over a shared in-JVM directory of member refs, filtered by a {@link SimulatedNetwork}: a
 * message over a cut link is dropped, as on a real network. Discovery is instant, so no transport events.
 */
final class InJvmTransport implements PeerTransport {
  private final String selfId;
  private final Map<String, ActorRef<RaftCommand>> directory;
  private final SimulatedNetwork network;

  InJvmTransport(String selfId, Map<String, ActorRef<RaftCommand>> directory, SimulatedNetwork network) {
    this.selfId = selfId;
    this.directory = directory;
    this.network = network;
  }

  @Override
  public void send(String memberId, PeerMessage message) {
    ActorRef<RaftCommand> ref = directory.get(memberId);
    if (ref != null && network.delivers(selfId, memberId)) ref.tell(message);
  }

  @Override
  public Optional<ActorRef<RaftCommand>> refOf(String memberId) {
    return Optional.ofNullable(directory.get(memberId));
  }

  @Override
  public void onEvent(TransportEvent event) {}
}
