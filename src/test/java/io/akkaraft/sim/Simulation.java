package io.akkaraft.sim;

import akka.actor.testkit.typed.CapturedLogEvent;
import akka.actor.testkit.typed.Effect;
import akka.actor.testkit.typed.javadsl.BehaviorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.akkaraft.RaftCommand;
import io.akkaraft.RaftSettings;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import io.akkaraft.core.PeerProtocol.VoteReply;
import io.akkaraft.core.RaftLog;
import io.akkaraft.core.UnsafeRule;
import io.akkaraft.persistence.JournalProtocol.Write;
import io.akkaraft.persistence.JournalProtocol.Written;
import io.akkaraft.role.RaftMember;
import io.akkaraft.role.Testing;
import io.akkaraft.testkit.invariants.Property;
import io.akkaraft.transport.PeerTransport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.event.Level;

/**
 * A group of production Raft members driven one message at a time in virtual time, single-threaded and
 * deterministic: each member is {@link RaftMember#builder} run in a BehaviorTestKit; its peer messages go
 * through a {@link SimNetwork}, its journal writes reach a {@link SimDisk} after a random latency, its timers
 * fire when the virtual clock reaches them, and every state it reports is checked by an
 * {@link InvariantChecker}. A crash drops the incarnation and whatever was not yet on its disk; a restart is a
 * new incarnation that recovers from the disk through the production {@code Recovering} path.
 */
final class Simulation {
  /** The {@code akka-raft} section every member starts from: the test configuration's short timers. */
  static final Config RAFT_CONFIG = ConfigFactory.load("application-test").getConfig("akka-raft");
  private static final long STEP_LIMIT = 3_000_000;

  final long seed;
  final List<String> ids;
  final SimOptions options;
  final EventQueue clock = new EventQueue();
  final Transcript trace;
  final Stats stats = new Stats();
  final SimNetwork network;
  final InvariantChecker checker;
  final Workload workload;
  private final Set<UnsafeRule> unsafe;
  private final Random diskRandom;
  private final Random memberSeeds;
  private final Random clockRandom;
  private final Map<String, SimDisk> disks = new TreeMap<>();
  private final Map<String, SimMember> live = new TreeMap<>();
  private final Map<String, Integer> incarnations = new HashMap<>();
  private final Map<String, UnaryOperator<RaftSettings>> tuning = new HashMap<>();
  private final Map<String, Long> diskLatencyOf = new HashMap<>();
  /** Scenarios may go on after a violation, to see its consequences. */
  boolean stopAtViolation = true;
  final Clients clients = new Clients(this);

  Simulation(long seed, List<String> ids, SimOptions options, Set<UnsafeRule> unsafe, boolean trace) {
    this.seed = seed;
    this.ids = List.copyOf(ids);
    this.options = options;
    this.unsafe = unsafe.isEmpty() ? EnumSet.noneOf(UnsafeRule.class) : EnumSet.copyOf(unsafe);
    this.trace = new Transcript(trace);
    // A stream of its own, apart from the Random(seed) a random run draws its options from.
    Random random = new Random(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
    this.diskRandom = new Random(random.nextLong());
    this.memberSeeds = new Random(random.nextLong());
    this.clockRandom = new Random(seed ^ 0x6A09E667F3BCC909L);
    this.network = new SimNetwork(ids, clock, new Random(random.nextLong()), this.trace, stats, options.network(),
        this::receive);
    this.workload = new Workload(this, new Random(random.nextLong()));
    this.checker = new InvariantChecker(ids, this::disk, clock::now);
    for (String id : ids) disks.put(id, new SimDisk());
  }

  /** A scripted scenario: calm options, transcript on. */
  static Simulation scenario(List<String> ids, UnsafeRule... unsafe) {
    return new Simulation(1, ids, SimOptions.calm(), unsafe.length == 0 ? Set.of() : Set.of(unsafe), true);
  }

  static List<String> memberIds(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) ids.add("n" + i);
    return ids;
  }

  // ---- set-up ----

  /** Puts what a member finds on its disk at its next start; for scenarios that begin mid-history. */
  Simulation withDisk(String id, long term, String votedFor, RaftLog log) {
    disks.put(id, SimDisk.of(term, votedFor, log));
    return this;
  }

  /** Adjusts a member's settings, for example its election timeout, from its next start on. */
  Simulation tune(String id, UnaryOperator<RaftSettings> change) {
    tuning.merge(id, change, (earlier, later) -> settings -> later.apply(earlier.apply(settings)));
    return this;
  }

