package io.akkaraft.transport;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.Membership;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds peers through Akka's Receptionist: every member registers under a key of its own,
 * {@code akka-raft|group|member}, and subscribes to its peers' keys. Several groups can share one cluster,
 * and a member restarted on a new address is found again as soon as it registers.
 */
public final class ReceptionistTransport implements PeerTransport {

  /** A listing for one peer's key, adapted into the member's protocol. */
  record PeerListing(Receptionist.Listing listing) implements TransportEvent, NoSerializationVerificationNeeded {}

  private final ActorContext<RaftCommand> context;
  private final Map<ServiceKey<RaftCommand>, String> memberOfKey = new HashMap<>();
  private final Map<String, ActorRef<RaftCommand>> refs = new HashMap<>();

  public ReceptionistTransport(ActorContext<RaftCommand> context, String groupId, String selfId, Membership members) {
    this.context = context;
    ActorRef<Receptionist.Listing> adapter = context.messageAdapter(Receptionist.Listing.class, PeerListing::new);
    ActorRef<Receptionist.Command> receptionist = context.getSystem().receptionist();
    receptionist.tell(Receptionist.register(serviceKey(groupId, selfId), context.getSelf()));
    for (String peer : members.peersOf(selfId)) {
      ServiceKey<RaftCommand> key = serviceKey(groupId, peer);
      memberOfKey.put(key, peer);
      receptionist.tell(Receptionist.subscribe(key, adapter));
    }
  }

  /** The key under which member {@code memberId} of group {@code groupId} registers. */
  public static ServiceKey<RaftCommand> serviceKey(String groupId, String memberId) {
    return ServiceKey.create(RaftCommand.class, "akka-raft|" + groupId + "|" + memberId);
  }

  @Override
  public void send(String memberId, PeerMessage message) {
    ActorRef<RaftCommand> ref = refs.get(memberId);
    if (ref != null) ref.tell(message);
  }

  @Override
  public boolean knows(String memberId) {
    return refs.containsKey(memberId);
  }

  @Override
  public Optional<ActorRef<RaftCommand>> refOf(String memberId) {
    return Optional.ofNullable(refs.get(memberId));
  }

  @Override
  public void onEvent(TransportEvent event) {
    if (!(event instanceof PeerListing peerListing)) return;
    Receptionist.Listing listing = peerListing.listing();
    @SuppressWarnings("unchecked")
    ServiceKey<RaftCommand> key = (ServiceKey<RaftCommand>) listing.getKey();
    String peer = memberOfKey.get(key);
    if (peer == null) return;
    // After a restart on the same address both the old and the new registration may be listed for a
    // moment; any of them reaches the member on that address, so take one deterministically.
    Optional<ActorRef<RaftCommand>> ref = listing.getServiceInstances(key).stream()
        .max((a, b) -> a.path().toString().compareTo(b.path().toString()));
    if (ref.isPresent()) refs.put(peer, ref.get());
    else refs.remove(peer);
    context.getLog().debug("peer {} is now {}", peer, ref.map(Object::toString).orElse("unreachable"));
  }
}
