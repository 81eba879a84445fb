package io.akkaraft.transport;

import akka.actor.typed.ActorRef;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import java.util.Optional;

/** How a member reaches its peers by member id. Used only from the member's own actor. */
public interface PeerTransport {

  /** Sends {@code message} to {@code memberId}, or drops it while that member is not (yet) reachable. */
  void send(String memberId, PeerMessage message);

  /** The actor of {@code memberId}, once known. */
  Optional<ActorRef<RaftCommand>> refOf(String memberId);

  /**
   * Whether {@code memberId} has been found and may be reachable. A member whose transport knows too few
   * peers to win an election waits instead of raising its term for nothing (as while a cluster forms).
   */
  default boolean knows(String memberId) {
    return true;
  }

  /** Handles a message the transport sent to its own member (for example a discovery update). */
  void onEvent(TransportEvent event);

  /** A transport's message to its own member. */
  interface TransportEvent extends RaftCommand {}
}
