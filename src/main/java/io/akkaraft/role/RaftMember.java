package io.akkaraft.role;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import io.akkaraft.RaftCommand;
import io.akkaraft.RaftMetrics;
import io.akkaraft.RaftSettings;
import io.akkaraft.StateMachine;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.Payload;
import io.akkaraft.persistence.JournalProtocol;
import io.akkaraft.transport.PeerTransport;
import io.akkaraft.serialization.Payloads;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Assembles a member from its parts. Applications use {@link io.akkaraft.RaftNode}; tests and the
 * simulator use this to plug in their own transport and journal.
 */
public final class RaftMember {
  private RaftMember() {}

  /**
   * For tests and simulators: a message that makes a follower's or candidate's election timeout elapse at
   * once, as if its randomized timer had run out (a leader ignores it).
   */
  public static RaftCommand electionTimeoutNow() {
    return Internal.ElectionTimeout.NOW;
  }

  /** Name of the journal child, for tests that drive it through a child inbox. */
  public static final String JOURNAL_NAME = "journal";

  /** Makes the member's transport once its actor exists. */
  @FunctionalInterface
  public interface TransportFactory {
    PeerTransport create(ActorContext<RaftCommand> context, RaftSettings settings);
  }

  /** Makes the behavior of the member's journal child, which answers {@code member}. */
  @FunctionalInterface
  public interface JournalFactory {
    Behavior<JournalProtocol.Command> create(RaftSettings settings, ActorRef<RaftCommand> member);
  }

  /** Sees a member's state after recovery and after every step it carries out: for tests and simulation. */
  @FunctionalInterface
  public interface StateObserver {
    StateObserver NONE = state -> {};

    void onState(MemberState state);
  }

  public static Behavior<RaftCommand> create(RaftSettings settings, Supplier<? extends StateMachine<?, ?>> stateMachine,
      TransportFactory transportFactory, JournalFactory journalFactory) {
    return create(settings, stateMachine, transportFactory, journalFactory, StateObserver.NONE);
  }

  /**
   * Turns client commands into log payloads and back. Real members use Akka serialization; the
   * deterministic simulator, whose actor context has no actor system, plugs in its own.
   */
  public interface CommandCodec {
    Payload encode(Object command);

    Object decode(Payload payload);

    /** Akka serialization, as bound in {@code system}'s configuration. */
    static CommandCodec akka(akka.actor.ActorSystem system) {
      return new CommandCodec() {
        @Override
        public Payload encode(Object command) {
          return Payloads.encode(system, command);
        }

        @Override
        public Object decode(Payload payload) {
          return Payloads.decode(system, payload);
        }
      };
    }
  }

  public static Behavior<RaftCommand> create(RaftSettings settings, Supplier<? extends StateMachine<?, ?>> stateMachine,
      TransportFactory transportFactory, JournalFactory journalFactory, StateObserver observer) {
    return create(settings, stateMachine, transportFactory, journalFactory, observer, RaftMetrics.NONE);
  }

  public static Behavior<RaftCommand> create(RaftSettings settings, Supplier<? extends StateMachine<?, ?>> stateMachine,
      TransportFactory transportFactory, JournalFactory journalFactory, StateObserver observer, RaftMetrics metrics) {
    return Behaviors.setup(context -> create(settings, stateMachine, transportFactory, journalFactory, observer,
        CommandCodec.akka(context.getSystem().classicSystem()), metrics));
  }

  public static Behavior<RaftCommand> create(RaftSettings settings, Supplier<? extends StateMachine<?, ?>> stateMachine,
      TransportFactory transportFactory, JournalFactory journalFactory, StateObserver observer, CommandCodec codec) {
    return create(settings, stateMachine, transportFactory, journalFactory, observer, codec, RaftMetrics.NONE);
  }

  public static Behavior<RaftCommand> create(RaftSettings settings, Supplier<? extends StateMachine<?, ?>> stateMachine,
      TransportFactory transportFactory, JournalFactory journalFactory, StateObserver observer, CommandCodec codec,
      RaftMetrics metrics) {
    return create(settings, stateMachine, transportFactory, journalFactory, observer, codec, metrics, System::nanoTime);
  }

  /**
   * @param clock monotonic nanoseconds, read for leader stickiness and read leases; the simulator passes its
   *     virtual clock
   */
  public static Behavior<RaftCommand> create(RaftSettings settings, Supplier<? extends StateMachine<?, ?>> stateMachine,
      TransportFactory transportFactory, JournalFactory journalFactory, StateObserver observer, CommandCodec codec,
      RaftMetrics metrics, LongSupplier clock) {
    return Behaviors.setup(context -> {
      context.setLoggerName(RaftMember.class);
      return Behaviors.withTimers(timers ->
        Behaviors.withStash(settings.recoveryStashCapacity(), stash -> {
          ActorRef<JournalProtocol.Command> journal =
              context.spawn(journalFactory.create(settings, context.getSelf()), JOURNAL_NAME);
          context.watch(journal);
          PeerTransport transport = transportFactory.create(context, settings);
          return new Recovering(context, timers, stash, settings, transport, journal, stateMachine.get(), observer,
              codec, metrics, clock);
        }));
    });
  }
}
