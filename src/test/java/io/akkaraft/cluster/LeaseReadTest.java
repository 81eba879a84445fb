package io.akkaraft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import io.akkaraft.ClientProtocol.Consistency;
import io.akkaraft.ClientProtocol.Read;
import io.akkaraft.ClientProtocol.ReadReply;
import io.akkaraft.ClientProtocol.ReadResult;
import io.akkaraft.ClientProtocol.ReadUnavailable;
import io.akkaraft.testkit.InJvmGroup;
import io.akkaraft.testkit.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lease-based reads (§6.4.1) on real members with the real clock and LevelDB journals. */
class LeaseReadTest {
  @TempDir static Path journalDir;
  static ActorTestKit kit;

  @BeforeAll
  static void startKit() {
    kit = ActorTestKit.create("lease-reads", TestConfigs.levelDb(journalDir));
  }

  @AfterAll
  static void stopKit() {
    kit.shutdownTestKit();
  }

  @Test
  @DisplayName("§6.4.1: with lease reads on, a leader answers a linearizable read while no follower can hear it, "
      + "stops once its lease ran out, and steps down once no majority answered for an election timeout")
  void leaderAnswersFromItsLeaseThenStopsWhenCutOff() {
    try (InJvmGroup group = InJvmGroup.start(kit, "lease", 3, s -> s.withLeaseReads(true, 1.1))) {
      group.commit("x");
      String leader = group.awaitLeader();
      group.awaitApplied(List.of(leader), List.of("x"));
      // Cut the leader off right after a read went through (its lease confirmed lately), then read again:
      // only the lease can answer. On a slow machine the lease may lapse first; then heal and try again.
      group.await(() -> {
        group.network().heal();
        TestProbe<ReadReply> before = kit.createTestProbe();
        group.ref(leader).tell(new Read("count", Consistency.LINEARIZABLE, before.ref()));
        before.expectMessageClass(ReadResult.class, Duration.ofSeconds(2));
        for (String peer : group.membership()) {
          if (!peer.equals(leader)) group.network().cut(leader, peer);
        }
        TestProbe<ReadReply> cutOff = kit.createTestProbe();
        group.ref(leader).tell(new Read("count", Consistency.LINEARIZABLE, cutOff.ref()));
        ReadResult result = assertInstanceOf(ReadResult.class, cutOff.receiveMessage(Duration.ofMillis(100)));
        assertEquals(1, result.result(), "the read reflects the committed command");
        return null;
      });

      // election-timeout-min of the test configuration (150ms) / 1.1 later the lease is gone, so a read waits
      // for a heartbeat round that no majority answers, until the leader, which no majority has answered for
      // election-timeout-max (300ms), steps down and refuses it.
      TestProbe<ReadReply> probe = kit.createTestProbe();
      probe.expectNoMessage(Duration.ofMillis(200));
      group.ref(leader).tell(new Read("count", Consistency.LINEARIZABLE, probe.ref()));
      assertInstanceOf(ReadUnavailable.class, probe.receiveMessage(InJvmGroup.TIMEOUT));
      group.await(() -> {
        assertFalse(group.state(leader).isLeader(), "the cut-off leader stepped down");
        return null;
      });
      group.network().heal();
      group.assertInvariants();
    }
  }
}
