package io.akkaraft.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checker's reductions (memo, greedy observations, required timed-out writes, optional operations taken
 * only where they matter) must not change any verdict: on small random histories, most of them not
 * linearizable, it agrees with a plain search over every order, written independently on strings.
 */
class ExhaustiveSearchTest {
  private static final int HISTORIES = 6_000;
  private static final int MAX_SIZE = 10;

  @Test
  void checkerAgreesWithAnExhaustiveSearchOnSmallRandomHistories() {
    Random random = new Random(7);
    int linearizable = 0;
    for (int i = 0; i < HISTORIES; i++) {
      List<Operation> history = arbitraryHistory(random, 1 + random.nextInt(MAX_SIZE), random.nextBoolean());
      boolean expected = exhaustivelyLinearizable(history);
      CheckResult result = LinearizabilityChecker.check(history);
      assertEquals(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE, result.verdict(),
          () -> "history " + history + "\n" + result.explain());
      if (expected) linearizable++;
    }
    int accepted = linearizable;
    assertTrue(accepted > HISTORIES / 5 && accepted < HISTORIES * 4 / 5, () -> accepted + " of " + HISTORIES
        + " linearizable: the generator should make both kinds");
  }

  /**
   * Operations on one key with random intervals, kinds and results. Values come from a pool of three (so a
   * value is often written twice) or are unique per write, which lets the checker require timed-out writes
   * whose value was read.
   */
  private static List<Operation> arbitraryHistory(Random random, int size, boolean uniqueValues) {
    List<String> written = new ArrayList<>();
    HistoryBuilder history = HistoryBuilder.on("k");
    for (int i = 0; i < size; i++) {
      long invoked = random.nextInt(20);
      long completed = invoked + random.nextInt(10);
      boolean unknown = random.nextInt(3) == 0;
      String fresh = uniqueValues ? "v" + i : List.of("a", "b", "c").get(random.nextInt(3));
      String old = written.isEmpty() || random.nextInt(4) == 0 ? fresh : written.get(random.nextInt(written.size()));
      Invocation invocation = switch (random.nextInt(4)) {
        case 0 -> Invocation.read("k");
        case 1 -> Invocation.write("k", fresh);
        case 2 -> Invocation.cas("k", old, fresh);
        default -> Invocation.delete("k");
      };
      if (invocation.value() != null) written.add(fresh);
      Result result;
      if (unknown) {
        result = Result.UNKNOWN;
      } else if (invocation.kind() == OpKind.READ) {
        result = Result.read(random.nextInt(4) == 0 || written.isEmpty() ? null : written.get(random.nextInt(written.size())));
      } else if (invocation.kind() == OpKind.WRITE) {
        result = Result.OK;
      } else {
        result = random.nextBoolean() ? Result.OK : Result.REJECTED;
      }
      history.add(i % 3, invocation, invoked, unknown ? Long.MAX_VALUE : completed, result);
    }
    return history.build();
  }

  /**
   * Tries every order: an operation may go next once all that completed before its invocation have gone,
   * and the search is over when every operation with a known outcome has. Remembers the (operations placed,
   * value) pairs it has been through, which only saves repeating itself.
   */
  private static boolean exhaustivelyLinearizable(List<Operation> history) {
    List<Operation> ops = history.stream()
        .filter(op -> op.outcomeKnown() || op.invocation().kind() != OpKind.READ)
        .toList();
    return extend(ops, 0, null, new HashSet<>());
  }

  private static boolean extend(List<Operation> ops, int placed, String value, Set<List<Object>> seen) {
    if (!seen.add(Arrays.asList(placed, value))) return false;
    boolean allKnownPlaced = true;
    for (int i = 0; i < ops.size(); i++) allKnownPlaced &= isSet(placed, i) || !ops.get(i).outcomeKnown();
    if (allKnownPlaced) return true;
    for (int i = 0; i < ops.size(); i++) {
      if (isSet(placed, i) || !mayGoNext(ops, placed, ops.get(i))) continue;
      Step step = step(ops.get(i), value);
      if (step.fits() && extend(ops, placed | 1 << i, step.value(), seen)) return true;
    }
    return false;
  }

  private static boolean isSet(int placed, int i) {
    return (placed & 1 << i) != 0;
  }

  private static boolean mayGoNext(List<Operation> ops, int placed, Operation op) {
    for (int j = 0; j < ops.size(); j++) {
      if (!isSet(placed, j) && ops.get(j).completedNanos() < op.invokedNanos()) return false;
    }
    return true;
  }

  private record Step(boolean fits, String value) {}

  /** The register: an unknown outcome is taken with its effect (without one it is the same as left out). */
  private static Step step(Operation op, String value) {
    Invocation inv = op.invocation();
    boolean rejected = op.result() instanceof Result.Rejected;
    return switch (inv.kind()) {
      case READ -> new Step(Objects.equals(value, ((Result.ReadValue) op.result()).value()), value);
      case WRITE -> new Step(true, inv.value());
      case CAS -> rejected
          ? new Step(!inv.expected().equals(value), value)
          : new Step(inv.expected().equals(value), inv.value());
      case DELETE -> rejected ? new Step(value == null, null) : new Step(value != null, null);
    };
  }
}
