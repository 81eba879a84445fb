package io.akkaraft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.persistence.testkit.PersistenceTestKitPlugin;
import akka.persistence.testkit.javadsl.PersistenceTestKit;
import io.akkaraft.ClientProtocol.Committed;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.PeerProtocol.RequestVote;
import io.akkaraft.core.PeerProtocol.VoteReply;
import io.akkaraft.testkit.InJvmGroup;
import io.akkaraft.testkit.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Members stopped and started again on the same LevelDB journal (Figure 3.1 persistent state, §3.8). */
class CrashRestartTest {
  @TempDir static Path journalDir;
  static ActorTestKit kit;

  @BeforeAll
  static void startKit() {
    // LevelDB by default; the persistence testkit's journal only where a test injects a write failure.
    kit = ActorTestKit.create("crash-restart",
        TestConfigs.levelDb(journalDir).withFallback(PersistenceTestKitPlugin.config()));
  }

  @AfterAll
  static void stopKit() {
    kit.shutdownTestKit();
  }

  @Test
  @DisplayName("Figure 3.1: currentTerm, votedFor and log[] are persistent and come back after a restart")
  void termVoteAndLogSurviveARestart() {
    try (InJvmGroup group = InJvmGroup.start(kit, "survive-restart", 3)) {
      for (String command : List.of("a", "b", "c")) group.commit(command);
      group.awaitApplied(group.membership(), List.of("a", "b", "c"));
      group.await(() -> {
        for (String id : group.membership()) assertTrue(onDisk(group.state(id)), group.describe());
        return null;
      });

      group.stopAll();
      Map<String, MemberState> before = new HashMap<>();
      for (String id : group.membership()) before.put(id, group.state(id));
      group.membership().forEach(group::start);

      for (String id : group.membership()) {
        MemberState last = before.get(id);
        MemberState recovered = group.awaitRecovered(id);
        if (onDisk(last)) {
          assertEquals(last.currentTerm(), recovered.currentTerm(), id);
          assertEquals(last.votedFor(), recovered.votedFor(), id);
          assertEquals(last.log().entries(), recovered.log().entries(), id);
        } else {
          // Stopped while a write was under way: at least what was confirmed durable is back.
          assertTrue(recovered.currentTerm() >= last.durable().term(), id);
          assertEquals(last.log().slice(1, last.durable().lastIndex()),
              recovered.log().slice(1, last.durable().lastIndex()), id);
        }
      }
      group.awaitApplied(group.membership(), List.of("a", "b", "c"));
      group.assertInvariants();
    }
  }

  /** Whether everything {@code s} holds in memory is confirmed on disk. */
  private static boolean onDisk(MemberState s) {
    return s.durable().term() == s.currentTerm()
        && Objects.equals(s.durable().votedFor(), s.votedFor())
        && s.durable().lastIndex() == s.log().lastIndex();
  }

  @Test
  @DisplayName("Figure 3.1 RequestVote receiver: a restarted member still refuses another candidate of the "
      + "term it voted in, and still grants the one it voted for")
  void restartedMemberNeverVotesTwiceInATerm() {
    // One real voter; the two candidates are probes. The voter's own timeout is far beyond the test.
    try (InJvmGroup group = new InJvmGroup(kit, "vote-once", List.of("voter", "c1", "c2"),
        s -> s.withElectionTimeout(Duration.ofSeconds(60), Duration.ofSeconds(120)))) {
      TestProbe<RaftCommand> c1 = kit.createTestProbe();
      TestProbe<RaftCommand> c2 = kit.createTestProbe();
      group.registerFake("c1", c1.getRef());
      group.registerFake("c2", c2.getRef());
      ActorRef<RaftCommand> voter = group.start("voter");

      voter.tell(new RequestVote(1, "c1", 0, 0));
      c1.expectMessage(InJvmGroup.TIMEOUT, new VoteReply(1, "voter", true));

      group.stop("voter");
      voter = group.start("voter");
      MemberState recovered = group.awaitRecovered("voter");
      assertEquals(1, recovered.currentTerm());
      assertEquals("c1", recovered.votedFor());

      // c2's log is more up-to-date, so only the durable vote for c1 can make the voter refuse it.
      voter.tell(new RequestVote(1, "c2", 5, 1));
      c2.expectMessage(InJvmGroup.TIMEOUT, new VoteReply(1, "voter", false));
      voter.tell(new RequestVote(1, "c1", 0, 0));
      c1.expectMessage(InJvmGroup.TIMEOUT, new VoteReply(1, "voter", true));
      // A new term frees the vote.
      voter.tell(new RequestVote(2, "c2", 5, 1));
      c2.expectMessage(InJvmGroup.TIMEOUT, new VoteReply(2, "voter", true));
      group.assertInvariants();
    }
  }

