package io.akkaraft.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.akkaraft.StateMachine;
import io.akkaraft.session.SessionProtocol.Applied;
import io.akkaraft.session.SessionProtocol.KeepAlive;
import io.akkaraft.session.SessionProtocol.OpenSession;
import io.akkaraft.session.SessionProtocol.ResultDiscarded;
import io.akkaraft.session.SessionProtocol.SessionAlive;
import io.akkaraft.session.SessionProtocol.SessionExpired;
import io.akkaraft.session.SessionProtocol.SessionOpened;
import io.akkaraft.session.SessionProtocol.SessionRequest;
import io.akkaraft.session.SessionProtocol.SessionResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Thesis §6.3: "servers save the results of client operations and use them to skip executing the same request". */
class SessionStateMachineTest {

  /** Counts how often it really applied something. */
  private static final class Counter implements StateMachine<String, Integer> {
    final List<String> applied = new ArrayList<>();

    @Override
    public Integer apply(long index, String command) {
      applied.add(command);
      return applied.size();
    }
  }

  private final Counter counter = new Counter();
  private final SessionStateMachine<String, Integer> sessions = new SessionStateMachine<>(counter, 100, 3);
  private long index;

  private SessionResult apply(Object command) {
    return sessions.apply(++index, (SessionProtocol.SessionCommand) command);
  }

  private long open() {
    return assertInstanceOf(SessionOpened.class, apply(new OpenSession("c"))).sessionId();
  }

  @Test
  @DisplayName("§6.3: a retried command that was already applied returns the saved result, not applied again")
  void retriedCommandReturnsSavedResultWithoutApplyingAgain() {
    long session = open();
    Applied first = assertInstanceOf(Applied.class, apply(new SessionRequest(session, 1, 1, "x")));
    Applied retry = assertInstanceOf(Applied.class, apply(new SessionRequest(session, 1, 1, "x")));
    assertEquals(1, first.result());
    assertEquals(false, first.duplicate());
    assertEquals(1, retry.result());
    assertEquals(true, retry.duplicate());
    assertEquals(first.index(), retry.index(), "the index it was first applied at");
    assertEquals(List.of("x"), counter.applied);
  }

  @Test
  @DisplayName("§6.3: session ids are the registering entry's index, unique and the same on every member")
  void sessionIdIsTheLogIndexOfTheRegistration() {
    index = 41;
    assertEquals(42, open());
    assertEquals(43, open());
  }

  @Test
  @DisplayName("§6.3: a number whose result was discarded is answered ResultDiscarded, never an empty success, and not re-applied")
  void discardedResultIsReportedAsDiscardedNotAsEmptySuccess() {
    long session = open();
    apply(new SessionRequest(session, 1, 1, "a"));
    apply(new SessionRequest(session, 2, 2, "b")); // acknowledges 1: its result is discarded
    ResultDiscarded late = assertInstanceOf(ResultDiscarded.class, apply(new SessionRequest(session, 1, 2, "a")));
    assertEquals(new ResultDiscarded(session, 1), late);
    assertEquals(List.of("a", "b"), counter.applied);
    assertInstanceOf(Applied.class, apply(new SessionRequest(session, 3, 3, "c")), "the session stays usable");
  }

  @Test
  @DisplayName("§6.3: a session keeps only the results its client has not acknowledged")
  void sessionKeepsOnlyUnacknowledgedResults() {
    long session = open();
    apply(new SessionRequest(session, 1, 1, "a"));
    apply(new SessionRequest(session, 2, 1, "b"));
    Applied kept = assertInstanceOf(Applied.class, apply(new SessionRequest(session, 2, 1, "b")));
    assertEquals(2, kept.result(), "2 is unacknowledged: its saved result is returned");
    apply(new SessionRequest(session, 3, 3, "c"));
    assertInstanceOf(ResultDiscarded.class, apply(new SessionRequest(session, 2, 3, "b")));
    assertEquals(List.of("a", "b", "c"), counter.applied);
  }

  @Test
  @DisplayName("Sessions expire deterministically after expireAfterEntries idle entries, with a clear error")
  void idleSessionExpiresAfterConfiguredNumberOfEntries() {
    long idle = open();
    long busy = open();
    for (int i = 0; i < 100; i++) apply(new KeepAlive(busy));
    assertInstanceOf(SessionExpired.class, apply(new SessionRequest(idle, 1, 1, "x")));
    assertInstanceOf(SessionAlive.class, apply(new KeepAlive(busy)));
    assertEquals(List.of(), counter.applied);
  }

  @Test
  @DisplayName("A session idle for exactly expireAfterEntries entries is still open (the boundary)")
  void sessionIdleForExactlyTheWindowStaysOpen() {
    long session = open(); // index 1
    long other = open(); // index 2
    for (int i = 0; i < 98; i++) apply(new KeepAlive(other)); // indices 3..100
    assertInstanceOf(Applied.class, apply(new SessionRequest(session, 1, 1, "x"))); // index 101: idle 100
  }

  @Test
  @DisplayName("Beyond maxSessions the least recently used session expires")
  void leastRecentlyUsedSessionIsEvictedBeyondCapacity() {
    long first = open();
    long second = open();
    long third = open();
    apply(new KeepAlive(first));
    open(); // a fourth: evicts the least recently used, which is now `second`
    assertInstanceOf(SessionExpired.class, apply(new KeepAlive(second)));
    assertInstanceOf(SessionAlive.class, apply(new KeepAlive(first)));
    assertInstanceOf(SessionAlive.class, apply(new KeepAlive(third)));
  }

  @Test
  @DisplayName("An unknown session is answered SessionExpired and nothing is applied")
  void unknownSessionIsRejected() {
    assertInstanceOf(SessionExpired.class, apply(new SessionRequest(999, 1, 1, "x")));
    assertEquals(List.of(), counter.applied);
  }
}
