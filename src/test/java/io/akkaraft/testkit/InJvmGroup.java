package io.akkaraft.testkit;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.japi.function.Creator;
import io.akkaraft.ClientProtocol.Committed;
import io.akkaraft.ClientProtocol.GetStatus;
import io.akkaraft.ClientProtocol.NotLeader;
import io.akkaraft.ClientProtocol.OutcomeUnknown;
import io.akkaraft.ClientProtocol.Status;
import io.akkaraft.ClientProtocol.Submit;
import io.akkaraft.ClientProtocol.SubmitReply;
import io.akkaraft.RaftCommand;
import io.akkaraft.RaftSettings;
import io.akkaraft.core.LogEntry;
import io.akkaraft.core.MemberState;
import io.akkaraft.persistence.RaftJournal;
import io.akkaraft.role.RaftMember;
import io.akkaraft.serialization.Payloads;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * One Raft group inside a test's actor system: real members ({@link RaftMember} with the real {@link
 * RaftJournal} on whatever journal the system is configured with, LevelDB in the cluster tests) that reach
 * each other through a shared directory filtered by a {@link SimulatedNetwork}. A member can be stopped and
 * started again on the same journal; ids of the membership that are not started can be stood in for by test
 * probes ({@link #registerFake}), so a test can play a peer with hand-crafted messages.
 *
 * <p>Every member reports its state after each step to a {@link GroupObserver}, which checks Raft's
 * invariants; every member applies to a {@link RecordingStateMachine}.
 */
public final class InJvmGroup implements AutoCloseable {
  /** Generous, for liveness waits on a loaded machine; waits return as soon as the condition holds. */
  public static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL = Duration.ofMillis(10);

  private final ActorTestKit kit;
  private final String groupId;
  private final List<String> membership;
  private final UnaryOperator<RaftSettings> tuning;
  private final Map<String, ActorRef<RaftCommand>> directory = new ConcurrentHashMap<>();
  private final Map<String, ActorRef<RaftCommand>> running = new ConcurrentHashMap<>();
  private final Map<String, Integer> incarnations = new HashMap<>();
  private final SimulatedNetwork network;
  private final GroupObserver observer = new GroupObserver();
  private final Map<String, List<String>> applied = RecordingStateMachine.registry();
  private final TestProbe<Object> waiter;

  /** A group of {@code membership}; {@code tuning} adjusts every member's settings. Starts no member. */
  public InJvmGroup(ActorTestKit kit, String groupId, List<String> membership, UnaryOperator<RaftSettings> tuning) {
    this.kit = kit;
    this.groupId = groupId;
    this.membership = List.copyOf(membership);
    this.network = new SimulatedNetwork(membership);
    this.tuning = tuning;
    this.waiter = kit.createTestProbe();
  }

  /** A group of {@code size} real members {@code m1..mN}, all started. */
  public static InJvmGroup start(ActorTestKit kit, String groupId, int size) {
    return start(kit, groupId, size, s -> s);
  }

  /** A group of {@code size} real members {@code m1..mN} with {@code tuning}, all started. */
  public static InJvmGroup start(ActorTestKit kit, String groupId, int size, UnaryOperator<RaftSettings> tuning) {
    List<String> ids = IntStream.rangeClosed(1, size).mapToObj(i -> "m" + i).toList();
    InJvmGroup group = new InJvmGroup(kit, groupId, ids, tuning);
    ids.forEach(group::start);
    return group;
  }

  public List<String> membership() {
    return membership;
  }

  /** The settings member {@code id} runs with: test timers, a seed of its own, then the group's tuning. */
  public RaftSettings settings(String id) {
    RaftSettings base = RaftSettings.create(kit.system(), groupId, id, membership)
        .withRandomSeed((groupId + "/" + id).hashCode());
    return tuning.apply(base);
  }

  /** Starts (or starts again) member {@code id} on its journal; it first recovers what it journaled. */
  public ActorRef<RaftCommand> start(String id) {
    if (running.containsKey(id)) throw new IllegalStateException(id + " is already running");
    int incarnation = incarnations.merge(id, 1, Integer::sum);
    observer.forgetIncarnation(id);
    ActorRef<RaftCommand> ref = kit.spawn(RaftMember.builder(settings(id), () -> new RecordingStateMachine(applied, id))
            .transport((context, s) -> new InJvmTransport(id, directory, network))
            .journal((s, member) -> RaftJournal.create(s.persistenceId(), s.journalPluginId(), s.snapshotPluginId(), member))
            .observer(observer.forIncarnation(id))
            .build(),
        groupId + "-" + id + "-" + incarnation);
    running.put(id, ref);
    directory.put(id, ref);
    return ref;
  }

  /** Stops member {@code id} (and its journal child) and waits until it has terminated. */
  public void stop(String id) {
    ActorRef<RaftCommand> ref = running.remove(id);
    if (ref == null) throw new IllegalStateException(id + " is not running");
    directory.remove(id, ref);
    kit.stop(ref, TIMEOUT);
  }

  /** Waits until member {@code id} stops by itself, not by the test's hand, and forgets it. */
  public void awaitSelfStop(String id) {
    ActorRef<RaftCommand> ref = ref(id);
    waiter.expectTerminated(ref, TIMEOUT);
    running.remove(id);
    directory.remove(id, ref);
  }

  /** Stops member {@code id} and starts it again with the same id, hence the same journal. */
  public ActorRef<RaftCommand> restart(String id) {
    stop(id);
    return start(id);
  }

  public void stopAll() {
    new TreeSet<>(running.keySet()).forEach(this::stop);
  }

  @Override
  public void close() {
    stopAll();
  }

  /** Lets {@code ref} (typically a test probe) receive what members send to {@code id}, an id not started. */
  public void registerFake(String id, ActorRef<RaftCommand> ref) {
    if (running.containsKey(id)) throw new IllegalStateException(id + " is running");
    directory.put(id, ref);
  }

  public ActorRef<RaftCommand> ref(String id) {
    ActorRef<RaftCommand> ref = running.get(id);
    if (ref == null) throw new IllegalStateException(id + " is not running");
    return ref;
  }

  public Set<String> running() {
    return Set.copyOf(running.keySet());
  }

  /** The links between the members, which the test may cut and heal. */
  public SimulatedNetwork network() {
    return network;
  }

  public GroupObserver observer() {
    return observer;
  }

  /** The state {@code id} reported last (after its latest step). */
  public MemberState state(String id) {
    return observer.latest(id);
  }

  /** What the current incarnation of {@code id} recovered from its journal, once it has. */
  public MemberState awaitRecovered(String id) {
    return await(() -> {
      MemberState s = observer.recovered(id);
      if (s == null) throw new AssertionError(id + " has not recovered yet");
      return s;
    });
  }

  /** What the current incarnation of {@code id} has applied, in order. */
  public List<String> applied(String id) {
    return List.copyOf(applied.getOrDefault(id, List.of()));
  }

  /** Polls {@code condition} until it stops throwing AssertionError, for up to {@link #TIMEOUT}. */
  public <T> T await(Creator<T> condition) {
    return waiter.awaitAssert(TIMEOUT, POLL, condition);
  }

  /** A leader that every running member in {@code among} follows in its term. */
  public String awaitLeader(Collection<String> among) {
    return await(() -> {
      for (String id : among) {
        if (isLeaderOf(id, among)) return id;
      }
      throw new AssertionError("no leader followed by all of " + among + "\n" + describe());
    });
  }

  /** A leader that every running member follows in its term. */
  public String awaitLeader() {
    return awaitLeader(new TreeSet<>(running.keySet()));
  }

  private boolean isLeaderOf(String id, Collection<String> among) {
    MemberState leader = observer.latest(id);
    if (!running.containsKey(id) || leader == null || !leader.isLeader()) return false;
    for (String other : among) {
      if (other.equals(id) || !running.containsKey(other)) continue;
      MemberState s = observer.latest(other);
      if (s == null || s.currentTerm() != leader.currentTerm() || !id.equals(s.leaderId())) return false;
    }
    return true;
  }

  public Status status(String id) {
    TestProbe<Status> probe = kit.createTestProbe();
    ref(id).tell(new GetStatus(probe.getRef()));
    return probe.receiveMessage(TIMEOUT);
  }

  /** Submits {@code command} to {@code id}; the probe gets the one reply. */
  public TestProbe<SubmitReply> submitAsync(String id, Object command) {
    TestProbe<SubmitReply> probe = kit.createTestProbe();
    ref(id).tell(new Submit(command, probe.getRef()));
    return probe;
  }

  public SubmitReply submit(String id, Object command) {
    return submitAsync(id, command).receiveMessage(TIMEOUT);
  }

  /** Commits {@code command} through the leader that all running members follow; see {@link #commit(Collection, Object)}. */
  public Committed commit(Object command) {
    return commit(new TreeSet<>(running.keySet()), command);
  }

  /**
   * Submits {@code command} to the leader that the running members of {@code among} follow, until it is
   * committed exactly once. A leader change is survived without duplicates: after {@link NotLeader} nothing
   * happened, and after {@link OutcomeUnknown} the next leader's committed log tells whether the command
   * made it at its index (then that is the answer, with an unknown result) or never will (then it is sent
   * again).
   */
  public Committed commit(Collection<String> among, Object command) {
    return await(() -> {
      String leader = awaitLeader(among);
      SubmitReply reply = submit(leader, command);
      if (reply instanceof Committed committed) return committed;
      if (reply instanceof OutcomeUnknown unknown && committedAt(among, unknown.index(), command)) {
        return new Committed(unknown.index(), null);
      }
      throw new AssertionError("submit of " + command + " to " + leader + " answered " + reply + "\n" + describe());
    });
  }

  /** Once a leader of {@code among} has committed {@code index}: whether {@code command} is the entry there. */
  private boolean committedAt(Collection<String> among, long index, Object command) {
    return await(() -> {
      MemberState leader = state(awaitLeader(among));
      if (leader.commitIndex() < index) throw new AssertionError("index " + index + " not decided yet");
      LogEntry entry = leader.log().entry(index);
      return entry.kind() == LogEntry.Kind.COMMAND
          && command.equals(Payloads.decode(kit.system().classicSystem(), entry.payload()));
    });
  }

  /** Waits until each of {@code ids} has applied exactly {@code expected}, in that order. */
  public void awaitApplied(Collection<String> ids, List<String> expected) {
    await(() -> {
      for (String id : ids) {
        if (!expected.equals(applied(id))) {
          throw new AssertionError(id + " applied " + applied(id) + ", expected " + expected + "\n" + describe());
        }
      }
      return null;
    });
  }

  /** Fails with every invariant violation the observer saw (they are checked on every report). */
  public void assertInvariants() {
    observer.assertNoViolations();
  }

  public String describe() {
    return "group " + groupId + ", running " + new TreeSet<>(running.keySet()) + ", network: " + network + "\n"
        + observer.describe();
  }
}
