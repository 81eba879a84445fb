package io.akkaraft.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.internal.receptionist.ReceptionistMessages;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.Membership;
import io.akkaraft.core.PeerProtocol.VoteReply;
import io.akkaraft.testkit.TestConfigs;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** How a member's transport picks a peer's registration, in particular a restarted peer's new one. */
class ReceptionistTransportTest {
  static final ActorTestKit kit = ActorTestKit.create("receptionist-transport", TestConfigs.inMemory());

  @AfterAll
  static void stopKit() {
    kit.shutdownTestKit();
  }

  /** Asks the transport inside the test member which ref it would use for n2. */
  record WhichRef(ActorRef<Optional<ActorRef<RaftCommand>>> replyTo)
      implements RaftCommand, NoSerializationVerificationNeeded {}

  /** A member that only runs a transport, as n1 of group {@code group}. */
  static Behavior<RaftCommand> member(String group) {
    return member(group, Map.of());
  }

  static Behavior<RaftCommand> member(String group, Map<String, String> knownPaths) {
    return Behaviors.setup(context -> {
      ReceptionistTransport transport =
          new ReceptionistTransport(context, group, "n1", Membership.of(List.of("n1", "n2", "n3")), knownPaths);
      return Behaviors.receiveMessage(message -> {
        if (message instanceof PeerTransport.TransportEvent event) transport.onEvent(event);
        if (message instanceof WhichRef which) which.replyTo().tell(transport.refOf("n2"));
        if (message instanceof VoteReply vote) transport.send("n2", vote);
        return Behaviors.same();
      });
    });
  }

  @Test
  void when_a_peer_registers_again_while_its_old_registration_is_still_listed_then_messages_go_to_the_new_one() {
    ActorRef<RaftCommand> member = kit.spawn(member("restart"));
    TestProbe<RaftCommand> oldIncarnation = kit.createTestProbe();
    TestProbe<RaftCommand> newIncarnation = kit.createTestProbe();
    TestProbe<Optional<ActorRef<RaftCommand>>> which = kit.createTestProbe();

    ServiceKey<RaftCommand> n2 = ReceptionistTransport.serviceKey("restart", "n2");
    kit.system().receptionist().tell(Receptionist.register(n2, oldIncarnation.ref()));
    which.awaitAssert(() -> {
      member.tell(new WhichRef(which.ref()));
      assertEquals(Optional.of(oldIncarnation.ref()), which.receiveMessage());
      return null;
    });
    kit.system().receptionist().tell(Receptionist.register(n2, newIncarnation.ref()));
    which.awaitAssert(() -> {
      member.tell(new WhichRef(which.ref()));
      assertEquals(Optional.of(newIncarnation.ref()), which.receiveMessage());
      return null;
    });

    VoteReply vote = new VoteReply(1, "n1", true);
    member.tell(vote);
    assertEquals(vote, newIncarnation.receiveMessage());
    oldIncarnation.expectNoMessage();
  }

  @Test
  void when_some_node_reports_a_peer_unreachable_then_the_peer_is_still_known_and_sent_to() {
    // Akka's reachability is cluster-wide: one stale observer (a paused or cut-off third node) makes a peer
    // unreachable for every node, although it answers everyone else. Raft must go on talking to it.
    ActorRef<RaftCommand> member = kit.spawn(member("reachability"));
    TestProbe<RaftCommand> n2 = kit.createTestProbe();
    TestProbe<Optional<ActorRef<RaftCommand>>> which = kit.createTestProbe();
    ServiceKey<RaftCommand> key = ReceptionistTransport.serviceKey("reachability", "n2");
    kit.system().receptionist().tell(Receptionist.register(key, n2.ref()));
    which.awaitAssert(() -> {
      member.tell(new WhichRef(which.ref()));
      assertEquals(Optional.of(n2.ref()), which.receiveMessage());
      return null;
    });

    member.tell(new ReceptionistTransport.PeerListing(unreachable(key, n2.ref())));
    member.tell(new WhichRef(which.ref()));
    assertEquals(Optional.of(n2.ref()), which.receiveMessage());
    VoteReply vote = new VoteReply(1, "n1", true);
    member.tell(vote);
    assertEquals(vote, n2.receiveMessage());
  }

  @Test
  void when_a_peer_path_is_configured_then_the_peer_is_reached_before_the_receptionist_lists_it() {
    TestProbe<RaftCommand> atPath = kit.createTestProbe();
    String path = atPath.ref().path().toString(); // no incarnation (uid): any actor at that path
    ActorRef<RaftCommand> member = kit.spawn(member("paths", Map.of("n2", path)));
    TestProbe<Optional<ActorRef<RaftCommand>>> which = kit.createTestProbe();

    VoteReply vote = new VoteReply(1, "n1", true);
    member.tell(vote);
    assertEquals(vote, atPath.receiveMessage(), "sent to the configured path while nothing is listed");

    TestProbe<RaftCommand> registered = kit.createTestProbe();
    kit.system().receptionist().tell(Receptionist.register(ReceptionistTransport.serviceKey("paths", "n2"),
        registered.ref()));
    which.awaitAssert(() -> {
      member.tell(new WhichRef(which.ref()));
      assertEquals(Optional.of(registered.ref()), which.receiveMessage());
      return null;
    });
    member.tell(vote);
    assertEquals(vote, registered.receiveMessage(), "the listed registration wins once there is one");
    atPath.expectNoMessage();
  }

  /** A listing in which {@code ref} is registered (a cluster member) but unreachable. */
  private static Receptionist.Listing unreachable(ServiceKey<RaftCommand> key, ActorRef<RaftCommand> ref) {
    scala.collection.immutable.Set<ActorRef<RaftCommand>> none = CollectionConverters.asScala(Set.<ActorRef<RaftCommand>>of()).toSet();
    scala.collection.immutable.Set<ActorRef<RaftCommand>> all = CollectionConverters.asScala(Set.of(ref)).toSet();
    return new ReceptionistMessages.Listing<>(key, none, all, false);
  }

  @Test
  void newestRegistrationWinsAndTheRefInUseStaysWhenNothingIsNew() {
    assertEquals(Optional.of("new"), ReceptionistTransport.newest(Set.of("old", "new"), Set.of("old"), "old"));
    assertEquals(Optional.of("new"), ReceptionistTransport.newest(Set.of("new"), Set.of("old", "new"), "new"));
    assertEquals(Optional.of("a"), ReceptionistTransport.newest(Set.of("a", "b"), Set.of("a", "b"), "a"));
    assertEquals(Optional.of("b"), ReceptionistTransport.newest(Set.of("a", "b"), Set.of("a", "b"), "b"));
    assertEquals(Optional.empty(), ReceptionistTransport.newest(Set.of(), Set.of("a"), "a"));
  }
}
