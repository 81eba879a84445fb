package io.akkaraft.core;

import static io.akkaraft.testkit.Logs.entries;
import static io.akkaraft.testkit.Logs.entry;
import static io.akkaraft.testkit.Logs.terms;
import static io.akkaraft.testkit.Logs.termsOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.testkit.Logs;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The immutable log view (Figure 3.1: "first index is 1"). */
class RaftLogTest {

  @Test
  @DisplayName("Indices start at 1; term 0 at index 0, -1 past the end")
  void termAtAndLastIndex() {
    RaftLog log = terms(1, 1, 4);
    assertEquals(3, log.lastIndex());
    assertEquals(4, log.lastTerm());
    assertEquals(0, log.termAt(0));
    assertEquals(1, log.termAt(2));
    assertEquals(-1, log.termAt(4));
    assertEquals(-1, log.termAt(-1));
    assertEquals(0, RaftLog.empty().lastIndex());
    assertEquals(0, RaftLog.empty().lastTerm());
    assertEquals(entry(4, 3), log.entry(3));
    assertThrows(IndexOutOfBoundsException.class, () -> log.entry(0));
    assertThrows(IndexOutOfBoundsException.class, () -> log.entry(4));
  }

  @Test
  void appendContinuesIndicesAndRejectsGaps() {
    RaftLog log = terms(1).append(entries(2, 2, 3));
    assertArrayEquals(new long[] {1, 2, 3}, termsOf(log));
    assertSame(log, log.append(List.of()));
    assertThrows(IllegalArgumentException.class, () -> log.append(entries(5, 3)), "index 4 skipped");
    assertThrows(IllegalArgumentException.class, () -> log.append(entries(3, 3)), "index 3 exists");
  }

  @Test
  void truncateFromDropsThatIndexAndAfter() {
    RaftLog log = terms(1, 2, 3, 4);
    assertArrayEquals(new long[] {1, 2}, termsOf(log.truncateFrom(3)));
    assertEquals(0, log.truncateFrom(1).lastIndex());
    assertThrows(IndexOutOfBoundsException.class, () -> log.truncateFrom(0));
    assertThrows(IndexOutOfBoundsException.class, () -> log.truncateFrom(5));
  }

