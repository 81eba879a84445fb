package io.akkaraft.linearizability;

import static io.akkaraft.linearizability.Verdict.LINEARIZABLE;
import static io.akkaraft.linearizability.Verdict.NOT_LINEARIZABLE;
import static io.akkaraft.linearizability.Verdict.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hand-written histories of one register per key, each with the verdict the model demands. Times are in ticks. */
class LinearizabilityCheckerTest {

  private static HistoryBuilder k() {
    return HistoryBuilder.on("k");
  }

  private static void assertVerdict(Verdict expected, HistoryBuilder history) {
    CheckResult result = history.check();
    assertEquals(expected, result.verdict(), result::explain);
  }

  @Test
  void sequentialHistoryThatFollowsTheRegisterIsLinearizable() {
    assertVerdict(LINEARIZABLE, k()
        .read(1, null, 0, 1)
        .write(1, "a", 2, 3)
        .read(1, "a", 4, 5)
        .cas(1, "a", "b", 6, 7)
        .casRejected(1, "a", "c", 8, 9)
        .read(1, "b", 10, 11)
        .delete(1, 12, 13)
        .deleteNotFound(1, 14, 15)
        .casRejected(1, "b", "d", 16, 17)
        .read(1, null, 18, 19));
  }

  @Test
  void sequentialHistoryThatContradictsTheRegisterIsNot() {
    assertVerdict(NOT_LINEARIZABLE, k()
        .write(1, "a", 0, 1)
        .write(1, "b", 2, 3)
        .read(1, "b", 4, 5)
        .read(1, "a", 6, 7));
  }

  @Test
  void emptyHistoryIsLinearizable() {
    CheckResult result = LinearizabilityChecker.check(List.of());
    assertEquals(LINEARIZABLE, result.verdict());
    assertTrue(result.keyVerdicts().isEmpty());
  }

  @Test
  void overlappingWritesMayTakeEffectInEitherOrder() {
    assertVerdict(LINEARIZABLE, k().write(1, "a", 0, 10).write(2, "b", 1, 11).read(3, "a", 12, 13));
    assertVerdict(LINEARIZABLE, k().write(1, "a", 0, 10).write(2, "b", 1, 11).read(3, "b", 12, 13));
  }

  @Test
  void readsDuringOverlappingWritesMaySeeEitherValueOrNone() {
    assertVerdict(LINEARIZABLE, k()
        .write(1, "a", 0, 10)
        .write(2, "b", 0, 10)
        .read(3, null, 1, 2)
        .read(3, "b", 3, 4)
        .read(3, "a", 5, 6)
        .read(3, "a", 11, 12));
  }

  @Test
  void overlappingWritesTakeEffectOnceEach() {
    // a then b then a again would need one of the writes twice.
    assertVerdict(NOT_LINEARIZABLE, k()
        .write(1, "a", 0, 10)
        .write(2, "b", 0, 10)
        .read(3, "a", 1, 2)
        .read(3, "b", 3, 4)
        .read(3, "a", 5, 6));
  }

  @Test
  void operationsThatTouchAreConcurrent() {
    // "A precedes B iff A completed before B was invoked": equal times do not order them.
    assertVerdict(LINEARIZABLE, k().write(1, "a", 0, 5).read(2, null, 5, 6));
    assertVerdict(NOT_LINEARIZABLE, k().write(1, "a", 0, 5).read(2, null, 6, 7));
  }

  @Test
  void staleReadAfterALaterWriteCompletedIsNotLinearizable() {
    CheckResult result = k()
        .write(1, "a", 0, 1)
        .write(2, "b", 2, 3)
        .read(3, "a", 4, 5)
        .check();
    assertEquals(NOT_LINEARIZABLE, result.verdict());
    String why = result.problems().get("k");
    assertTrue(why.contains("#2 p3 READ k -> \"a\"") && why.contains("the value is \"b\""), why);
  }

  @Test
  void lostWriteIsNotLinearizable() {
    // Acknowledged, never overwritten, never seen: reads after it find the key absent.
    assertVerdict(NOT_LINEARIZABLE, k()
        .write(1, "a", 0, 10)
        .read(2, null, 5, 8)
        .read(2, null, 11, 12)
        .read(3, null, 13, 14));
  }

  @Test
  void readConcurrentWithAWriteMayMissIt() {
    assertVerdict(LINEARIZABLE, k().write(1, "a", 0, 10).read(2, null, 5, 12).read(2, "a", 13, 14));
  }

  @Test
  void twoConcurrentCasFromTheSameValueCannotBothSucceed() {
    assertVerdict(NOT_LINEARIZABLE, k()
        .write(1, "a", 0, 1)
        .cas(2, "a", "b", 2, 10)
        .cas(3, "a", "c", 3, 11));
    assertVerdict(LINEARIZABLE, k()
        .write(1, "a", 0, 1)
        .cas(2, "a", "b", 2, 10)
        .casRejected(3, "a", "c", 3, 11));
  }

