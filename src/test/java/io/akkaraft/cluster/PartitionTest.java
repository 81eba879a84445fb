package io.akkaraft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.akkaraft.ClientProtocol.OutcomeUnknown;
import io.akkaraft.ClientProtocol.SubmitReply;
import io.akkaraft.core.LogEntry;
import io.akkaraft.core.MemberState;
import io.akkaraft.testkit.InJvmGroup;
import io.akkaraft.testkit.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A leader cut off in a minority (§3.5, §3.6): what it appends there never commits and is replaced. */
class PartitionTest {
  @TempDir static Path journalDir;
  static ActorTestKit kit;

  @BeforeAll
  static void startKit() {
    kit = ActorTestKit.create("partition", TestConfigs.levelDb(journalDir));
  }

  @AfterAll
  static void stopKit() {
    kit.shutdownTestKit();
  }

  @Test
  @DisplayName("§3.5/§3.6: a partitioned old leader steps down on a higher term; its minority entries are "
      + "never committed and are replaced by the majority's log")
  void partitionedOldLeaderStepsDownAndItsMinorityEntriesAreReplaced() {
    // Longer timeouts than the test default, so the old leader still leads when the commands reach it.
    try (InJvmGroup group = InJvmGroup.start(kit, "minority-leader", 5,
        s -> s.withElectionTimeout(Duration.ofMillis(500), Duration.ofMillis(1000)))) {
      group.commit("before");
      group.awaitApplied(group.membership(), List.of("before"));
      String oldLeader = group.awaitLeader();
      long oldTerm = group.state(oldLeader).currentTerm();
      long committedBefore = group.state(oldLeader).commitIndex();
      List<String> majority = new ArrayList<>(group.membership());
      majority.remove(oldLeader);
      String companion = majority.remove(0);
      List<String> minority = List.of(oldLeader, companion);
      group.network().partition(minority, majority);

      // The old leader appends two commands and replicates them to its companion: 2 of 5, no majority.
      TestProbe<SubmitReply> lost1 = group.submitAsync(oldLeader, "lost-1");
      TestProbe<SubmitReply> lost2 = group.submitAsync(oldLeader, "lost-2");
      long lostUpTo = group.await(() -> {
        MemberState leader = group.state(oldLeader);
        MemberState follower = group.state(companion);
        // Entries of oldTerm can only be the old leader's, whether or not check quorum has since made it step
        // down (within election-timeout-max of the cut): leadership at this moment is timing, not the rule.
        assertEquals(committedBefore + 2, leader.log().lastIndex(), leader.toString());
        for (long i = committedBefore + 1; i <= committedBefore + 2; i++) {
          assertEquals(oldTerm, leader.log().entry(i).term(), leader.toString());
        }
        assertEquals(leader.log().entries(), follower.log().entries(), "companion has the minority entries");
        return leader.log().lastIndex();
      });

      String newLeader = group.awaitLeader(majority);
      assertTrue(group.state(newLeader).currentTerm() > oldTerm);
      group.commit(majority, "after-1");
      group.commit(majority, "after-2");
      group.commit(majority, "after-3");
      for (String id : minority) {
        assertEquals(committedBefore, group.state(id).commitIndex(), id + " committed nothing in the minority");
      }

      group.network().heal();

      String leader = group.awaitLeader();
      assertTrue(group.state(leader).currentTerm() > oldTerm);
      assertInstanceOf(OutcomeUnknown.class, lost1.receiveMessage(InJvmGroup.TIMEOUT));
      assertInstanceOf(OutcomeUnknown.class, lost2.receiveMessage(InJvmGroup.TIMEOUT));
      List<String> expected = List.of("before", "after-1", "after-2", "after-3");
      group.awaitApplied(group.membership(), expected);
      group.await(() -> {
        List<LogEntry> majorityLog = group.state(leader).log().entries();
        for (String id : minority) assertEquals(majorityLog, group.state(id).log().entries(), id);
        for (long i = committedBefore + 1; i <= lostUpTo; i++) assertTrue(majorityLog.get((int) i - 1).term() > oldTerm);
        return null;
      });
      lost1.expectNoMessage(Duration.ofMillis(100));
      group.assertInvariants();
    }
  }
}
