package io.akkaraft.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HistoryTest {
  private final AtomicLong clock = new AtomicLong();
  private final History history = new History(() -> clock.addAndGet(10));

  @Test
  void recordsEachOutcomeWithTheTimesAroundIt() {
    long write = history.invoke(1, Invocation.write("k", "a"));   // t=10
    long read = history.invoke(2, Invocation.read("k"));          // t=20
    long cas = history.invoke(3, Invocation.cas("k", "x", "b"));  // t=30
    long delete = history.invoke(4, Invocation.delete("k"));      // t=40
    history.ok(write);                                            // t=50
    history.read(read, "a");                                      // t=60
    history.rejected(cas);                                        // t=70
    history.unknown(delete);                                      // t=80

    assertEquals(List.of(
        new Operation(write, 1, Invocation.write("k", "a"), 10, 50, Result.OK),
        new Operation(read, 2, Invocation.read("k"), 20, 60, Result.read("a")),
        new Operation(cas, 3, Invocation.cas("k", "x", "b"), 30, 70, Result.REJECTED),
        new Operation(delete, 4, Invocation.delete("k"), 40, Long.MAX_VALUE, Result.UNKNOWN)),
        history.operations());
  }

  @Test
  void operationNeverCompletedCountsAsUnknown() {
    long id = history.invoke(1, Invocation.write("k", "a"));
    Operation op = history.operations().get(0);
    assertEquals(id, op.id());
    assertEquals(Result.UNKNOWN, op.result());
    assertEquals(Long.MAX_VALUE, op.completedNanos());
  }

  @Test
  void notAppliedOperationsAreDropped() {
    long dropped = history.invoke(1, Invocation.write("k", "a"));
    long kept = history.invoke(1, Invocation.read("k"));
    history.notApplied(dropped);
    history.read(kept, null);
    assertEquals(List.of(kept), history.operations().stream().map(Operation::id).toList());
  }

  @Test
  void completionsThatDoNotFitTheOperationAreRefused() {
    long write = history.invoke(1, Invocation.write("k", "a"));
    assertThrows(IllegalArgumentException.class, () -> history.rejected(write));
    assertThrows(IllegalArgumentException.class, () -> history.read(write, "a"));
    long read = history.invoke(1, Invocation.read("k"));
    assertThrows(IllegalArgumentException.class, () -> history.ok(read));
    history.ok(write);
    assertThrows(IllegalStateException.class, () -> history.ok(write), "completed twice");
    assertThrows(IllegalArgumentException.class, () -> history.ok(99), "no such operation");
  }

  @Test
  void invocationsNeedTheirArguments() {
    assertThrows(IllegalArgumentException.class, () -> new Invocation(OpKind.WRITE, "k", null, null));
    assertThrows(IllegalArgumentException.class, () -> new Invocation(OpKind.CAS, "k", "b", null));
    assertThrows(IllegalArgumentException.class, () -> new Invocation(OpKind.READ, "k", "a", null));
    assertThrows(NullPointerException.class, () -> Invocation.read(null));
  }

  @Test
  void operationsMustBeConsistent() {
    Invocation write = Invocation.write("k", "a");
    assertThrows(IllegalArgumentException.class, () -> new Operation(0, 1, write, 5, 4, Result.OK), "ends before it starts");
    assertThrows(IllegalArgumentException.class, () -> new Operation(0, 1, write, 5, 6, Result.UNKNOWN), "unknown with an end");
    assertThrows(IllegalArgumentException.class, () -> new Operation(0, 1, write, 5, Long.MAX_VALUE, Result.OK), "known without one");
  }

  @Test
  void concurrentClientsRecordEveryOperationOnce() throws Exception {
    History shared = new History();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new java.util.ArrayList<>();
      for (int p = 0; p < 4; p++) {
        int process = p;
        done.add(clients.submit(() -> {
          for (int i = 0; i < 1_000; i++) {
            long id = shared.invoke(process, Invocation.write("k", process + "-" + i));
            shared.ok(id);
          }
        }));
      }
      for (Future<?> f : done) f.get(30, TimeUnit.SECONDS);
    } finally {
      clients.shutdownNow();
    }
    List<Operation> ops = shared.operations();
    assertEquals(4_000, ops.size());
    Set<Long> ids = new HashSet<>();
    for (Operation op : ops) {
      assertTrue(ids.add(op.id()));
      assertTrue(op.invokedNanos() <= op.completedNanos());
    }
  }
}