  @Test
  void casCannotSucceedOnAValueThatWasNeverCurrent() {
    assertVerdict(NOT_LINEARIZABLE, k().write(1, "a", 0, 1).cas(2, "z", "b", 2, 3));
    assertVerdict(NOT_LINEARIZABLE, k().cas(2, "z", "b", 0, 1));
    // z was current once, but not any more when the CAS began.
    assertVerdict(NOT_LINEARIZABLE, k().write(1, "z", 0, 1).write(1, "a", 2, 3).cas(2, "z", "b", 4, 5));
  }

  @Test
  void casCannotBeRejectedWhileItsExpectedValueIsCertainlyCurrent() {
    assertVerdict(NOT_LINEARIZABLE, k().write(1, "a", 0, 1).casRejected(2, "a", "b", 2, 3));
    // A concurrent write makes the rejection possible.
    assertVerdict(LINEARIZABLE, k().write(1, "a", 0, 1).write(3, "c", 2, 4).casRejected(2, "a", "b", 2, 3));
  }

  @Test
  void casOnAnAbsentKeyIsRejected() {
    assertVerdict(LINEARIZABLE, k().casRejected(1, "a", "b", 0, 1));
  }

  @Test
  void deleteOfAPresentKeyCannotReportItAbsent() {
    assertVerdict(NOT_LINEARIZABLE, k().write(1, "a", 0, 1).deleteNotFound(2, 2, 3));
  }

  @Test
  void deleteOfAnAbsentKeyCannotSucceed() {
    assertVerdict(NOT_LINEARIZABLE, k().delete(1, 0, 1));
    assertVerdict(NOT_LINEARIZABLE, k().write(1, "a", 0, 1).delete(1, 2, 3).delete(2, 4, 5));
  }

  @Test
  void deleteRemovesTheValue() {
    assertVerdict(LINEARIZABLE, k().write(1, "a", 0, 1).delete(1, 2, 3).read(1, null, 4, 5).deleteNotFound(1, 6, 7));
    assertVerdict(NOT_LINEARIZABLE, k().write(1, "a", 0, 1).delete(1, 2, 3).read(1, "a", 4, 5));
  }

  @Test
  void timedOutWriteMayBecomeVisibleLater() {
    assertVerdict(LINEARIZABLE, k()
        .writeUnknown(1, "a", 0)
        .read(2, null, 10, 11)
        .read(2, null, 20, 21)
        .read(3, "a", 1000, 1001)
        .read(2, "a", 2000, 2001));
  }

  @Test
  void timedOutWriteMayNeverTakeEffect() {
    assertVerdict(LINEARIZABLE, k()
        .write(1, "a", 0, 1)
        .writeUnknown(2, "b", 2)
        .read(3, "a", 10, 11)
        .read(3, "a", 1000, 1001));
  }

  @Test
  void timedOutWriteCannotTakeEffectBeforeItWasInvoked() {
    assertVerdict(NOT_LINEARIZABLE, k().read(1, "a", 0, 1).writeUnknown(2, "a", 5));
  }

  @Test
  void timedOutOperationTakesEffectAtMostOnce() {
    assertVerdict(NOT_LINEARIZABLE, k()
        .writeUnknown(1, "a", 0)
        .read(2, "a", 10, 11)
        .write(2, "b", 12, 13)
        .read(2, "a", 14, 15));
  }

  @Test
  void timedOutCasAndDeleteMayTakeEffectLater() {
    assertVerdict(LINEARIZABLE, k()
        .write(1, "a", 0, 1)
        .casUnknown(2, "a", "b", 2)
        .deleteUnknown(3, 3)
        .read(4, "a", 10, 11)
        .read(4, "b", 20, 21)
        .read(4, null, 30, 31));
    // A timed-out CAS still needs its expected value: "b" can only come from it, but the key is absent.
    assertVerdict(NOT_LINEARIZABLE, k().casUnknown(2, "a", "b", 0).read(4, "b", 10, 11));
  }

  @Test
  void timedOutWriteMayExplainASuccessfulDelete() {
    assertVerdict(LINEARIZABLE, k().writeUnknown(1, "a", 0).delete(2, 10, 11).read(2, null, 12, 13));
    assertVerdict(NOT_LINEARIZABLE, k().writeUnknown(1, "a", 0).delete(2, 10, 11).delete(2, 12, 13));
  }

  @Test
  void valueWrittenTwiceMayComeFromEitherWrite() {
    // The timed-out write of "a" is the only one that can explain the last read.
    assertVerdict(LINEARIZABLE, k()
        .write(1, "a", 0, 1)
        .writeUnknown(2, "a", 2)
        .write(1, "b", 3, 4)
        .read(1, "b", 5, 6)
        .read(1, "a", 7, 8));
    assertVerdict(NOT_LINEARIZABLE, k()
        .write(1, "a", 0, 1)
        .write(2, "a", 2, 3)
        .write(1, "b", 4, 5)
        .read(1, "a", 7, 8));
  }