  /** Gives one member's disk a fixed latency (a slow disk, say). */
  Simulation withDiskLatency(String id, long latency) {
    diskLatencyOf.put(id, latency);
    return this;
  }

  void start() {
    for (String id : ids) boot(id);
  }

  /** Starts only these members; the others stay down until {@link #restart}. */
  void start(String... members) {
    for (String id : members) boot(id);
  }

  // ---- running ----

  /** Runs until {@code done} holds (true), a violation is found, or {@code budget} virtual nanos pass (false). */
  boolean runUntil(BooleanSupplier done, long budget) {
    long deadline = clock.now() + budget;
    while (!stopAtViolation || !checker.failed()) {
      if (done.getAsBoolean()) return true;
      if (stats.steps > STEP_LIMIT) {
        checker.fail(Property.LIVENESS, "more than " + STEP_LIMIT + " steps: the run does not settle");
        return false;
      }
      if (!clock.step(deadline)) return done.getAsBoolean();
    }
    return false;
  }

  void runFor(long duration) {
    runUntil(() -> false, duration);
  }

  /** Runs until every member that is up has recovered from its disk. */
  boolean awaitRecovered() {
    return runUntil(() -> live.values().stream().allMatch(m -> m.state != null), EventQueue.millis(100));
  }

  // ---- faults ----

  /** The member stops at once: its timers, queued messages and unfinished journal writes are gone. */
  void crash(String id) {
    SimMember m = live.remove(id);
    if (m == null) return;
    stats.crashes++;
    String writes = "";
    Write first = m.writes.peek();
    double tornRate = options.disk().tornWriteRate();
    if (first != null && tornRate > 0 && diskRandom.nextDouble() < tornRate) {
      // The write reached the disk, but the crash came before the member heard of it.
      stats.tornWrites++;
      writeToDisk(id, first);
      writes = " after write#" + first.seq() + " reached its disk unacknowledged";
      m.writes.poll();
    }
    if (!m.writes.isEmpty()) writes += "; lost unfinished writes " + m.writes.stream().map(Write::seq).toList();
    clients.forget(m);
    if (trace.on()) trace.add(clock.now(), id + " crashed" + writes);
  }

  void restart(String id) {
    if (!live.containsKey(id)) boot(id);
  }

  boolean isUp(String id) {
    return live.containsKey(id);
  }

  /** The member's election timeout elapses now (scenarios use it to decide who stands first). */
  void electionTimeoutNow(String id) {
    SimMember m = live.get(id);
    SimMember.Timer timer = m == null ? null : m.timers.remove(SimMember.ELECTION_TIMER);
    if (timer == null) throw new IllegalStateException(id + " has no election timer running");
    if (trace.on()) trace.add(clock.now(), id + " election timeout (forced)");
    run(m, Testing.electionTimeoutNow());
  }

  /** Makes {@code id} stand for election now and runs until it leads (true) or a short while passed. */
  boolean elect(String id) {
    electionTimeoutNow(id);
    return runUntil(() -> isLeader(id), EventQueue.millis(100));
  }

  // ---- clients ----

  /** A client sends {@code command} to {@code memberId}; it arrives after {@code latency}. */
  Submission submit(String client, String memberId, String command, long latency) {
    return clients.submit(client, memberId, command, latency);
  }

  /** As a numbering client sends a command (again): under {@code retryKey}. */
  Submission submit(String client, String memberId, String command, long latency, String retryKey) {
    return clients.submit(client, memberId, command, latency, retryKey);
  }

  /** A client sends a linearizable read to {@code memberId}; it arrives after {@code latency}. */
  ReadRequest read(String client, String memberId, long latency) {
    return clients.read(client, memberId, latency);
  }

  // ---- what tests look at ----

  /** The member's current incarnation, or null while it is down. */
  SimMember member(String id) {
    return live.get(id);
  }

  /** The state the member last reported, or null while it is down or recovering. */
  MemberState state(String id) {
    SimMember m = live.get(id);
    return m == null ? null : m.state;
  }

  SimStateMachine stateMachine(String id) {
    SimMember m = live.get(id);
    return m == null ? null : m.stateMachine;
  }

  SimDisk disk(String id) {
    return disks.get(id);
  }

