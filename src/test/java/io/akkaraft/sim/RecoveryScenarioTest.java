package io.akkaraft.sim;

import static io.akkaraft.sim.EventQueue.millis;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.ClientProtocol.NotLeader;
import io.akkaraft.ClientProtocol.ReadUnavailable;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A member that is still reading its journal holds no client request: each may be a large command. */
class RecoveryScenarioTest {

  @Test
  @DisplayName("Bounded recovery stash: a member still recovering answers commands NotLeader and reads unavailable at once")
  void recoveringMemberAnswersClientsAtOnceInsteadOfHoldingTheirCommands() {
    List<String> ids = Simulation.memberIds(3);
    Simulation sim = Simulation.scenario(ids).withDiskLatency("n3", millis(50));
    sim.start();

    Submission write = sim.submit("client", "n3", "x".repeat(10_000), millis(1));
    ReadRequest read = sim.read("client", "n3", millis(1));
    sim.runFor(millis(5));

    assertNull(sim.state("n3"), "n3 is still recovering");
    assertInstanceOf(NotLeader.class, write.reply, () -> sim.report(20));
    assertInstanceOf(ReadUnavailable.class, read.reply, () -> sim.report(20));
    assertTrue(sim.awaitRecovered(), () -> sim.report(20));
    assertNull(sim.violation(), () -> sim.report(40));
  }
}
