package io.akkaraft.client;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import io.akkaraft.ClientProtocol;
import io.akkaraft.ClientProtocol.Committed;
import io.akkaraft.ClientProtocol.NotLeader;
import io.akkaraft.ClientProtocol.Overloaded;
import io.akkaraft.ClientProtocol.Rejected;
import io.akkaraft.ClientProtocol.SubmitReply;
import io.akkaraft.RaftCommand;
import io.akkaraft.session.SessionProtocol.Applied;
import io.akkaraft.session.SessionProtocol.KeepAlive;
import io.akkaraft.session.SessionProtocol.OpenSession;
import io.akkaraft.session.SessionProtocol.ResultDiscarded;
import io.akkaraft.session.SessionProtocol.SessionCommand;
import io.akkaraft.session.SessionProtocol.SessionExpired;
import io.akkaraft.session.SessionProtocol.SessionOpened;
import io.akkaraft.session.SessionProtocol.SessionRequest;
import io.akkaraft.util.Asks;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * The actor behind {@link RaftClient}: commands numbered in a session, each retried with the same session
 * and number until it is answered — so a retry after a lost reply or a leader change is applied once.
 *
 * <p>A command keeps the session and number it was first sent under: when the session expires, commands
 * that were certainly not applied move to a new session with fresh numbers, and a command that may have
 * been applied under the old one is reported as of unknown outcome, never re-sent under the new one.
 */
final class ClientActor extends AbstractBehavior<ClientActor.Command> {

  interface Command extends NoSerializationVerificationNeeded {}

  /** From the facade: submit {@code command} and complete {@code result} with the state machine's result. */
  record Submit(Object command, CompletableFuture<RaftClient.Result> result) implements Command {}

  /** The outcome of one attempt of {@code pending}: a reply, or a failure such as an ask timeout. */
  private record AttemptDone(Pending pending, int attempt, SubmitReply reply, Throwable failure) implements Command {}

  private record OpenDone(int attempt, SubmitReply reply, Throwable failure) implements Command {}

  private record Retry(Pending pending) implements Command {}

  private enum RetryOpen implements Command { INSTANCE }

  private enum KeepAliveTick implements Command { INSTANCE }

  private record KeepAliveDone(long sessionId, SubmitReply reply) implements Command {}

  private static final class Pending {
    final Object command;
    final CompletableFuture<RaftClient.Result> result;
    final long deadline;
    /** The session and number this command travels under; 0 until it is numbered. */
    long sessionId;
    long seq;
    int attempts;
    /** An attempt under {@link #sessionId} timed out or its leader was lost: it may have been applied. */
    boolean maybeApplied;
    /** Attempts that went unanswered: each doubles the next one's wait (see {@link #attempt}). */
    int timeouts;

    Pending(Object command, CompletableFuture<RaftClient.Result> result, long deadline) {
      this.command = command;
      this.result = result;
      this.deadline = deadline;
    }
  }

  private final TimerScheduler<Command> timers;
  private final RaftClientSettings settings;
  private final List<ActorRef<RaftCommand>> members;
  private ActorRef<RaftCommand> target;
  private int rotation;
  private long sessionId;
  private boolean opening;
  private long nextSeq = 1;
  /** Unanswered commands by session, then number: an expired session's commands drain under it. */
  private final Map<Long, TreeMap<Long, Pending>> inFlight = new HashMap<>();
  private final Queue<Pending> waitingForSession = new ArrayDeque<>();
  private int openAttempts;
  private long openDeadline;
  private boolean sentSinceKeepAliveTick;
  private boolean keepAliveOutstanding;