  @Test
  void sliceIsInclusiveAndUnmodifiable() {
    RaftLog log = terms(1, 2, 3, 4);
    assertEquals(List.of(entry(2, 2), entry(3, 3)), log.slice(2, 3));
    assertEquals(List.of(), log.slice(3, 2));
    assertEquals(log.slice(1, 4), log.entries());
    assertThrows(IndexOutOfBoundsException.class, () -> log.slice(0, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> log.slice(2, 5));
    assertThrows(UnsupportedOperationException.class, () -> log.slice(1, 2).set(0, entry(9, 1)));
  }

  @Test
  @DisplayName("batchFrom is bounded by count and bytes, and always holds at least one entry when there is one")
  void batchFromBoundsCountAndBytes() {
    // Entries of 40 + 50 = 90 bytes, and one of 540 at index 3.
    RaftLog log = RaftLog.of(List.of(sized(1, 50), sized(2, 50), sized(3, 500), sized(4, 50), sized(5, 50)));
    assertEquals(List.of(1L, 2L), indices(log.batchFrom(1, 10, 200)));
    assertEquals(List.of(1L), indices(log.batchFrom(1, 1, 200)));
    assertEquals(List.of(3L), indices(log.batchFrom(3, 10, 200)), "an oversized entry goes alone");
    assertEquals(List.of(3L), indices(log.batchFrom(3, 10, 1)));
    assertEquals(List.of(4L, 5L), indices(log.batchFrom(4, 10, 180)), "exactly at the bound");
    assertEquals(List.of(4L), indices(log.batchFrom(4, 10, 179)));
    assertEquals(List.of(), log.batchFrom(6, 10, 200));
  }

  private static LogEntry sized(long index, int payloadBytes) {
    return LogEntry.command(1, index, Logs.payloadOfSize(payloadBytes));
  }

  private static List<Long> indices(List<LogEntry> entries) {
    return entries.stream().map(LogEntry::index).toList();
  }

  @Test
  @DisplayName("§3.6.1: later last term wins; with equal last terms, the longer log is more up-to-date")
  void isUpToDateWithComparesLastTermThenLastIndex() {
    RaftLog log = terms(1, 2, 2);
    assertTrue(log.isUpToDateWith(2, 3));
    assertTrue(log.isUpToDateWith(2, 4));
    assertTrue(log.isUpToDateWith(3, 1));
    assertFalse(log.isUpToDateWith(2, 2));
    assertFalse(log.isUpToDateWith(1, 10));
    assertTrue(RaftLog.empty().isUpToDateWith(0, 0));
    assertFalse(log.isUpToDateWith(0, 0));
  }

  @Test
  @DisplayName("§3.5 hint: first index of a term walking back, last index of a term at or before an index")
  void firstAndLastIndexOfTerm() {
    RaftLog log = terms(1, 1, 1, 4, 4, 5, 5, 6, 6, 6);
    assertEquals(8, log.firstIndexOfTerm(6, 10));
    assertEquals(4, log.firstIndexOfTerm(4, 5));
    assertEquals(1, log.firstIndexOfTerm(1, 3));
    assertEquals(5, log.lastIndexOfTerm(4, 10));
    assertEquals(4, log.lastIndexOfTerm(4, 4));
    assertEquals(10, log.lastIndexOfTerm(6, 99), "bounded by the log's end");
    assertEquals(0, log.lastIndexOfTerm(3, 10), "a term the log skipped");
    assertEquals(0, log.lastIndexOfTerm(6, 7), "the term only appears later");
    assertEquals(0, log.lastIndexOfTerm(7, 10));
  }

  @Test
  @DisplayName("Views are immutable: appending to a truncated view leaves the longer view alone, and vice versa")
  void viewsStayImmutableAcrossTruncateAndAppend() {
    RaftLog longer = terms(1, 1, 1, 1);
    RaftLog shorter = longer.truncateFrom(3);
    RaftLog rewritten = shorter.append(entries(3, 2, 2, 2));

    assertArrayEquals(new long[] {1, 1, 1, 1}, termsOf(longer));
    assertArrayEquals(new long[] {1, 1}, termsOf(shorter));
    assertArrayEquals(new long[] {1, 1, 2, 2, 2}, termsOf(rewritten));

    RaftLog grown = longer.append(entries(5, 1, 1));
    RaftLog grownAgain = grown.append(entries(7, 3));
    assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 3}, termsOf(grownAgain));
    assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1}, termsOf(grown));
    assertArrayEquals(new long[] {1, 1, 1, 1}, termsOf(longer));
    assertArrayEquals(new long[] {1, 1}, termsOf(shorter));
    assertArrayEquals(new long[] {1, 1, 2, 2, 2}, termsOf(rewritten));

    // Appending twice to the same view yields two independent logs.
    RaftLog one = shorter.append(entries(3, 7));
    RaftLog two = shorter.append(entries(3, 8));
    assertEquals(7, one.termAt(3));
    assertEquals(8, two.termAt(3));
    assertEquals(entry(2, 3), rewritten.entry(3));
  }

  @Test
  @DisplayName("Views stay immutable across growth beyond the initial capacity")
  void viewsStayImmutableAcrossGrowth() {
    RaftLog small = terms(1, 1);
    long[] many = new long[200];
    Arrays.fill(many, 2);
    RaftLog big = small.append(entries(3, many));
    assertEquals(202, big.lastIndex());
    assertEquals(2, small.lastIndex());
    RaftLog other = small.append(entries(3, 5));
    assertEquals(5, other.termAt(3));
    assertEquals(2, big.termAt(3));
    assertEquals(-1, small.termAt(3));
  }

  @Test
  @DisplayName("Logs built from the empty log are independent of each other")
  void logsBuiltFromEmptyAreIndependent() {
    RaftLog first = RaftLog.empty().append(entries(1, 1));
    RaftLog second = RaftLog.empty().append(entries(1, 2));
    RaftLog firstGrown = first.append(entries(2, 3));
    assertEquals(1, first.termAt(1));
    assertEquals(2, second.termAt(1));
    assertEquals(1, firstGrown.termAt(1));
    assertEquals(0, RaftLog.empty().lastIndex());
  }

  /**
   * The static empty log is shared by every member of every actor system in the JVM, on many threads: an
   * append must never write into its storage (two members appending their first entry at once would write
   * the same slot, and the static would keep the first member's whole log reachable forever). Not visible
   * through the API on one thread, hence the look inside.
   */
  @Test
  @DisplayName("Appending to the shared empty log never writes into its storage")
  void sharedEmptyLogIsNeverWritten() throws ReflectiveOperationException {
    RaftLog.empty().append(entries(1, 1, 1)).append(entries(3, 1));
    RaftLog.of(entries(1, 2));
    Field backingField = RaftLog.class.getDeclaredField("backing");
    backingField.setAccessible(true);
    Object backing = backingField.get(RaftLog.empty());
    Field used = backing.getClass().getDeclaredField("used");
    Field stored = backing.getClass().getDeclaredField("entries");
    used.setAccessible(true);
    stored.setAccessible(true);
    assertEquals(0, used.getInt(backing));
    assertTrue(Arrays.stream((Object[]) stored.get(backing)).allMatch(Objects::isNull));
  }
}
