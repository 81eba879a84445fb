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
import io.akkaraft.session.SessionProtocol.OpenSession;
import io.akkaraft.session.SessionProtocol.SessionCommand;
import io.akkaraft.session.SessionProtocol.SessionExpired;
import io.akkaraft.session.SessionProtocol.SessionOpened;
import io.akkaraft.session.SessionProtocol.SessionRequest;
import io.akkaraft.util.Asks;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The actor behind {@link RaftClient}: one session, commands numbered in it, each retried with the same
 * number until it is answered — so a retry after a lost reply or a leader change is applied once.
 */
final class ClientActor extends AbstractBehavior<ClientActor.Command> {

  interface Command extends NoSerializationVerificationNeeded {}

  /** From the facade: submit {@code command} and complete {@code result} with the state machine's result. */
  record Submit(Object command, CompletableFuture<RaftClient.Result> result) implements Command {}

  /** The outcome of one attempt: a reply, or a failure such as an ask timeout. */
  private record AttemptDone(long seq, int attempt, SubmitReply reply, Throwable failure) implements Command {}

  private record Retry(long seq) implements Command {}

  private static final long OPEN = 0; // the seq under which the session registration travels

  private static final class Pending {
    final Object command;
    final CompletableFuture<RaftClient.Result> result;
    final long deadline;
    int attempts;
    /** An attempt timed out or its leader was lost: the command may have been applied. */
    boolean maybeApplied;

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
  private final TreeMap<Long, Pending> inFlight = new TreeMap<>();
  private final Queue<Pending> waitingForSession = new ArrayDeque<>();
  private int openAttempts;
  private long openDeadline;

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
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Submit.class, this::onSubmit)
        .onMessage(AttemptDone.class, this::onAttemptDone)
        .onMessage(Retry.class, this::onRetry)
        .build();
  }

  private Behavior<Command> onSubmit(Submit submit) {
    Pending pending = new Pending(submit.command(), submit.result(), System.nanoTime() + settings.giveUpAfter().toNanos());
    if (sessionId == 0) {
      waitingForSession.add(pending);
      if (!opening) {
        openDeadline = pending.deadline;
        openSession();
      }
    } else {
      long seq = nextSeq++;
      inFlight.put(seq, pending);
      attempt(seq);
    }
    return this;
  }

  private void openSession() {
    opening = true;
    openAttempts++;
    send(OPEN, openAttempts, openDeadline, new OpenSession(getContext().getSelf().path().name()));
  }

  private void attempt(long seq) {
    Pending pending = inFlight.get(seq);
    if (pending == null) return;
    pending.attempts++;
    long lowestUnanswered = inFlight.firstKey();
    send(seq, pending.attempts, pending.deadline,
        new SessionRequest(sessionId, seq, lowestUnanswered, pending.command));
  }

  /** One attempt, waiting at most the attempt timeout and never past the command's deadline. */
  private void send(long seq, int attempt, long deadline, SessionCommand command) {
    Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    Duration timeout = left.compareTo(settings.attemptTimeout()) < 0 ? left : settings.attemptTimeout();
    Asks.ask(getContext(), SubmitReply.class, target, timeout,
        replyTo -> new ClientProtocol.Submit(command, replyTo),
        (reply, failure) -> new AttemptDone(seq, attempt, reply, failure));
  }

  private Behavior<Command> onAttemptDone(AttemptDone done) {
    if (done.seq() == OPEN) onOpenDone(done);
    else onRequestDone(done);
    return this;
  }

  private void onOpenDone(AttemptDone done) {
    if (!opening || done.attempt() != openAttempts) return;
    if (done.reply() instanceof Committed committed && committed.result() instanceof SessionOpened opened) {
      opening = false;
      openAttempts = 0;
      sessionId = opened.sessionId();
      while (!waitingForSession.isEmpty()) {
        long seq = nextSeq++;
        inFlight.put(seq, waitingForSession.poll());
        attempt(seq);
      }
    } else if (!timeForRetry(openDeadline)) {
      opening = false;
      openAttempts = 0;
      RaftClientException error = new RaftClientException("could not open a session: " + describe(done), true);
      waitingForSession.forEach(p -> p.result.completeExceptionally(error));
      waitingForSession.clear();
    } else {
      redirect(done.reply());
      timers.startSingleTimer(new Retry(OPEN), settings.retryBackoff());
    }
  }

  private void onRequestDone(AttemptDone done) {
    Pending pending = inFlight.get(done.seq());
    if (pending == null || done.attempt() != pending.attempts) return; // answered, or a superseded attempt
    SubmitReply reply = done.reply();
    if (reply instanceof Committed committed && committed.result() instanceof Applied applied) {
      complete(done.seq()).complete(new RaftClient.Result(applied.index(), applied.result()));
    } else if (reply instanceof Committed committed && committed.result() instanceof SessionExpired) {
      sessionId = 0; // later commands open a new session
      complete(done.seq()).completeExceptionally(
          new RaftClientException("session expired; the command was not applied", true));
    } else if (reply instanceof Rejected rejected) {
      complete(done.seq()).completeExceptionally(new RaftClientException(rejected.reason(), true));
    } else if (reply instanceof Overloaded overloaded) {
      // Back-pressure reaches the caller at once instead of retries piling onto a leader that cannot commit.
      complete(done.seq()).completeExceptionally(new RaftClientException(
          overloaded.reason() + (pending.maybeApplied ? "; an earlier attempt may have been applied" : ""),
          !pending.maybeApplied));
    } else {
      pending.maybeApplied |= !(reply instanceof NotLeader);
      if (timeForRetry(pending.deadline)) {
        redirect(reply);
        timers.startSingleTimer(new Retry(done.seq()), settings.retryBackoff());
        return;
      }
      String outcome = pending.maybeApplied ? "it may or may not have been applied" : "it was not applied";
      complete(done.seq()).completeExceptionally(new RaftClientException(
          "gave up after " + pending.attempts + " attempts (" + describe(done) + "); " + outcome,
          !pending.maybeApplied));
    }
  }


  private boolean timeForRetry(long deadline) {
    return System.nanoTime() + settings.retryBackoff().toNanos() < deadline;
  }

  private CompletableFuture<RaftClient.Result> complete(long seq) {
    return inFlight.remove(seq).result;
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

  private Behavior<Command> onRetry(Retry retry) {
    if (retry.seq() == OPEN) {
      if (opening) openSession();
    } else {
      attempt(retry.seq());
    }
    return this;
  }

  private static String describe(AttemptDone done) {
    return done.failure() != null ? done.failure().getClass().getSimpleName() + ": " + done.failure().getMessage()
        : String.valueOf(done.reply());
  }
}
