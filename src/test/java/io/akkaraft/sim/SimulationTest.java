package io.akkaraft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The CI seed budget: {@code sim.seeds} random runs (1,000 by default, set in the pom) of 3 or 5 production
 * members under mixed faults, with every safety property checked after every step and liveness checked once
 * the faults stop. A failure names the seed, shows its transcript and the command that replays it.
 */
class SimulationTest {

  @Test
  @DisplayName("Figure 3.2 safety properties, durability and liveness hold on every CI seed")
  void raftPropertiesHoldOnEverySeed() {
    int seeds = Integer.getInteger("sim.seeds", 1000);
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());

    SeedBatch.Outcome outcome = SeedBatch.run(1, seeds, Set.of(), threads, System.out::println);

    Stats s = outcome.stats();
    System.out.printf("simulation: runs=%d steps=%d faults-injected=%d violations-found=%d in %.1fs%n  %s%n",
        outcome.runs(), s.steps, s.faults(), outcome.failures().size(), outcome.wallMillis() / 1000.0, s);
    if (!outcome.failures().isEmpty()) {
      long seed = outcome.failures().get(0).seed();
      RandomRun.Result traced = RandomRun.run(seed, Set.of(), true);
      fail(outcome.failures().size() + " of " + seeds + " seeds broke an invariant, first seed " + seed + ": "
          + outcome.failures().get(0).violation() + "\nreplay: " + SeedBatch.replayCommand(seed, Set.of()) + "\n"
          + tail(traced.report(), 150));
    }
    // The runs did what they claim: every kind of fault happened, leaders were elected, commands committed.
    assertEquals(seeds, outcome.runs());
    assertTrue(s.dropped > 0 && s.duplicated > 0 && s.delayed > 0, s::toString);
    assertTrue(s.partitions > 0 && s.crashes > 0 && s.slowWrites > 0, s::toString);
    assertTrue(s.elections >= seeds && s.acknowledged >= seeds, s::toString);
  }

  static String tail(String report, int lines) {
    String[] all = report.split("\n");
    int from = Math.max(0, all.length - lines);
    String shown = String.join("\n", Arrays.copyOfRange(all, from, all.length));
    return (from > 0 ? "... " + from + " earlier lines\n" : "") + shown;
  }
}