  @Test
  @DisplayName("§3.6 State Machine Safety: acknowledged entries survive restarts of every member, and every "
      + "member applies the same commands in the same order")
  void acknowledgedEntriesSurviveRestartsOfAllMembers() {
    try (InJvmGroup group = InJvmGroup.start(kit, "all-restart", 3)) {
      List<String> acknowledged = new ArrayList<>();
      long lastIndex = 0;
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 3; i++) {
          String command = "r" + round + "-" + i;
          Committed committed = group.commit(command);
          assertTrue(committed.index() > lastIndex, "indices grow: " + committed);
          lastIndex = committed.index();
          acknowledged.add(command);
        }
        group.stopAll();
        group.membership().forEach(group::start);
      }
      // A leader of the new term commits an entry of its own, so every acknowledged one is applied again.
      group.commit("final");
      acknowledged.add("final");
      group.awaitApplied(group.membership(), acknowledged);
      group.assertInvariants();
    }
  }

  @Test
  @DisplayName("§3.8: restarting one member after another, the leader included, loses no acknowledged entry")
  void rollingRestartsLoseNoAcknowledgedEntry() {
    try (InJvmGroup group = InJvmGroup.start(kit, "rolling-restart", 3)) {
      List<String> acknowledged = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        String command = "c" + round;
        group.commit(command);
        acknowledged.add(command);
        String victim = round % 2 == 0 ? group.awaitLeader() : group.membership().get(round % 3);
        group.restart(victim);
      }
      group.commit("final");
      acknowledged.add("final");
      group.awaitApplied(group.membership(), acknowledged);
      group.assertInvariants();
    }
  }

  @Test
  @DisplayName("§3.8: a member whose journal cannot recover stops instead of running with an empty state")
  void memberWhoseJournalFailsToRecoverStops() {
    try (InJvmGroup group = new InJvmGroup(kit, "no-journal", List.of("x", "y", "z"),
        s -> s.withJournalPluginId("akka-raft.test.no-such-journal", ""))) {
      TestProbe<RaftCommand> y = kit.createTestProbe();
      group.registerFake("y", y.getRef());
      group.start("x").tell(new RequestVote(1, "y", 0, 0));

      group.awaitSelfStop("x");
      assertNull(group.state("x"), "it never reported a state, so it never ran");
      y.expectNoMessage(Duration.ofMillis(100));
    }
  }

  @Test
  @DisplayName("Figure 3.1 persist before responding: a member whose journal write fails stops without "
      + "granting the vote it could not persist")
  void memberWhoseJournalWriteFailsStopsWithoutAnswering() {
    try (InJvmGroup group = new InJvmGroup(kit, "write-fails", List.of("voter", "c1", "c2"),
        s -> s.withJournalPluginId(PersistenceTestKitPlugin.PluginId(), "")
            .withElectionTimeout(Duration.ofSeconds(60), Duration.ofSeconds(120)))) {
      TestProbe<RaftCommand> c1 = kit.createTestProbe();
      group.registerFake("c1", c1.getRef());
      ActorRef<RaftCommand> voter = group.start("voter");
      group.awaitRecovered("voter");
      PersistenceTestKit.create(kit.system()).failNextPersisted(group.settings("voter").persistenceId());

      voter.tell(new RequestVote(1, "c1", 0, 0));

      group.awaitSelfStop("voter");
      c1.expectNoMessage(Duration.ofMillis(100));
      group.assertInvariants();
    }
  }
}