  /** The up member that leads in the highest term, or null. */
  String leader() {
    String leader = null;
    long term = -1;
    for (SimMember m : live.values()) {
      if (m.state != null && m.state.isLeader() && m.state.currentTerm() > term) {
        leader = m.id;
        term = m.state.currentTerm();
      }
    }
    return leader;
  }

  boolean isLeader(String id) {
    MemberState s = state(id);
    return s != null && s.isLeader();
  }

  /** The first acknowledged command not applied at its index on one of {@code members}, or null if none. */
  String firstUnapplied(Collection<String> members) {
    return clients.firstUnapplied(members);
  }

  InvariantChecker.Violation violation() {
    return checker.violation();
  }

  /** Members' states, disks and network, for failure messages. */
  String describe() {
    StringBuilder out = new StringBuilder();
    for (String id : ids) {
      SimMember m = live.get(id);
      out.append("  ").append(m == null ? id + " down" : m.state == null ? id + " recovering" : m.state.toString())
          .append("\n    ").append(disks.get(id)).append('\n');
    }
    return out.append("  network: ").append(network).append('\n').toString();
  }

  /** The violation (if any), the group's state and the transcript's tail. */
  String report(int traceLines) {
    return "seed " + seed + (violation() == null ? "" : ": " + violation()) + "\n" + describe()
        + (trace.on() ? "transcript:\n" + trace.tail(traceLines) : "");
  }

  // ---- the driver ----

  private void boot(String id) {
    int incarnation = incarnations.merge(id, 1, Integer::sum);
    SimOptions.Clocks clocks = options.clocks();
    double rate = 1 + (clocks.maxDrift() - 1) * clockRandom.nextDouble();
    SimMember m = new SimMember(id, incarnation,
        new SimStateMachine((index, command) -> checker.onApplied(id, incarnation, index, command)),
        rate, clocks.maxDrift() > 1 ? clockRandom.nextLong() >> 8 : 0);
    RaftSettings base = RaftSettings.fromConfig(RAFT_CONFIG, "sim", id, ids);
    RaftSettings settings = base
        .withRandomSeed(memberSeeds.nextLong())
        .withLeaseReads(clocks.leaseReads(), base.clockDriftBound());
    settings = tuning.getOrDefault(id, UnaryOperator.identity()).apply(settings);
    RaftMember.Builder member = RaftMember.builder(settings, () -> m.stateMachine)
        .transport((context, s) -> new Transport(id))
        .journal((s, journalOwner) -> Behaviors.ignore())
        .observer(state -> onReport(m, state))
        .codec(SimCodec.INSTANCE)
        .clock(() -> m.clock(clock.now()));
    Behavior<RaftCommand> behavior = Testing.unsafeRules(member, unsafe).build();
    m.kit = BehaviorTestKit.create(behavior, id);
    m.journal = m.kit.childInbox(RaftMember.JOURNAL_NAME);
    live.put(id, m);
    afterRun(m);
    long readLatency = diskLatency(id);
    if (trace.on()) {
      trace.add(clock.now(), id + " started" + (incarnation > 1 ? " again (incarnation " + incarnation + ")" : "")
          + ", reading its " + disks.get(id));
    }
    clock.after(readLatency, () -> {
      if (live.get(id) == m) run(m, disks.get(id).recovered());
    });
  }

  private void receive(String from, String to, PeerMessage message) {
    SimMember m = live.get(to);
    if (m == null) {
      note(from + "->" + to + " " + Transcript.describe(message) + " lost: " + to + " is down");
      return;
    }
    run(m, message);
  }

  /** One step: the member handles one message; then everything it asked for is collected. */
  void run(SimMember m, RaftCommand message) {
    stats.steps++;
    try {
      m.kit.run(message);
    } catch (Throwable e) {
      checker.fail(Property.MEMBER_FAILED, m.id + " threw " + e + " on " + message);
    }
    afterRun(m);
  }

  private void afterRun(SimMember m) {
    for (Effect effect : m.kit.getAllEffects()) {
      if (effect instanceof Effect.TimerScheduled<?> scheduled) startTimer(m, scheduled);
      else if (effect instanceof Effect.TimerCancelled cancelled) m.timers.remove(cancelled.key().toString());
    }
    while (m.journal.hasMessages()) write(m, (Write) m.journal.receiveMessage());
    // Messages a member sends itself are delivered after what is already queued for this instant.
    while (m.kit.selfInbox().hasMessages()) {
      RaftCommand toSelf = m.kit.selfInbox().receiveMessage();
      clock.after(0, () -> {
        if (live.get(m.id) == m) run(m, toSelf);
      });
    }
    if (trace.on()) {
      for (CapturedLogEvent log : m.kit.getAllLogEntries()) {
        if (log.level().toInt() >= Level.WARN.toInt()) note(m.id + " logged " + log.level() + ": " + log.message());
      }
    }
    m.kit.clearLog();
    clients.poll(m);
    checker.onTimers(m.id, m.state, m.hasTimer(SimMember.ELECTION_TIMER), m.hasTimer(SimMember.HEARTBEAT_TIMER));
  }

