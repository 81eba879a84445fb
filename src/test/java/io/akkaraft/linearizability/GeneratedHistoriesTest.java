package io.akkaraft.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.linearizability.RandomHistories.Spec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Histories generated from the model are accepted; the same histories with one stale read are rejected. */
class GeneratedHistoriesTest {
  private static final List<String> KEYS = List.of("x", "y", "z");
  private static final Spec SEQUENTIAL = new Spec(KEYS, 300, 4, 0, 0, 0.05);
  private static final Spec CONCURRENT = new Spec(KEYS, 300, 6, 20, 20, 0.05);
  private static final int SEEDS = 50;

  @Test
  void sequentialHistoriesFromTheModelAreLinearizable() {
    for (long s = 1; s <= SEEDS; s++) {
      long seed = s;
      List<Operation> history = RandomHistories.generate(SEQUENTIAL, seed);
      assertEquals(1, maxConcurrency(history), "the history is sequential");
      CheckResult result = LinearizabilityChecker.check(history);
      assertEquals(Verdict.LINEARIZABLE, result.verdict(), () -> "seed " + seed + ": " + result.explain());
    }
  }

  @Test
  void concurrentHistoriesFromTheModelAreLinearizable() {
    for (long s = 1; s <= SEEDS; s++) {
      long seed = s;
      List<Operation> history = RandomHistories.generate(CONCURRENT, seed);
      CheckResult result = LinearizabilityChecker.check(history);
      assertEquals(Verdict.LINEARIZABLE, result.verdict(), () -> "seed " + seed + ": " + result.explain());
    }
  }

  @Test
  void generatedHistoriesExerciseEveryOutcome() {
    List<Operation> history = RandomHistories.generate(CONCURRENT, 1);
    assertTrue(maxConcurrency(history) >= 4, "operations overlap: " + maxConcurrency(history));
    Map<String, Long> outcomes = history.stream().collect(Collectors.groupingBy(
        op -> op.invocation().kind() + " " + op.result().getClass().getSimpleName(), Collectors.counting()));
    for (String expected : List.of("READ ReadValue", "READ Unknown", "WRITE Ok", "WRITE Unknown", "CAS Ok",
        "CAS Rejected", "DELETE Ok", "DELETE Rejected")) {
      assertTrue(outcomes.containsKey(expected), expected + " missing from " + outcomes);
    }
  }

  @Test
  void staleReadInAGeneratedHistoryIsCaught() {
    for (long s = 1; s <= SEEDS; s++) {
      long seed = s;
      List<Operation> history = RandomHistories.generate(CONCURRENT, seed);
      StaleRead stale = staleRead(history).orElseThrow(() -> new AssertionError("no stale read possible"));
      CheckResult result = LinearizabilityChecker.check(stale.apply(history));
      assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), () -> "seed " + seed + ", " + stale + ": " + result.explain());
      assertEquals(List.of(stale.read().key()), List.copyOf(result.problems().keySet()), result::explain);
    }
  }

  @Test
  void largeHistoryWithUnknownOutcomesIsCheckedWithinItsBudget() {
    Spec spec = new Spec(List.of("x", "y"), 4_000, 8, 30, 30, 0.03);
    List<Operation> history = RandomHistories.generate(spec, 42);
    assertTrue(maxConcurrency(history) >= 6, "operations overlap: " + maxConcurrency(history));
    long started = System.nanoTime();
    CheckResult result = LinearizabilityChecker.check(history, Duration.ofSeconds(20));
    System.out.printf("checked %d operations on %d keys in %d ms%n", history.size(), result.keyVerdicts().size(),
        Duration.ofNanos(System.nanoTime() - started).toMillis());
    assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::explain);
  }

  /**
   * A read made to return what {@code oldWrite} wrote, though {@code newerWrite} overwrote it before the read
   * began: oldWrite completed before newerWrite was invoked, which completed before the read was invoked, and
   * every value is written once, so no order lets the read see it.
   */
  private record StaleRead(Operation read, Operation newerWrite, Operation oldWrite) {
    List<Operation> apply(List<Operation> history) {
      List<Operation> mutated = new ArrayList<>(history);
      mutated.set(mutated.indexOf(read), new Operation(read.id(), read.process(), read.invocation(),
          read.invokedNanos(), read.completedNanos(), Result.read(oldWrite.invocation().value())));
      return mutated;
    }
  }

  private static Optional<StaleRead> staleRead(List<Operation> history) {
    for (int i = history.size() - 1; i >= 0; i--) {
      Operation read = history.get(i);
      if (read.invocation().kind() != OpKind.READ || !read.outcomeKnown()) continue;
      Optional<Operation> newer = latestWriteBefore(history, read.key(), read.invokedNanos());
      Optional<Operation> old = newer.flatMap(w -> latestWriteBefore(history, read.key(), w.invokedNanos()));
      if (old.isPresent()) return Optional.of(new StaleRead(read, newer.get(), old.get()));
    }
    return Optional.empty();
  }

  /** The acknowledged write (or swapping CAS) on {@code key} invoked last among those completed before {@code time}. */
  private static Optional<Operation> latestWriteBefore(List<Operation> history, String key, long time) {
    return history.stream()
        .filter(op -> op.key().equals(key) && op.result() instanceof Result.Ok && op.completedNanos() < time)
        .filter(op -> op.invocation().kind() == OpKind.WRITE || op.invocation().kind() == OpKind.CAS)
        .max((a, b) -> Long.compare(a.invokedNanos(), b.invokedNanos()));
  }

  /** The most operations in progress at one time (unknown ones count until the end). */
  private static int maxConcurrency(List<Operation> history) {
    int most = 0;
    for (Operation op : history) {
      long at = op.invokedNanos();
      int open = (int) history.stream().filter(o -> o.invokedNanos() <= at && at <= o.completedNanos() && o.outcomeKnown())
          .count();
      most = Math.max(most, open);
    }
    return most;
  }
}