  static Behavior<Command> create(RaftClientSettings settings, List<ActorRef<RaftCommand>> members) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new ClientActor(context, timers, settings, members)));
  }

  private ClientActor(ActorContext<Command> context, TimerScheduler<Command> timers, RaftClientSettings settings,
      List<ActorRef<RaftCommand>> members) {
    super(context);
    if (members.isEmpty()) throw new IllegalArgumentException("a RaftClient needs at least one member");
    this.timers = timers;
    this.settings = settings;
    this.members = List.copyOf(members);
    this.target = this.members.get(0);
    if (settings.keepsAlive()) {
      timers.startTimerWithFixedDelay(KeepAliveTick.INSTANCE, settings.keepAliveInterval());
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Submit.class, this::onSubmit)
        .onMessage(AttemptDone.class, this::onAttemptDone)
        .onMessage(OpenDone.class, this::onOpenDone)
        .onMessage(Retry.class, retry -> {
          attempt(retry.pending());
          return this;
        })
        .onMessageEquals(RetryOpen.INSTANCE, () -> {
          if (opening) openSession();
          return this;
        })
        .onMessageEquals(KeepAliveTick.INSTANCE, this::onKeepAliveTick)
        .onMessage(KeepAliveDone.class, this::onKeepAliveDone)
        .build();
  }

  private Behavior<Command> onSubmit(Submit submit) {
    Pending pending = new Pending(submit.command(), submit.result(), System.nanoTime() + settings.giveUpAfter().toNanos());
    if (sessionId == 0) waitForSession(pending);
    else number(pending);
    return this;
  }

  private void waitForSession(Pending pending) {
    waitingForSession.add(pending);
    if (!opening) {
      openDeadline = pending.deadline;
      openAttempts = 0;
      openSession();
    }
  }

  private void openSession() {
    opening = true;
    openAttempts++;
    int attempt = openAttempts;
    send(openDeadline, settings.attemptTimeout(), new OpenSession(getContext().getSelf().path().name()),
        (reply, failure) -> new OpenDone(attempt, reply, failure));
  }

  /** Gives {@code pending} the next number in the current session and sends it. */
  private void number(Pending pending) {
    pending.sessionId = sessionId;
    pending.seq = nextSeq++;
    pending.attempts = 0;
    pending.maybeApplied = false;
    inFlight.computeIfAbsent(sessionId, id -> new TreeMap<>()).put(pending.seq, pending);
    attempt(pending);
  }

  private boolean unanswered(Pending pending) {
    TreeMap<Long, Pending> session = inFlight.get(pending.sessionId);
    return session != null && session.get(pending.seq) == pending;
  }

  private void attempt(Pending pending) {
    if (!unanswered(pending)) return;
    pending.attempts++;
    int attempt = pending.attempts;
    long lowestUnanswered = inFlight.get(pending.sessionId).firstKey();
    // A leader that is only slow (a queue of large commands) is still working on the unanswered attempt, and
    // each re-send appends the whole command again: wait twice as long after each silence, up to 8 times.
    Duration wait = settings.attemptTimeout().multipliedBy(1L << Math.min(pending.timeouts, 3));
    send(pending.deadline, wait, new SessionRequest(pending.sessionId, pending.seq, lowestUnanswered, pending.command),
        (reply, failure) -> new AttemptDone(pending, attempt, reply, failure));
  }

  /** One attempt, waiting at most {@code wait} and never past the command's deadline. */
  private void send(long deadline, Duration wait, SessionCommand command,
      BiFunction<SubmitReply, Throwable, Command> done) {
    Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    Duration timeout = left.compareTo(wait) < 0 ? left : wait;
    sentSinceKeepAliveTick = true;
    // A request's retries carry one key, so that a leader still holding an earlier attempt lets them join it.
    String retryKey = command instanceof SessionRequest r ? r.sessionId() + "/" + r.seq() : null;
    Asks.ask(getContext(), SubmitReply.class, target, timeout,
        replyTo -> new ClientProtocol.Submit(command, replyTo, retryKey), done);
  }

  private Behavior<Command> onOpenDone(OpenDone done) {
    if (!opening || done.attempt() != openAttempts) return this;
    if (done.reply() instanceof Committed committed && committed.result() instanceof SessionOpened opened) {
      opening = false;
      sessionId = opened.sessionId();
      nextSeq = 1; // a new session numbers from the start: it never sees an old session's numbers
      while (!waitingForSession.isEmpty()) number(waitingForSession.poll());
    } else if (!timeForRetry(openDeadline)) {
      opening = false;
      RaftClientException error = new RaftClientException(
          "could not open a session: " + describe(done.reply(), done.failure()) + "; the command was not applied", true);
      waitingForSession.forEach(p -> p.result.completeExceptionally(error));
      waitingForSession.clear();
    } else {
      redirect(done.reply());
      timers.startSingleTimer(RetryOpen.INSTANCE, settings.retryBackoff());
    }
    return this;
  }

  private Behavior<Command> onAttemptDone(AttemptDone done) {
    Pending pending = done.pending();
    if (!unanswered(pending) || done.attempt() != pending.attempts) return this; // answered, or superseded
    SubmitReply reply = done.reply();
    Object result = reply instanceof Committed committed ? committed.result() : null;
    if (result instanceof Applied applied) {
      answered(pending).complete(new RaftClient.Result(applied.index(), applied.result()));
    } else if (result instanceof SessionExpired) {
      onSessionExpired(pending);
    } else if (result instanceof ResultDiscarded) {
      answered(pending).completeExceptionally(new RaftClientException(
          "the session had already discarded this command's result; it may or may not have been applied", false));
    } else if (reply instanceof Rejected rejected) {
      answered(pending).completeExceptionally(new RaftClientException(rejected.reason(), true));
    } else if (reply instanceof Overloaded overloaded) {
      // Back-pressure reaches the caller at once instead of retries piling onto a leader that cannot commit.
      answered(pending).completeExceptionally(new RaftClientException(
          overloaded.reason() + (pending.maybeApplied ? "; an earlier attempt may have been applied" : ""),
          !pending.maybeApplied));
    } else {
      pending.maybeApplied |= !(reply instanceof NotLeader);
      if (reply == null) pending.timeouts++;
      if (timeForRetry(pending.deadline)) {
        redirect(reply);
        timers.startSingleTimer(new Retry(pending), settings.retryBackoff());
        return this;
      }
      String outcome = pending.maybeApplied ? "it may or may not have been applied" : "it was not applied";
      answered(pending).completeExceptionally(new RaftClientException(
          "gave up after " + pending.attempts + " attempts (" + describe(reply, done.failure()) + "); " + outcome,
          !pending.maybeApplied));
    }
    return this;
  }

  /**
   * The session expired (deterministically, on every member): this attempt was not applied, and neither
   * will any later one under that session be. An earlier attempt that may have reached the log before the
   * expiry may have been, so such a command's outcome is unknown; any other moves to a new session.
   */
  private void onSessionExpired(Pending pending) {
    if (pending.sessionId == sessionId) sessionId = 0; // later commands open a new session
    CompletableFuture<RaftClient.Result> result = answered(pending);
    if (pending.maybeApplied) {
      result.completeExceptionally(new RaftClientException("session " + pending.sessionId
          + " expired after an attempt that may have been applied; it may or may not have been applied", false));
    } else if (!timeForRetry(pending.deadline)) {
      result.completeExceptionally(new RaftClientException("session " + pending.sessionId
          + " expired and no time is left for a new one; the command was not applied", true));
    } else if (sessionId != 0) {
      number(pending);
    } else {
      waitForSession(pending);
    }
  }

  private boolean timeForRetry(long deadline) {
    return System.nanoTime() + settings.retryBackoff().toNanos() < deadline;
  }

  /** Removes an answered command from its session's unanswered ones. */
  private CompletableFuture<RaftClient.Result> answered(Pending pending) {
    TreeMap<Long, Pending> session = inFlight.get(pending.sessionId);
    session.remove(pending.seq);
    if (session.isEmpty()) inFlight.remove(pending.sessionId);
    return pending.result;
  }

  /** Follows a not-leader hint when it names the leader's actor; otherwise tries the next member. */
  private void redirect(SubmitReply reply) {
    if (reply instanceof NotLeader notLeader && notLeader.leader() != null && notLeader.leader() != target) {
      target = notLeader.leader();
    } else {
      rotation = (rotation + 1) % members.size();
      target = members.get(rotation);
    }
  }

  /** Sessions expire after a number of entries applied without them: an idle session sends a keep-alive. */
  private Behavior<Command> onKeepAliveTick() {
    boolean idle = !sentSinceKeepAliveTick;
    sentSinceKeepAliveTick = false;
    if (idle && sessionId != 0 && !opening && !keepAliveOutstanding) {
      keepAliveOutstanding = true;
      long session = sessionId;
      send(System.nanoTime() + settings.attemptTimeout().toNanos(), settings.attemptTimeout(), new KeepAlive(session),
          (reply, failure) -> new KeepAliveDone(session, reply));
    }
    return this;
  }

  private Behavior<Command> onKeepAliveDone(KeepAliveDone done) {
    keepAliveOutstanding = false;
    if (done.reply() instanceof Committed committed && committed.result() instanceof SessionExpired
        && done.sessionId() == sessionId) {
      sessionId = 0; // the next command opens a new session
    } else if (done.reply() instanceof NotLeader || done.reply() == null) {
      redirect(done.reply()); // so that the next command starts at the leader
    }
    return this;
  }

  private static String describe(SubmitReply reply, Throwable failure) {
    return failure != null ? failure.getClass().getSimpleName() + ": " + failure.getMessage() : String.valueOf(reply);
  }
}
