package io.akkaraft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.akkaraft.ClientProtocol.Committed;
import io.akkaraft.testkit.InJvmGroup;
import io.akkaraft.testkit.TestConfigs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Leader election (§3.4) of real members on LevelDB, under partitions, one-way cuts and crashes. */
class LeaderElectionTest {
  @TempDir static Path journalDir;
  static ActorTestKit kit;

  @BeforeAll
  static void startKit() {
    kit = ActorTestKit.create("leader-election", TestConfigs.levelDb(journalDir));
  }

  @AfterAll
  static void stopKit() {
    kit.shutdownTestKit();
  }

  @ParameterizedTest(name = "{0} members")
  @ValueSource(ints = {3, 5})
  @DisplayName("Figure 3.2 Election Safety: at most one leader per term, through isolations, one-way cuts and crashes")
  void atMostOneLeaderIsElectedInEachTerm(int size) {
    try (InJvmGroup group = InJvmGroup.start(kit, "one-leader-" + size, size)) {
      for (int round = 0; round < 3; round++) {
        String leader = group.awaitLeader();
        long term = group.state(leader).currentTerm();
        List<String> others = new ArrayList<>(group.membership());
        others.remove(leader);
        switch (round) {
          case 0 -> group.network().partition(List.of(leader), others);
          case 1 -> others.forEach(f -> group.network().cutOneWay(leader, f)); // it hears, nobody hears it
          default -> group.stop(leader);
        }
        String next = group.awaitLeader(others);
        assertTrue(group.state(next).currentTerm() > term, group.describe());
        group.commit(others, "round-" + round);
        group.network().heal();
        if (round == 2) group.start(leader);
      }
      group.awaitLeader();
      group.awaitApplied(group.membership(), List.of("round-0", "round-1", "round-2"));

      Map<Long, Set<String>> leaders = group.observer().leadersByTerm();
      assertTrue(leaders.size() >= 4, "a leader before and after each of the 3 faults: " + leaders);
      leaders.forEach((term, ids) -> assertEquals(1, ids.size(), "leaders of term " + term + ": " + ids));
      group.assertInvariants();
    }
  }

  @Test
  @DisplayName("§3.4: when the leader stops, the others elect a new leader in a higher term, which commits")
  void whenTheLeaderStopsAnotherIsElectedInAHigherTerm() {
    try (InJvmGroup group = InJvmGroup.start(kit, "re-election", 3)) {
      Committed first = group.commit("before");
      String old = group.awaitLeader();
      long oldTerm = group.state(old).currentTerm();

      group.stop(old);

      List<String> survivors = new ArrayList<>(group.membership());
      survivors.remove(old);
      String leader = group.awaitLeader(survivors);
      assertNotEquals(old, leader);
      assertTrue(group.state(leader).currentTerm() > oldTerm, group.describe());
      Committed second = group.commit(survivors, "after");
      assertTrue(second.index() > first.index(), group.describe());
      group.awaitApplied(survivors, List.of("before", "after"));
      assertFalse(group.observer().leadersByTerm().entrySet().stream()
          .anyMatch(e -> e.getKey() > oldTerm && e.getValue().contains(old)), "a stopped member led");
      group.assertInvariants();
    }
  }
}
