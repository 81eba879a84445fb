package io.akkaraft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.ActorSelection;
import akka.actor.Address;
import akka.actor.ExtendedActorSystem;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.serialization.SerializerWithStringManifest;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.akkaraft.ClientProtocol.GetStatus;
import io.akkaraft.ClientProtocol.Status;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.LogEntry;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.Payload;
import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.AppendReply;
import io.akkaraft.core.PeerProtocol.PreVote;
import io.akkaraft.core.PeerProtocol.RequestVote;
import io.akkaraft.serialization.RaftBinarySerializer;
import io.akkaraft.testkit.InJvmGroup;
import io.akkaraft.testkit.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Nothing from the network reaches a member's internals: another process, over real Artery remoting, sends
 * a healthy group every kind of malformed peer message and every internal message it could try to forge
 * (journal confirmations, timer ticks, election triggers, journal writes). Each is dropped, and the group
 * keeps its leader and term and goes on committing.
 */
class HostilePeerTest {
  /**
   * Akka's Jackson JSON serializer id: the attacker's forger writes under it, while its Jackson CBOR stays
   * real for the status request that shows every attack before it was delivered.
   */
  private static final int JACKSON_JSON_ID = 31;

  private static ActorTestKit target;
  private static ActorTestKit attacker;

  @BeforeAll
  static void start() {
    target = ActorTestKit.create("target", remote().withFallback(TestConfigs.inMemory()));
    attacker = ActorTestKit.create("attacker", ConfigFactory.parseString(String.join("\n",
        // The forgers write whatever bytes and manifest they are given under the ids the target reads.
        "akka.actor.serializers.akka-raft-binary = \"" + ForgedAsBinary.class.getName() + "\"",
        "akka.actor.serializers.jackson-json = \"" + ForgedAsJackson.class.getName() + "\"",
        "akka.actor.serializers.unknown-forger = \"" + ForgedAsUnknown.class.getName() + "\"",
        "akka.actor.serialization-bindings {",
        "  \"" + Forged.class.getName() + "\" = akka-raft-binary",
        "  \"" + ForgedJackson.class.getName() + "\" = jackson-json",
        "  \"" + ForgedUnknown.class.getName() + "\" = unknown-forger",
        "}",
        "akka.actor.serialize-messages = off"))
        .withFallback(remote()).withFallback(TestConfigs.inMemory()));
  }

  private static Config remote() {
    return ConfigFactory.parseString(String.join("\n",
        "akka.actor.provider = remote",
        "akka.remote.artery.transport = tcp",
        "akka.remote.artery.canonical.hostname = 127.0.0.1",
        "akka.remote.artery.canonical.port = 0"));
  }

  @AfterAll
  static void stop() {
    attacker.shutdownTestKit();
    target.shutdownTestKit();
  }

  @Test
  @DisplayName("Malformed peer messages and forged internal messages over real remoting are dropped; the group keeps serving")
  void malformedAndInternalMessagesFromAnotherProcessChangeNothing() {
    // Long timeouts: only an attack could make this group elect again during the test.
    try (InJvmGroup group = InJvmGroup.start(target, "hostile", 3,
        s -> s.withElectionTimeout(Duration.ofSeconds(3), Duration.ofSeconds(6)))) {
      group.commit("before");
      String leader = group.awaitLeader();
      String follower = group.membership().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
      long term = group.state(leader).currentTerm();
      long lastIndex = group.state(leader).log().lastIndex();

      List<Object> attacks = attacks(leader, term, lastIndex);
      TestProbe<Status> delivered = attacker.createTestProbe();
      for (String id : List.of(leader, follower)) {
        selection(group.ref(id), "journal").tell(new ForgedJackson(
            "io.akkaraft.persistence.JournalProtocol$Write", "{\"seq\":1,\"events\":[]}".getBytes(StandardCharsets.UTF_8)),
            akka.actor.ActorRef.noSender());
        for (Object attack : attacks) selection(group.ref(id)).tell(attack, akka.actor.ActorRef.noSender());
        // Remoting keeps one sender's messages to one recipient in order: the answer comes after every attack.
        selection(group.ref(id)).tell(new GetStatus(delivered.getRef()), akka.actor.ActorRef.noSender());
        assertEquals(id, delivered.expectMessageClass(Status.class, InJvmGroup.TIMEOUT).id());
      }

      group.commit("after");
      group.awaitApplied(group.membership(), List.of("before", "after"));
      for (String id : group.membership()) {
        MemberState s = group.state(id);
        assertEquals(term, s.currentTerm(), id + "'s term moved: " + s);
        assertEquals(leader, s.leaderId(), id + " follows another leader: " + s);
      }
      assertEquals(lastIndex + 1, group.state(leader).log().lastIndex(), "only 'after' was appended");
      assertEquals(group.membership().stream().sorted().toList(), group.running().stream().sorted().toList(),
          "every member is still running");
      group.assertInvariants();
    }
  }

