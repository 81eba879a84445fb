package io.akkaraft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One seed decides everything: the same seed replays the same run, traced or not. */
class DeterminismTest {

  @Test
  @DisplayName("the same seed replays the same run, step for step")
  void sameSeedReplaysTheSameTranscript() {
    RandomRun.Result first = RandomRun.run(7, Set.of(), true);
    RandomRun.Result second = RandomRun.run(7, Set.of(), true);

    assertNull(first.violation());
    assertEquals(first.report(), second.report());
    assertEquals(first.stats().toString(), second.stats().toString());
  }

  @Test
  @DisplayName("tracing a run does not change it")
  void tracingDoesNotChangeTheRun() {
    RandomRun.Result untraced = RandomRun.run(11, Set.of(), false);
    RandomRun.Result traced = RandomRun.run(11, Set.of(), true);

    assertEquals(untraced.stats().toString(), traced.stats().toString());
  }

  @Test
  @DisplayName("different seeds make different runs")
  void differentSeedsMakeDifferentRuns() {
    assertNotEquals(RandomRun.run(1, Set.of(), true).report(), RandomRun.run(2, Set.of(), true).report());
  }
}
