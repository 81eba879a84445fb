package io.akkaraft.transport;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.Membership;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds peers through Akka's Receptionist: every member registers under a key of its own,
 * {@code akka-raft|group|member}, and subscribes to its peers' keys. Several groups can share one cluster,
 * and a member restarted (on the same or a new address) is found again as soon as it registers. A peer stays
 * known while Akka considers its node unreachable, and is forgotten only when the node leaves the cluster (as
 * when a restarted node replaces its old incarnation).
 */
public final class ReceptionistTransport implements PeerTransport {

  /** A listing for one peer's key, adapted into the member's protocol. */
  record PeerListing(Receptionist.Listing listing) implements TransportEvent, NoSerializationVerificationNeeded {}

  private final ActorContext<RaftCommand> context;
  private final Map<ServiceKey<RaftCommand>, String> memberOfKey = new HashMap<>();
  private final Map<String, ActorRef<RaftCommand>> refs = new HashMap<>();
  /** Refs built from configured paths (no incarnation in them: they reach whichever actor is at the path). */
  private final Map<String, ActorRef<RaftCommand>> configured = new HashMap<>();
  /** Each peer's registrations in the last listing. */
  private final Map<String, Set<ActorRef<RaftCommand>>> listed = new HashMap<>();

  public ReceptionistTransport(ActorContext<RaftCommand> context, String groupId, String selfId, Membership members) {
    this(context, groupId, selfId, members, Map.of());
  }

  /**
   * @param knownPaths peers' actor paths where the application knows them: used until the Receptionist lists
   *     the peer, so that a member can talk to its peers at once after a start or restart
   */
  public ReceptionistTransport(ActorContext<RaftCommand> context, String groupId, String selfId, Membership members,
      Map<String, String> knownPaths) {
    this.context = context;
    ActorRefResolver resolver = ActorRefResolver.get(context.getSystem());
    knownPaths.forEach((peer, path) -> configured.put(peer, resolver.resolveActorRef(path)));
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
    ActorRef<RaftCommand> ref = current(memberId);
    if (ref != null) ref.tell(message);
  }

  @Override
  public boolean knows(String memberId) {
    return current(memberId) != null;
  }

  @Override
  public Optional<ActorRef<RaftCommand>> refOf(String memberId) {
    return Optional.ofNullable(current(memberId));
  }

  /** The listed registration, else the configured path, else null. */
  private ActorRef<RaftCommand> current(String memberId) {
    ActorRef<RaftCommand> listed = refs.get(memberId);
    return listed != null ? listed : configured.get(memberId);
  }

  @Override
  public void onEvent(TransportEvent event) {
    if (!(event instanceof PeerListing peerListing)) return;
    Receptionist.Listing listing = peerListing.listing();
    @SuppressWarnings("unchecked")
    ServiceKey<RaftCommand> key = (ServiceKey<RaftCommand>) listing.getKey();
    String peer = memberOfKey.get(key);
    if (peer == null) return;
    // Every registration of a current cluster member, reachable or not. Akka's reachability is cluster-wide:
    // a single observer that cannot reach a node (a paused or cut-off third node, whose stale observation
    // stays in the gossip) marks it unreachable for all. Raft already copes with lost messages; letting that
    // view decide whom to talk to stopped a leader from replicating to a follower it reached fine, and stopped
    // a member from running for election (it counted too few peers).
    Set<ActorRef<RaftCommand>> now = listing.getAllServiceInstances(key);
    Set<ActorRef<RaftCommand>> before = listed.getOrDefault(peer, Set.of());
    listed.put(peer, now);
    Optional<ActorRef<RaftCommand>> ref = newest(now, before, refs.get(peer));
    if (ref.isPresent()) refs.put(peer, ref.get());
    else refs.remove(peer);
    if (now.size() > 1) context.getLog().info("peer {} is listed {} times; using {}", peer, now.size(), ref.get());
    else context.getLog().debug("peer {} is now {}", peer, ref.map(Object::toString).orElse("unreachable"));
  }

  /**
   * The ref to use among those listed now. After a peer restarts on the same address, its old and new
   * registrations may both be listed for a moment. They are not interchangeable: the old ref names an actor
   * incarnation that no longer exists, and the peer's new actor system drops messages sent to it. A
   * registration cannot come back once replaced, so a ref listed now but not before is the newest; if none
   * is new, the ref in use stays.
   */
  static <T> Optional<T> newest(Set<T> now, Set<T> before, T current) {
    Optional<T> added = now.stream().filter(ref -> !before.contains(ref)).findFirst();
    if (added.isPresent()) return added;
    if (current != null && now.contains(current)) return Optional.of(current);
    return now.stream().findFirst();
  }
}
