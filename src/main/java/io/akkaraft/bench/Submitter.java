package io.akkaraft.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.akkaraft.ClientProtocol.Committed;
import io.akkaraft.ClientProtocol.NotLeader;
import io.akkaraft.ClientProtocol.Submit;
import io.akkaraft.ClientProtocol.SubmitReply;
import io.akkaraft.RaftCommand;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * One closed-loop client: submits its command to the leader, waits for the reply, records the latency of a
 * {@link Committed}, submits again. An actor rather than a chain of asks, so that the loop costs one message
 * each way (CompletionStage callbacks on Akka's asks run on the common pool, which on a 2-core machine
 * starts a thread per callback).
 */
final class Submitter {
  private Submitter() {}

  /** What all submitters of one load level share with the thread that measures them. */
  static final class Shared {
    final Recorder latencyMicros = new Recorder(3);
    final AtomicLong failures = new AtomicLong();
    final CountDownLatch stopped;
    volatile ActorRef<RaftCommand> leader;
    volatile boolean stopping;

    Shared(ActorRef<RaftCommand> leader, int submitters) {
      this.leader = leader;
      this.stopped = new CountDownLatch(submitters);
    }
  }

  interface Command {}

  private record Replied(SubmitReply reply) implements Command {}

  private enum Retry implements Command { INSTANCE }

  private static final Duration RETRY_DELAY = Duration.ofMillis(50);

  static Behavior<Command> create(Shared shared, Object command) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      ActorRef<SubmitReply> replyTo = context.messageAdapter(SubmitReply.class, Replied::new);
      long[] sentAt = new long[1];
      Runnable submit = () -> {
        sentAt[0] = System.nanoTime();
        shared.leader.tell(new Submit(command, replyTo));
      };
      submit.run();
      return Behaviors.receive(Command.class)
          .onMessage(Replied.class, replied -> {
            if (replied.reply() instanceof Committed) {
              shared.latencyMicros.recordValue(Math.max(1, (System.nanoTime() - sentAt[0]) / 1000));
            } else {
              // Any other answer is a failure; a NotLeader hint redirects every submitter.
              shared.failures.incrementAndGet();
              if (replied.reply() instanceof NotLeader notLeader && notLeader.leader() != null) {
                shared.leader = notLeader.leader();
              }
            }
            if (shared.stopping) {
              shared.stopped.countDown();
              return Behaviors.stopped();
            }
            if (replied.reply() instanceof Committed) submit.run();
            else timers.startSingleTimer(Retry.INSTANCE, RETRY_DELAY);
            return Behaviors.same();
          })
          .onMessageEquals(Retry.INSTANCE, () -> {
            submit.run();
            return Behaviors.same();
          })
          .build();
    }));
  }
}
