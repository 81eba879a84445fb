package io.akkaraft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.akkaraft.ClientProtocol.Committed;
import io.akkaraft.ClientProtocol.GetStatus;
import io.akkaraft.ClientProtocol.NotLeader;
import io.akkaraft.ClientProtocol.OutcomeUnknown;
import io.akkaraft.ClientProtocol.Rejected;
import io.akkaraft.ClientProtocol.Status;
import io.akkaraft.ClientProtocol.Submit;
import io.akkaraft.ClientProtocol.SubmitReply;
import io.akkaraft.RaftCommand;
import io.akkaraft.RaftNode;
import io.akkaraft.RaftSettings;
import io.akkaraft.core.MemberState;
import io.akkaraft.testkit.InJvmGroup;
import io.akkaraft.testkit.RecordingStateMachine;
import io.akkaraft.testkit.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What clients see (§6.2, §6.3): redirects, refusals, uncertain outcomes and status. */
class ClientApiTest {
  @TempDir static Path journalDir;
  static ActorTestKit kit;

  @BeforeAll
  static void startKit() {
    kit = ActorTestKit.create("client-api", TestConfigs.levelDb(journalDir));
  }

  @AfterAll
  static void stopKit() {
    kit.shutdownTestKit();
  }

  @Test
  @DisplayName("§6.2: a follower answers a Submit with NotLeader naming the leader and its ref, and does nothing")
  void followerRedirectsToTheLeader() {
    try (InJvmGroup group = InJvmGroup.start(kit, "redirect", 3)) {
      group.await(() -> {
        String leader = group.awaitLeader();
        String follower = group.membership().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        NotLeader reply = assertInstanceOf(NotLeader.class, group.submit(follower, "x"));
        assertEquals(leader, reply.leaderId());
        assertEquals(group.ref(leader), reply.leader());
        return null;
      });
      group.commit("y");
      group.awaitApplied(group.membership(), List.of("y")); // "x" was never appended
      group.assertInvariants();
    }
  }

  @Test
  @DisplayName("§6.2 with the Receptionist transport: NotLeader carries the leader's discovered ref, which "
      + "accepts the command")
  void followerRedirectsToTheLeaderFoundThroughTheReceptionist() {
    List<String> ids = List.of("r1", "r2", "r3");
    Map<String, List<String>> applied = RecordingStateMachine.registry();
    Map<String, ActorRef<RaftCommand>> members = new LinkedHashMap<>();
    for (String id : ids) {
      RaftSettings settings = RaftSettings.create(kit.system(), "receptionist", id, ids);
      members.put(id, kit.spawn(RaftNode.create(settings, () -> new RecordingStateMachine(applied, id)),
          "receptionist-" + id));
    }
    try {
      TestProbe<Status> status = kit.createTestProbe();
      TestProbe<SubmitReply> replies = kit.createTestProbe();
      ActorRef<RaftCommand> leaderRef = status.awaitAssert(InJvmGroup.TIMEOUT, () -> {
        Map<String, Status> byId = new LinkedHashMap<>();
        for (String id : ids) {
          members.get(id).tell(new GetStatus(status.getRef()));
          byId.put(id, status.receiveMessage());
        }
        String leader = byId.values().stream().filter(s -> s.role().equals("leader")).findFirst()
            .map(Status::id).orElseThrow(() -> new AssertionError("no leader: " + byId.values()));
        String follower = ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        members.get(follower).tell(new Submit("ignored", replies.getRef()));
        NotLeader redirect = assertInstanceOf(NotLeader.class, replies.receiveMessage());
        assertEquals(leader, redirect.leaderId());
        assertEquals(members.get(leader), redirect.leader(), "discovered through the Receptionist");
        return redirect.leader();
      });
      leaderRef.tell(new Submit("via-redirect", replies.getRef()));
      assertInstanceOf(Committed.class, replies.receiveMessage(InJvmGroup.TIMEOUT));
      status.awaitAssert(InJvmGroup.TIMEOUT, () -> {
        for (String id : ids) assertEquals(List.of("via-redirect"), applied.get(id), id);
        return null;
      });
    } finally {
      members.values().forEach(ref -> kit.stop(ref, InJvmGroup.TIMEOUT));
    }
  }

