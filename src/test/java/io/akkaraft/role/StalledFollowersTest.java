package io.akkaraft.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.core.Progress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StalledFollowersTest {
  private static final long STALL = 1_000;

  @Test
  @DisplayName("A follower behind the log whose match index stands still is reported once, and again once it moves")
  void stalledFollowerIsReportedOnceAndAgainWhenItMoves() {
    StalledFollowers watch = new StalledFollowers(STALL);
    Map<String, Progress> stuck = Map.of("b", new Progress(41, 40, 1, true), "c", new Progress(101, 100, 0, false));

    assertEquals(List.of(), watch.check(stuck, 100, 0));
    assertEquals(List.of(), watch.check(stuck, 100, STALL - 1), "not yet long enough");
    List<String> reported = watch.check(stuck, 100, STALL);
    assertEquals(1, reported.size(), reported.toString());
    assertTrue(reported.get(0).contains("follower b") && reported.get(0).contains("40 of 100"), reported.get(0));
    assertEquals(List.of(), watch.check(stuck, 100, 5 * STALL), "once per stall");

    List<String> moved = watch.check(Map.of("b", new Progress(61, 60, 0, false)), 100, 6 * STALL);
    assertEquals(List.of("follower b is catching up again at index 60"), moved);
  }

  @Test
  @DisplayName("An idle follower that holds the whole log is never reported, however long nothing happens")
  void upToDateFollowerIsNeverReported() {
    StalledFollowers watch = new StalledFollowers(STALL);
    Map<String, Progress> current = Map.of("b", new Progress(101, 100, 0, false));
    for (long t = 0; t < 10 * STALL; t += STALL) assertEquals(List.of(), watch.check(current, 100, t));
  }
}
