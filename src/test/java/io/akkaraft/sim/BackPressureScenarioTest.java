package io.akkaraft.sim;

import static io.akkaraft.sim.EventQueue.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.ClientProtocol.Overloaded;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** akka-raft.max-uncommitted-bytes: a leader that cannot commit holds a bounded amount, then pushes back. */
class BackPressureScenarioTest {
  private static final String COMMAND = "x".repeat(100);
  /** As LogEntry.sizeBytes counts the command's entry: its bytes, 16 of payload header, 24 of entry header. */
  private static final int ENTRY_BYTES = 140;

  @Test
  @DisplayName("max-uncommitted-bytes: a leader cut off from its followers takes commands up to the bound, answers the rest Overloaded, and takes commands again once they commit")
  void leaderThatCannotCommitAnswersOverloadedPastTheBoundAndRecovers() {
    List<String> ids = Simulation.memberIds(3);
    Simulation sim = Simulation.scenario(ids);
    for (String id : ids) sim.tune(id, s -> s.withMaxCommandBytes(256).withMaxUncommittedBytes(7 * ENTRY_BYTES + 50));
    sim.start();
    assertTrue(sim.awaitRecovered(), sim.report(40));
    assertTrue(sim.elect("n1"), () -> sim.report(40));
    Submission warm = sim.submit("client", "n1", "warm", millis(1));
    assertTrue(sim.runUntil(warm::committed, millis(100)), () -> sim.report(40));

    sim.network.isolate("n1");
    List<Submission> writes = new ArrayList<>();
    for (int i = 0; i < 10; i++) writes.add(sim.submit("client", "n1", COMMAND + i, millis(1)));
    sim.runFor(millis(20)); // well within the election timeout: n1 still leads

    assertTrue(sim.isLeader("n1"), () -> sim.report(40));
    for (int i = 0; i < 7; i++) assertNull(writes.get(i).reply, "within the bound, waiting to commit: " + i);
    for (int i = 7; i < 10; i++) {
      Overloaded overloaded = assertInstanceOf(Overloaded.class, writes.get(i).reply, "past the bound: " + i);
      assertTrue(overloaded.reason().contains("max-uncommitted-bytes"), overloaded.reason());
    }
    // The no-op and "warm" at 1 and 2, then the seven within the bound; nothing past the bound is appended.
    assertEquals(2 + 7, sim.state("n1").log().lastIndex());

    sim.network.heal();
    assertTrue(sim.runUntil(() -> writes.subList(0, 7).stream().allMatch(Submission::committed), millis(200)),
        () -> sim.report(40));
    Submission later = sim.submit("client", "n1", COMMAND + "later", millis(1));
    assertTrue(sim.runUntil(later::committed, millis(200)), () -> sim.report(40));
    assertNull(sim.violation(), () -> sim.report(60));
  }
}
