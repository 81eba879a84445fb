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
import io.akkaraft.core.UnsafeRule;
import io.akkaraft.persistence.JournalProtocol;
import io.akkaraft.persistence.RaftJournal;
import io.akkaraft.serialization.Payloads;
import io.akkaraft.transport.PeerTransport;
import io.akkaraft.transport.ReceptionistTransport;
import io.akkaraft.transport.TransportLimits;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Assembles a member from its parts, as MicroRaft's {@code RaftNode.newBuilder()}: by default the parts
 * {@link io.akkaraft.RaftNode} uses (Receptionist transport, Akka Persistence journal, Akka serialization,
 * the monotonic clock); tests and the simulator plug in their own.
 *
 * <pre>{@code
 * Behavior<RaftCommand> member = RaftMember.builder(settings, OrderBook::new)
 *     .transport((context, s) -> new MyTransport(...))
 *     .observer(state -> ...)
 *     .build();
 * }</pre>
 */
public final class RaftMember {
  private RaftMember() {}

  /** Name of the journal child, for tests that drive it through a child inbox. */
  public static final String JOURNAL_NAME = "journal";

  /**
   * @param stateMachine makes a fresh, empty state machine; called again if the member restarts, since the
   *     member then re-applies the committed log from the start
   */
  public static Builder builder(RaftSettings settings, Supplier<? extends StateMachine<?, ?>> stateMachine) {
    return new Builder(settings, stateMachine);
  }

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

  /** The parts of one member; each setter replaces a default. */
  public static final class Builder {
    private final RaftSettings settings;
    private final Supplier<? extends StateMachine<?, ?>> stateMachine;
    private TransportFactory transport;
    /** Whether the transport is the Receptionist's (perhaps wrapped), whose frame size is checked at start. */
    private boolean remoteTransport = true;
    private JournalFactory journal;
    private StateObserver observer = StateObserver.NONE;
    private CommandCodec codec;
    private RaftMetrics metrics = RaftMetrics.NONE;
    private LongSupplier clock = System::nanoTime;
    private Set<UnsafeRule> unsafeRules = EnumSet.noneOf(UnsafeRule.class);

    private Builder(RaftSettings settings, Supplier<? extends StateMachine<?, ?>> stateMachine) {
      this.settings = Objects.requireNonNull(settings);
      this.stateMachine = Objects.requireNonNull(stateMachine);
      this.transport = (context, s) ->
          new ReceptionistTransport(context, s.groupId(), s.memberId(), s.members(), s.peerPaths());
    }

    /** The member's own transport instead of the Receptionist's. */
    public Builder transport(TransportFactory factory) {
      this.transport = Objects.requireNonNull(factory);
      this.remoteTransport = false;
      return this;
    }

    /**
     * The Receptionist transport wrapped by {@code wrapper}: for fault injection (the key-value node's
     * {@code --test-admin} partitions).
     */
    public Builder wrapTransport(UnaryOperator<PeerTransport> wrapper) {
      TransportFactory inner = transport;
      this.transport = (context, s) -> wrapper.apply(inner.create(context, s));
      return this;
    }

    /** The journal child instead of {@link RaftJournal} on the settings' persistence plugins. */
    public Builder journal(JournalFactory factory) {
      this.journal = Objects.requireNonNull(factory);
      return this;
    }

    public Builder observer(StateObserver stateObserver) {
      this.observer = Objects.requireNonNull(stateObserver);
      return this;
    }

    /** How commands become payloads, instead of the actor system's Akka serialization. */
    public Builder codec(CommandCodec commandCodec) {
      this.codec = Objects.requireNonNull(commandCodec);
      return this;
    }

    /** Where the member (and its default journal) report state, replication and writes. */
    public Builder metrics(RaftMetrics raftMetrics) {
      this.metrics = Objects.requireNonNull(raftMetrics);
      return this;
    }

    /**
     * Monotonic nanoseconds, read for leader stickiness and read leases; the simulator passes its virtual
     * clock.
     */
    public Builder clock(LongSupplier nanos) {
      this.clock = Objects.requireNonNull(nanos);
      return this;
    }

    /** See {@link Testing#unsafeRules}: not for applications. */
    Builder unsafeRules(Set<UnsafeRule> rules) {
      this.unsafeRules = rules.isEmpty() ? EnumSet.noneOf(UnsafeRule.class) : EnumSet.copyOf(rules);
      return this;
    }

    public Behavior<RaftCommand> build() {
      RaftSettings s = settings;
      TransportFactory transportFactory = transport;
      JournalFactory journalFactory = journal != null ? journal : defaultJournal(metrics);
      StateObserver stateObserver = observer;
      CommandCodec fixedCodec = codec;
      RaftMetrics raftMetrics = metrics;
      LongSupplier nanos = clock;
      Set<UnsafeRule> unsafe = unsafeRules;
      Behavior<RaftCommand> member = Behaviors.setup(context -> {
        context.setLoggerName(RaftMember.class);
        CommandCodec commandCodec = fixedCodec != null ? fixedCodec : CommandCodec.akka(context.getSystem().classicSystem());
        return Behaviors.withTimers(timers ->
          Behaviors.withStash(s.recoveryStashCapacity(), stash -> {
            ActorRef<JournalProtocol.Command> journalRef =
                context.spawn(journalFactory.create(s, context.getSelf()), JOURNAL_NAME);
            context.watch(journalRef);
            PeerTransport peers = transportFactory.create(context, s);
            MemberParts parts = new MemberParts(s, peers, journalRef, stateMachine.get(), stateObserver,
                commandCodec, raftMetrics, nanos, unsafe);
            return new Recovering(context, timers, stash, parts);
          }));
      });
      if (!remoteTransport) return member;
      return Behaviors.setup(context -> {
        // Refused here rather than failing later as dropped messages and elections (see TransportLimits).
        TransportLimits.check(context.getSystem().settings().config(), s.limits().maxBytesPerAppend(),
            s.maxCommandBytes());
        return member;
      });
    }

    private static JournalFactory defaultJournal(RaftMetrics metrics) {
      return (s, m) -> RaftJournal.create(s.persistenceId(), s.journalPluginId(), s.snapshotPluginId(), m, metrics);
    }
  }
}