  private void startTimer(SimMember m, Effect.TimerScheduled<?> scheduled) {
    boolean periodic = !"SingleMode".equals(scheduled.mode().toString());
    long delay = m.virtualDuration(scheduled.duration().toNanos());
    SimMember.Timer timer = new SimMember.Timer(scheduled.key().toString(), (RaftCommand) scheduled.msg(),
        periodic ? delay : 0);
    m.timers.put(timer.key(), timer);
    clock.after(delay, () -> fire(m, timer));
  }

  private void fire(SimMember m, SimMember.Timer timer) {
    if (live.get(m.id) != m || m.timers.get(timer.key()) != timer) return;
    if (timer.period() > 0) clock.after(timer.period(), () -> fire(m, timer));
    else m.timers.remove(timer.key());
    if (trace.on() && timer.key().equals(SimMember.ELECTION_TIMER)) trace.add(clock.now(), m.id + " election timeout");
    run(m, timer.message());
  }

  private void write(SimMember m, Write write) {
    long done = Math.max(clock.now() + diskLatency(m.id), m.diskFreeAt);
    m.diskFreeAt = done;
    m.writes.add(write);
    if (trace.on()) {
      trace.add(clock.now(), m.id + " journal write#" + write.seq() + " " + Transcript.describe(write.events())
          + " (durable at t=" + Transcript.time(done) + ")");
    }
    clock.at(done, () -> complete(m, write));
  }

  private void complete(SimMember m, Write write) {
    if (live.get(m.id) != m || m.writes.peek() != write) return;
    m.writes.poll();
    writeToDisk(m.id, write);
    run(m, new Written(write.seq()));
  }

  private void writeToDisk(String id, Write write) {
    SimDisk disk = disks.get(id);
    long term = disk.term();
    String vote = disk.votedFor();
    checker.onDiskWrite(id, term, vote, disk.apply(write.events()));
  }

  private long diskLatency(String id) {
    Long fixed = diskLatencyOf.get(id);
    if (fixed != null) return fixed;
    SimOptions.Disk d = options.disk();
    if (d.slowRate() > 0 && diskRandom.nextDouble() < d.slowRate()) {
      stats.slowWrites++;
      return d.maxLatency() + (long) (diskRandom.nextDouble() * (d.slowMaxLatency() - d.maxLatency()));
    }
    return d.minLatency() + (long) (diskRandom.nextDouble() * (d.maxLatency() - d.minLatency()));
  }

  private void onReport(SimMember m, MemberState s) {
    MemberState p = m.state;
    m.state = s;
    boolean newRoleOrTerm =
        p == null || p.role().getClass() != s.role().getClass() || p.currentTerm() != s.currentTerm();
    if (newRoleOrTerm && s.isLeader()) stats.elections++;
    if (trace.on()) {
      if (p == null) note(m.id + " recovered term=" + s.currentTerm() + " vote=" + s.votedFor() + " log=" + s.log());
      else if (newRoleOrTerm) note(m.id + " became " + s.role().name() + " at term " + s.currentTerm());
      else if (s.isLeader() && s.commitIndex() > p.commitIndex()) note(m.id + " commits up to " + s.commitIndex());
    }
    checker.onState(m.id, m.incarnation, s);
  }

  private void note(String line) {
    if (trace.on()) trace.add(clock.now(), line);
  }

  /** A member's transport: into the simulated network, and every vote grant noted as cast. */
  private final class Transport implements PeerTransport {
    private final String self;

    Transport(String self) {
      this.self = self;
    }

    @Override
    public void send(String to, PeerMessage message) {
      if (message instanceof VoteReply vote && vote.granted()) checker.onVoteGranted(self, vote.term(), to);
      network.send(self, to, message);
    }

    @Override
    public Optional<ActorRef<RaftCommand>> refOf(String memberId) {
      return Optional.empty();
    }

    @Override
    public void onEvent(TransportEvent event) {}
  }
}
