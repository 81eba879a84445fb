package io.akkaraft.session;

import io.akkaraft.StateMachine;
import io.akkaraft.session.SessionProtocol.Applied;
import io.akkaraft.session.SessionProtocol.KeepAlive;
import io.akkaraft.session.SessionProtocol.OpenSession;
import io.akkaraft.session.SessionProtocol.ResultDiscarded;
import io.akkaraft.session.SessionProtocol.SessionAlive;
import io.akkaraft.session.SessionProtocol.SessionCommand;
import io.akkaraft.session.SessionProtocol.SessionExpired;
import io.akkaraft.session.SessionProtocol.SessionOpened;
import io.akkaraft.session.SessionProtocol.SessionRequest;
import io.akkaraft.session.SessionProtocol.SessionResult;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exactly-once semantics for any state machine (thesis §6.3): wraps it, filters retried commands, and
 * keeps each session's unacknowledged results as replicated state.
 *
 * <p>Sessions expire deterministically, from the log rather than any member's clock: a session that has
 * not been used for {@code expireAfterEntries} applied entries expires, and when more than {@code
 * maxSessions} are open the least recently used one does. Every member applies the same entries, so every
 * member expires the same sessions at the same index.
 */
public final class SessionStateMachine<C, R> implements StateMachine<SessionCommand, SessionResult> {

  private static final class Session {
    long lastUsedIndex;
    long lowestKept;
    final Map<Long, Applied> results = new HashMap<>();

    Session(long index) {
      lastUsedIndex = index;
    }
  }

  private final StateMachine<C, R> application;
  private final long expireAfterEntries;
  private final int maxSessions;
  /** Sessions from least to most recently used: expiry only ever looks at the head. */
  private final LinkedHashMap<Long, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);

  public SessionStateMachine(StateMachine<C, R> application, long expireAfterEntries, int maxSessions) {
    if (expireAfterEntries < 1 || maxSessions < 1) throw new IllegalArgumentException("limits must be positive");
    this.application = application;
    this.expireAfterEntries = expireAfterEntries;
    this.maxSessions = maxSessions;
  }

  /** The wrapped application state machine. */
  public StateMachine<C, R> application() {
    return application;
  }

  public int openSessions() {
    return sessions.size();
  }

  /** Queries go to the application state machine unchanged. */
  @Override
  public Object query(Object query) {
    return application.query(query);
  }

  @Override
  public SessionResult apply(long index, SessionCommand command) {
    expireIdle(index);
    if (command instanceof OpenSession) {
      sessions.put(index, new Session(index));
      if (sessions.size() > maxSessions) evictLeastRecentlyUsed();
      return new SessionOpened(index);
    }
    if (command instanceof KeepAlive keepAlive) {
      Session session = use(keepAlive.sessionId(), index);
      return session == null ? new SessionExpired(keepAlive.sessionId()) : new SessionAlive(keepAlive.sessionId());
    }
    return applyRequest(index, (SessionRequest) command);
  }

  private SessionResult applyRequest(long index, SessionRequest request) {
    Session session = use(request.sessionId(), index);
    if (session == null) return new SessionExpired(request.sessionId());
    discardAcknowledged(session, request.lowestUnanswered());
    Applied earlier = session.results.get(request.seq());
    if (earlier != null) return new Applied(earlier.seq(), earlier.index(), earlier.result(), true);
    // Never an empty success: the client acknowledged this number, so its outcome is no longer on record.
    if (request.seq() < session.lowestKept) return new ResultDiscarded(request.sessionId(), request.seq());
    @SuppressWarnings("unchecked")
    R result = application.apply(index, (C) request.command());
    Applied applied = new Applied(request.seq(), index, result, false);
    session.results.put(request.seq(), applied);
    return applied;
  }

  private Session use(long sessionId, long index) {
    Session session = sessions.get(sessionId); // access order: moves it to the tail
    if (session != null) session.lastUsedIndex = index;
    return session;
  }

  private static void discardAcknowledged(Session session, long lowestUnanswered) {
    if (lowestUnanswered <= session.lowestKept) return;
    session.lowestKept = lowestUnanswered;
    session.results.keySet().removeIf(seq -> seq < lowestUnanswered);
  }

  private void expireIdle(long index) {
    Iterator<Session> oldestFirst = sessions.values().iterator();
    while (oldestFirst.hasNext()) {
      if (index - oldestFirst.next().lastUsedIndex <= expireAfterEntries) return;
      oldestFirst.remove();
    }
  }

  private void evictLeastRecentlyUsed() {
    Iterator<Session> oldestFirst = sessions.values().iterator();
    oldestFirst.next();
    oldestFirst.remove();
  }
}