  @Test
  @DisplayName("akka-raft.max-command-bytes: an oversized command is Rejected and never appended")
  void oversizedCommandIsRejectedAndNeverAppended() {
    try (InJvmGroup group = InJvmGroup.start(kit, "oversized", 3, s -> s.withMaxCommandBytes(256))) {
      group.commit("small");
      String big = "x".repeat(1000);
      group.await(() -> {
        String leader = group.awaitLeader();
        long lastIndex = group.status(leader).lastLogIndex();
        Rejected rejected = assertInstanceOf(Rejected.class, group.submit(leader, big));
        assertTrue(rejected.reason().contains("max-command-bytes"), rejected.reason());
        assertEquals(lastIndex, group.status(leader).lastLogIndex(), "nothing appended");
        return null;
      });
      group.commit("small-again");
      group.awaitApplied(group.membership(), List.of("small", "small-again"));
      group.assertInvariants();
    }
  }

  @Test
  @DisplayName("§6.3: a leader that loses leadership with commands pending answers each OutcomeUnknown")
  void leaderThatLosesLeadershipAnswersPendingCommandsOutcomeUnknown() {
    // Longer timeouts than the test default, so the old leader still leads when the commands reach it.
    try (InJvmGroup group = InJvmGroup.start(kit, "outcome-unknown", 3,
        s -> s.withElectionTimeout(Duration.ofMillis(500), Duration.ofMillis(1000)))) {
      String oldLeader = group.awaitLeader();
      List<String> others = new ArrayList<>(group.membership());
      others.remove(oldLeader);
      group.network().partition(List.of(oldLeader), others);
      long lastIndex = group.state(oldLeader).log().lastIndex();
      TestProbe<SubmitReply> pending1 = group.submitAsync(oldLeader, "pending-1");
      TestProbe<SubmitReply> pending2 = group.submitAsync(oldLeader, "pending-2");
      group.awaitLeader(others);
      // The cut-off leader steps down either by itself (check quorum, within election-timeout-max) or when
      // healing shows it the new term; which comes first is timing, and the answer is the same either way.
      group.network().heal();

      OutcomeUnknown unknown1 = assertInstanceOf(OutcomeUnknown.class, pending1.receiveMessage(InJvmGroup.TIMEOUT));
      OutcomeUnknown unknown2 = assertInstanceOf(OutcomeUnknown.class, pending2.receiveMessage(InJvmGroup.TIMEOUT));
      assertEquals(lastIndex + 1, unknown1.index());
      assertEquals(lastIndex + 2, unknown2.index());
      group.commit("after");
      group.awaitApplied(group.membership(), List.of("after")); // here the unknown outcome was: not applied
      group.assertInvariants();
    }
  }

  @Test
  @DisplayName("GetStatus reports id, role, term, leader, commit index, last applied, last log index, members")
  void statusReportsTheMembersView() {
    try (InJvmGroup group = InJvmGroup.start(kit, "status", 3)) {
      group.commit("s1");
      group.awaitApplied(group.membership(), List.of("s1"));
      group.await(() -> {
        String leader = group.awaitLeader();
        MemberState leaderState = group.state(leader);
        long last = leaderState.log().lastIndex();
        for (String id : group.membership()) {
          Status status = group.status(id);
          String role = id.equals(leader) ? "leader" : "follower";
          assertEquals(new Status(id, role, leaderState.currentTerm(), leader, last, last, last,
              List.of("m1", "m2", "m3")), status);
        }
        return null;
      });
      group.assertInvariants();
    }
  }
}
