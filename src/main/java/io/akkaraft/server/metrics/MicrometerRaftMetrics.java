package io.akkaraft.server.metrics;

import io.akkaraft.RaftMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * A member's {@link RaftMetrics} as Micrometer meters, every one tagged with the Raft group. The member writes
 * volatile fields that the gauges read at scrape time; counters, timers and summaries are lock-free.
 */
public final class MicrometerRaftMetrics implements RaftMetrics {
  private static final String[] ROLES = {"follower", "pre-candidate", "candidate", "leader"};

  private final MeterRegistry registry;
  private final Tags tags;
  private volatile String role;
  private volatile long term;
  private volatile long commitIndex;
  private volatile long lastApplied;
  private volatile long lastLogIndex;
  private final Counter becameLeader;
  private final Counter leaderChanges;
  private final Timer journalWrite;
  private final DistributionSummary journalWriteEvents;
  private final DistributionSummary journalWriteEntries;
  private final DistributionSummary appendEntries;
  private final Map<String, FollowerLag> lags = new ConcurrentHashMap<>();

  /** One follower's lag, a gauge while this member leads. */
  private static final class FollowerLag {
    volatile long entries;
    Gauge gauge;
  }

  public MicrometerRaftMetrics(MeterRegistry registry, String group) {
    this.registry = registry;
    this.tags = Tags.of("group", group);
    for (String name : ROLES) {
      Gauge.builder("raft.role", this, m -> name.equals(m.role) ? 1 : 0).tags(tags).tag("role", name)
          .description("1 for the member's current role, 0 for the others").strongReference(true).register(registry);
    }
    gauge("raft.term", "the member's current term", m -> m.term);
    gauge("raft.commit.index", "highest log index known to be committed", m -> m.commitIndex);
    gauge("raft.last.applied", "highest log index applied to the state machine", m -> m.lastApplied);
    gauge("raft.log.last.index", "highest index in the member's log", m -> m.lastLogIndex);
    becameLeader = Counter.builder("raft.leader.elected").tags(tags)
        .description("times this member became leader").register(registry);
    leaderChanges = Counter.builder("raft.leader.changes").tags(tags)
        .description("times the leader this member knows of changed to another member").register(registry);
    journalWrite = Timer.builder("raft.journal.write").tags(tags)
        .description("journal write latency, from receiving a group commit to its confirmation")
        .serviceLevelObjectives(durations(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000))
        .register(registry);
    journalWriteEvents = summary("raft.journal.write.events", "journal events per write", 1, 2, 3, 4, 8, 16);
    journalWriteEntries = summary("raft.journal.write.entries", "log entries per journal write",
        1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096);
    appendEntries = summary("raft.append.entries.batch",
        "log entries per AppendEntries the leader sent (heartbeats without entries not counted)",
        1, 2, 4, 8, 16, 32, 64, 128, 256, 512);
  }

  private void gauge(String name, String description, ToDoubleFunction<MicrometerRaftMetrics> value) {
    Gauge.builder(name, this, value).tags(tags).description(description).strongReference(true).register(registry);
  }

  private DistributionSummary summary(String name, String description, double... buckets) {
    return DistributionSummary.builder(name).tags(tags).description(description).serviceLevelObjectives(buckets)
        .register(registry);
  }

  private static Duration[] durations(double... millis) {
    Duration[] result = new Duration[millis.length];
    for (int i = 0; i < millis.length; i++) result[i] = Duration.ofNanos((long) (millis[i] * 1_000_000));
    return result;
  }

  @Override
  public void onRole(String newRole) {
    role = newRole;
    if (!"leader".equals(newRole)) removeLags();
  }

  @Override
  public void onBecameLeader() {
    becameLeader.increment();
  }

  @Override
  public void onLeaderChanged(String leaderId) {
    leaderChanges.increment();
  }

  @Override
  public void onTerm(long newTerm) {
    term = newTerm;
  }

  @Override
  public void onCommitIndex(long index) {
    commitIndex = index;
  }

  @Override
  public void onLastApplied(long index) {
    lastApplied = index;
  }

  @Override
  public void onLastLogIndex(long index) {
    lastLogIndex = index;
  }

  @Override
  public void onFollowerLag(String follower, long lag) {
    FollowerLag known = lags.get(follower);
    if (known == null) {
      FollowerLag added = new FollowerLag();
      added.gauge = Gauge.builder("raft.follower.lag", added, l -> l.entries).tags(tags).tag("follower", follower)
          .description("leader only: the leader's last log index minus the follower's matchIndex")
          .strongReference(true).register(registry);
      lags.put(follower, added);
      known = added;
    }
    known.entries = lag;
  }

  /** A member that no longer leads knows no follower progress: its lag series disappear. */
  private void removeLags() {
    if (lags.isEmpty()) return;
    for (FollowerLag lag : lags.values()) registry.remove(lag.gauge);
    lags.clear();
  }

  @Override
  public void onAppendEntriesSent(int entries) {
    appendEntries.record(entries);
  }

  @Override
  public void onJournalWrite(long nanos, int events, int entries) {
    journalWrite.record(nanos, TimeUnit.NANOSECONDS);
    journalWriteEvents.record(events);
    journalWriteEntries.record(entries);
  }
}
