package io.akkaraft.server.testadmin;

import akka.actor.Address;
import akka.actor.ExtendedActorSystem;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.remote.RemoteActorRefProvider;
import akka.remote.transport.ThrottlerTransportAdapter;
import io.akkaraft.RaftCommand;
import io.akkaraft.transport.PeerTransport;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * TESTS ONLY: cuts this node off from chosen peers, to inject network partitions into a cluster of real
 * processes. Off unless the node runs with {@code --test-admin}, which also turns on Akka remoting's test mode.
 *
 * <ul>
 *   <li>{@link Direction#BOTH}: Artery's test-mode blackhole drops every Akka message between this node and
 *       the peer, both ways: Raft RPCs, forwarded client requests and their replies, read-index asks,
 *       cluster gossip and heartbeats, Receptionist updates. Set on one side, it cuts the link.
 *   <li>{@link Direction#OUTBOUND} / {@link Direction#INBOUND}: one-way cuts. Artery's blackhole cannot drop
 *       only one direction (in Akka 2.6.21 a blackhole entry drops a link's traffic both ways at the node that
 *       holds it), so these are enforced by this node's Raft member: outbound drops the Raft RPCs it sends
 *       to the peer and its replies to the peer's requests; inbound drops the Raft RPCs it receives from the
 *       peer and the peer's requests (forwarded writes, read-index asks). A node's own requests to a peer
 *       are dropped by the peer's inbound cut, so a one-way cut from A to B is set at both ends: outbound on
 *       A, inbound on B. Akka's own cluster traffic still flows.
 * </ul>
 *
 * <p>Thread-safe: the admin routes change it, the member, its transport and reply gates read it.
 */
public final class PartitionHook {

  /** Which traffic between this node and a peer is dropped. */
  public enum Direction { BOTH, OUTBOUND, INBOUND }

  /** The peers this node is cut off from, by direction. */
  public record Cuts(Set<String> both, Set<String> outbound, Set<String> inbound) {
    static final Cuts NONE = new Cuts(Set.of(), Set.of(), Set.of());

    public Cuts {
      both = Set.copyOf(both);
      outbound = Set.copyOf(outbound);
      inbound = Set.copyOf(inbound);
    }

    Cuts with(Direction direction, Collection<String> peers) {
      return switch (direction) {
        case BOTH -> new Cuts(union(both, peers), outbound, inbound);
        case OUTBOUND -> new Cuts(both, union(outbound, peers), inbound);
        case INBOUND -> new Cuts(both, outbound, union(inbound, peers));
      };
    }

    private static Set<String> union(Set<String> a, Collection<String> b) {
      Set<String> all = new HashSet<>(a);
      all.addAll(b);
      return all;
    }

    /** Sorted, for the admin endpoint's answer. */
    public Map<String, Set<String>> describe() {
      Map<String, Set<String>> described = new LinkedHashMap<>();
      described.put("both", new TreeSet<>(both));
      described.put("outbound", new TreeSet<>(outbound));
      described.put("inbound", new TreeSet<>(inbound));
      return described;
    }
  }

  private final ActorSystem<?> system;
  private final String selfId;
  private final Map<String, Address> peers;
  private volatile Cuts cuts = Cuts.NONE;

  /**
   * @param members every member id of the group and the Akka address of its node, this node's included
   */
  public PartitionHook(ActorSystem<?> system, String selfId, Map<String, Address> members) {
    this.system = system;
    this.selfId = selfId;
    this.peers = new LinkedHashMap<>(members);
    this.peers.remove(selfId);
  }

  /** What a node started with the hook needs in its configuration: Artery's blackhole works only in test mode. */
  public static Map<String, Object> configOverrides() {
    return Map.of("akka.remote.artery.advanced.test-mode", "on");
  }

  /** The peers' ids, in the order of the membership. */
  public Set<String> peerIds() {
    return peers.keySet();
  }

  /**
   * Adds cuts to the ones in force.
   *
   * @throws IllegalArgumentException if a peer is unknown or is this node, with a one-line reason
   */
  public synchronized Cuts isolate(Collection<String> from, Direction direction) {
    for (String peer : from) {
      if (peer.equals(selfId)) {
        throw new IllegalArgumentException("a node cannot be cut off from itself (" + peer + ")");
      }
      if (!peers.containsKey(peer)) {
        throw new IllegalArgumentException("unknown member '" + peer + "'; members: " + peers.keySet());
      }
    }
    if (direction == Direction.BOTH) {
      for (String peer : from) blackhole(peers.get(peer), ThrottlerTransportAdapter.blackholeThrottleMode());
    }
    cuts = cuts.with(direction, from);
    return cuts;
  }

  /** Removes every cut. */
  public synchronized Cuts heal() {
    for (String peer : cuts.both()) blackhole(peers.get(peer), ThrottlerTransportAdapter.unthrottledThrottleMode());
    cuts = Cuts.NONE;
    return cuts;
  }

  public Cuts cuts() {
    return cuts;
  }

  @SuppressWarnings("deprecation") // Artery still takes classic remoting's throttle commands, as the multi-node testkit does
  private void blackhole(Address peer, ThrottlerTransportAdapter.ThrottleMode mode) {
    var provider = (RemoteActorRefProvider) ((ExtendedActorSystem) system.classicSystem()).provider();
    provider.transport().managementCommand(
        new ThrottlerTransportAdapter.SetThrottle(peer, ThrottlerTransportAdapter.bothDirection(), mode));
  }

  /** Whether this node drops what it would send to {@code peer} (one-way cut; see the class comment). */
  boolean dropsOutbound(String peer) {
    return cuts.outbound().contains(peer);
  }

  /** Whether this node drops what it receives from {@code peer} (one-way cut). */
  boolean dropsInbound(String peer) {
    return cuts.inbound().contains(peer);
  }

  /** The peer whose node {@code ref} lives on, or null for a local actor or an unknown address. */
  String peerOf(ActorRef<?> ref) {
    Address address = ref.path().address();
    if (address.hasLocalScope()) return null;
    for (Map.Entry<String, Address> peer : peers.entrySet()) {
      if (peer.getValue().equals(address)) return peer.getKey();
    }
    return null;
  }

  /** {@code transport}, dropping the Raft RPCs this node must not send. */
  public PeerTransport transport(PeerTransport transport) {
    return new PartitionedTransport(transport, this);
  }

  /** {@code member}, dropping what it must not receive and gating its replies to remote requests. */
  public Behavior<RaftCommand> intercept(Behavior<RaftCommand> member) {
    return Behaviors.intercept(() -> new PartitionInterceptor(this), member);
  }
}