  @Test
  void laterOperationsOfAProcessWithAnUnknownOutcomeDoNotOrderIt() {
    // Process 1 moves on after a timeout; its write may still land after its next operation.
    assertVerdict(LINEARIZABLE, k()
        .writeUnknown(1, "a", 0)
        .read(1, null, 5, 6)
        .read(2, "a", 7, 8));
  }

  @Test
  void unknownReadsCarryNoInformation() {
    assertVerdict(LINEARIZABLE, k()
        .write(1, "a", 0, 1)
        .unknown(2, Invocation.read("k"), 2)
        .read(3, "a", 3, 4));
  }

  @Test
  void readOfAValueNobodyWroteIsNotLinearizable() {
    CheckResult result = k().write(1, "a", 0, 1).read(2, "x", 0, 2).check();
    assertEquals(NOT_LINEARIZABLE, result.verdict());
    assertTrue(result.problems().get("k").contains("no operation writes \"x\""), result::explain);
  }

  @Test
  void keysAreCheckedIndependently() {
    CheckResult result = HistoryBuilder.on("good")
        .write(1, "a", 0, 1)
        .key("bad").write(1, "a", 2, 3)
        .key("good").read(2, "a", 4, 5)
        .key("bad").read(2, null, 6, 7)
        .key("other").write(3, "b", 0, 10)
        .check();
    assertEquals(NOT_LINEARIZABLE, result.verdict(), result::explain);
    assertEquals(Map.of("good", LINEARIZABLE, "bad", NOT_LINEARIZABLE, "other", LINEARIZABLE), result.keyVerdicts());
    assertEquals(List.of("bad"), List.copyOf(result.problems().keySet()));
    assertTrue(result.explain().contains("key \"bad\""), result::explain);
  }

  @Test
  void valuesOfOneKeyDoNotLeakIntoAnother() {
    // As a single register this would be a stale read; as two keys it is fine.
    assertVerdict(LINEARIZABLE, HistoryBuilder.on("x")
        .write(1, "a", 0, 1)
        .key("y").write(1, "b", 2, 3)
        .key("x").read(1, "a", 4, 5));
  }

  @Test
  void explanationShowsTheLongestPrefixAndWhatCannotComeNext() {
    long ms = 1_000_000;
    CheckResult result = k()
        .write(1, "a", 0, ms)
        .write(1, "b", 2 * ms, 3 * ms)
        .cas(2, "a", "c", 4 * ms, 5 * ms)
        .read(3, "b", 4 * ms, 6 * ms)
        .check();
    String why = result.problems().get("k");
    assertTrue(why.contains("At best 3 of 4 operations that must take effect fit in order, leaving the value \"b\""), why);
    assertTrue(why.contains("  #3 p3 READ k -> \"b\" [+4.000, +6.000 ms]\nNone of the operations still open"), why);
    assertTrue(why.contains("  #2 p2 CAS k \"a\"->\"c\" ok [+4.000, +5.000 ms]: the value is \"b\", not \"a\""), why);
    assertTrue(why.contains("(#2 completed at +5.000 ms"), why);
  }

  @Test
  @Timeout(120)
  void budgetEndsAPathologicalSearchAsUnknown() {
    // 30 concurrent writes, then two reads that no order can satisfy (nothing writes between them). Proving
    // that visits every subset of the writes.
    CheckResult result = LinearizabilityChecker.check(impossibleAfterConcurrentWrites(30), Duration.ofMillis(300));
    assertEquals(UNKNOWN, result.verdict(), result::explain);
    assertTrue(result.problems().get("k").contains("the time budget ran out"), result::explain);
  }

  @Test
  @Timeout(120)
  void memoryCapEndsAPathologicalSearchAsUnknown() {
    KeySearch.Outcome outcome = KeySearch.run("k", impossibleAfterConcurrentWrites(30), 0, System.nanoTime()
        + Duration.ofMinutes(1).toNanos(), 100_000);
    assertEquals(UNKNOWN, outcome.verdict(), outcome::problem);
    assertTrue(outcome.problem().contains("the memo grew past its memory cap"), outcome::problem);
  }

  @Test
  void smallVersionOfThePathologicalHistoryIsDecided() {
    CheckResult result = LinearizabilityChecker.check(impossibleAfterConcurrentWrites(8));
    assertEquals(NOT_LINEARIZABLE, result.verdict(), result::explain);
  }

  private static List<Operation> impossibleAfterConcurrentWrites(int writes) {
    HistoryBuilder history = k();
    for (int i = 0; i < writes; i++) history.write(i, "w" + i, 0, 10);
    return history.read(100, "w0", 20, 21).read(100, "w1", 30, 31).build();
  }

  @Test
  void keysNotReachedWithinTheBudgetAreUnknown() {
    CheckResult result = LinearizabilityChecker.check(HistoryBuilder.on("a").write(1, "x", 0, 1).build(), Duration.ZERO);
    assertEquals(UNKNOWN, result.verdict(), result::explain);
    assertEquals(UNKNOWN, result.keyVerdicts().get("a"));
  }
}