  /** Every form of attack a process without the group's trust can send at a member. */
  private static List<Object> attacks(String leader, long term, long lastIndex) {
    RaftBinarySerializer binary = new RaftBinarySerializer(null);
    List<Object> attacks = new ArrayList<>();
    // The member's internal messages, in Jackson's form (the only one they could have had).
    for (String internal : List.of("io.akkaraft.role.Internal$ElectionTimeout", "io.akkaraft.role.Internal$HeartbeatTick",
        "io.akkaraft.role.Internal$FlushProposals")) {
      attacks.add(new ForgedJackson(internal, "\"NOW\"".getBytes(StandardCharsets.UTF_8)));
      attacks.add(new ForgedJackson(internal, "\"INSTANCE\"".getBytes(StandardCharsets.UTF_8)));
    }
    attacks.add(new ForgedJackson("io.akkaraft.persistence.JournalProtocol$Written", "{\"seq\":1}".getBytes(StandardCharsets.UTF_8)));
    // A peer RPC in Jackson's form: peer messages have one wire form, the binary one.
    attacks.add(new ForgedJackson("io.akkaraft.core.PeerProtocol$RequestVote",
        "{\"term\":99,\"from\":\"m2\",\"lastLogIndex\":99,\"lastLogTerm\":99}".getBytes(StandardCharsets.UTF_8)));
    attacks.add(new ForgedUnknown("X", new byte[] {1, 2, 3}));
    // Binary forms that do not parse: truncated, padded, garbage, an unknown manifest.
    byte[] vote = binary.toBinary(new RequestVote(term + 50, "m2", lastIndex + 50, term + 50));
    attacks.add(new Forged("RV", Arrays.copyOf(vote, vote.length - 1)));
    attacks.add(new Forged("RV", Arrays.copyOf(vote, vote.length + 3)));
    byte[] garbage = new byte[64];
    new Random(7).nextBytes(garbage);
    for (String manifest : List.of("AE", "AR", "RV", "VR", "PV", "PR", "EA", "TV", "LT", "??")) {
      attacks.add(new Forged(manifest, garbage));
    }
    // Well-formed messages that no correct member sends.
    Payload command = new Payload(RaftBinarySerializer.IDENTIFIER, "x", new byte[] {1});
    attacks.add(new Forged("AE", binary.toBinary(new AppendEntries(term, leader, lastIndex, term,
        List.of(LogEntry.command(term, lastIndex + 2, command)), lastIndex)))); // not contiguous
    attacks.add(new Forged("AE", binary.toBinary(new AppendEntries(term, leader, lastIndex, term,
        List.of(LogEntry.command(term + 5, lastIndex + 1, command)), lastIndex)))); // entry term beyond the request's
    for (String peer : List.of("m1", "m2", "m3")) {
      attacks.add(new Forged("AR", binary.toBinary(AppendReply.accepted(term, peer, lastIndex + 1_000_000, 1))));
      attacks.add(new Forged("AR", binary.toBinary(AppendReply.rejected(term, peer, lastIndex + 1_000, 0, 1, 1))));
    }
    attacks.add(new Forged("RV", binary.toBinary(new RequestVote(term + 50, "intruder", lastIndex + 50, term + 50))));
    attacks.add(new Forged("PV", binary.toBinary(new PreVote(term + 50, "intruder", lastIndex + 50, term + 50))));
    // Journal events sent to the member itself as if they were messages.
    attacks.add(new Forged("TV", binary.toBinary(new io.akkaraft.core.JournalEvent.TermAndVoteChanged(term + 9, "m2"))));
    attacks.add(new Forged("LT", binary.toBinary(new io.akkaraft.core.JournalEvent.LogTruncated(1))));
    return attacks;
  }

  private static ActorSelection selection(ActorRef<RaftCommand> member, String... children) {
    Address address = target.system().classicSystem().provider().getDefaultAddress();
    String path = member.path().toStringWithAddress(address);
    for (String child : children) path += "/" + child;
    return attacker.system().classicSystem().actorSelection(path);
  }

  /** Bytes and a manifest, sent under the binary serializer's id. */
  public record Forged(String manifest, byte[] bytes) {}

  /** Bytes and a manifest, sent under Jackson's id. */
  public record ForgedJackson(String manifest, byte[] bytes) {}

  /** Bytes under an id the target has no serializer for. */
  public record ForgedUnknown(String manifest, byte[] bytes) {}

  public static final class ForgedAsBinary extends Forger {
    public ForgedAsBinary(ExtendedActorSystem system) {
      super(RaftBinarySerializer.IDENTIFIER);
    }
  }

  public static final class ForgedAsJackson extends Forger {
    public ForgedAsJackson(ExtendedActorSystem system) {
      super(JACKSON_JSON_ID);
    }
  }

  public static final class ForgedAsUnknown extends Forger {
    public ForgedAsUnknown(ExtendedActorSystem system) {
      super(4_242_424);
    }
  }

  /** Writes a forged message's bytes and manifest as they are; reads nothing. */
  abstract static class Forger extends SerializerWithStringManifest {
    private final int identifier;

    Forger(int identifier) {
      this.identifier = identifier;
    }

    @Override
    public int identifier() {
      return identifier;
    }

    @Override
    public String manifest(Object o) {
      if (o instanceof Forged f) return f.manifest();
      if (o instanceof ForgedJackson f) return f.manifest();
      if (o instanceof ForgedUnknown f) return f.manifest();
      throw new IllegalArgumentException("the attacker only sends forgeries, not " + o.getClass());
    }

    @Override
    public byte[] toBinary(Object o) {
      if (o instanceof Forged f) return f.bytes();
      if (o instanceof ForgedJackson f) return f.bytes();
      if (o instanceof ForgedUnknown f) return f.bytes();
      throw new IllegalArgumentException("the attacker only sends forgeries, not " + o.getClass());
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) {
      throw new UnsupportedOperationException("the attacker reads nothing");
    }
  }
}
