package io.akkaraft.sim;

import static io.akkaraft.sim.EventQueue.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.core.LogEntry;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A retry that reaches a leader still holding the first attempt joins it (Submit's retry key): a slow
 * leader is not handed a second copy of a command it has not committed yet.
 */
class RetryJoinScenarioTest {

  @Test
  @DisplayName("§6.3 with a retry key: retries of an uncommitted command, queued or appended, are answered with the one entry the first attempt made")
  void retriesOfAnUncommittedCommandJoinItsEntry() {
    List<String> ids = Simulation.memberIds(3);
    Simulation sim = Simulation.scenario(ids);
    sim.start();
    assertTrue(sim.awaitRecovered(), sim.report(40));
    assertTrue(sim.elect("n1"), () -> sim.report(40));
    Submission warm = sim.submit("client", "n1", "warm", millis(1));
    assertTrue(sim.runUntil(warm::committed, millis(100)), () -> sim.report(40));
    long before = sim.state("n1").log().lastIndex();

    sim.network.isolate("n1"); // nothing commits: the first attempt's answer is only slow
    Submission first = sim.submit("client", "n1", "x", millis(1), "7/1");
    Submission queuedRetry = sim.submit("client", "n1", "x", millis(1), "7/1"); // same batch, before the flush
    sim.runFor(millis(5));
    Submission appendedRetry = sim.submit("client", "n1", "x", millis(1), "7/1");
    Submission other = sim.submit("client", "n1", "y", millis(1), "7/2");
    sim.runFor(millis(5));
    sim.network.heal();

    assertTrue(sim.runUntil(() -> first.committed() && queuedRetry.committed() && appendedRetry.committed()
        && other.committed(), millis(200)), () -> sim.report(40));
    assertEquals(first.index(), queuedRetry.index(), "the queued retry has the first attempt's outcome");
    assertEquals(first.index(), appendedRetry.index(), "so has the retry that came after the append");
    List<String> appended = sim.state("n1").log().entries().stream().filter(e -> e.index() > before)
        .map(LogEntry::toString).toList();
    assertEquals(2, appended.size(), "x once and y once: " + appended);
    assertNull(sim.violation(), () -> sim.report(60));
  }
}
