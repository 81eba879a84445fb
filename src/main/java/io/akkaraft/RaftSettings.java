package io.akkaraft;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import io.akkaraft.core.Membership;
import io.akkaraft.core.ReplicationLimits;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * Settings of one Raft group member: who it is, who its peers are, and the tuning of {@code akka-raft} in
 * {@code reference.conf}. Immutable; the {@code with...} methods return copies.
 */
public final class RaftSettings {
  /** The mutable form the copies are made from; every RaftSettings is checked once it is built. */
  private static final class Values implements Cloneable {
    String groupId;
    String memberId;
    Membership members;
    Duration electionTimeoutMin;
    Duration electionTimeoutMax;
    Duration heartbeatInterval;
    ReplicationLimits limits;
    int maxCommandBytes;
    long maxUncommittedBytes;
    String journalPluginId;
    String snapshotPluginId;
    int recoveryStashCapacity;
    long randomSeed;
    boolean leaseReads;
    double clockDriftBound;
    boolean preVote;
    Map<String, String> peerPaths;

    Values copy() {
      try {
        return (Values) clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private final Values v;

  private RaftSettings(Values values) {
    if (values.groupId.isBlank() || values.memberId.isBlank()) {
      throw new IllegalArgumentException("group and member ids must not be blank");
    }
    if (!values.members.contains(values.memberId)) {
      throw new IllegalArgumentException("member '" + values.memberId + "' is not in the members " + values.members.sorted());
    }
    if (values.electionTimeoutMin.compareTo(values.electionTimeoutMax) >= 0) {
      throw new IllegalArgumentException("election-timeout-min must be below election-timeout-max");
    }
    if (values.heartbeatInterval.compareTo(values.electionTimeoutMin) >= 0) {
      throw new IllegalArgumentException("heartbeat-interval must be below election-timeout-min");
    }
    if (!(values.clockDriftBound >= 1.0)) throw new IllegalArgumentException("clock-drift-bound must be at least 1.0");
    if (values.maxUncommittedBytes < values.maxCommandBytes) {
      throw new IllegalArgumentException("akka-raft.max-uncommitted-bytes (" + values.maxUncommittedBytes
          + ") must be at least akka-raft.max-command-bytes (" + values.maxCommandBytes + ")");
    }
    for (String peer : values.peerPaths.keySet()) {
      if (peer.equals(values.memberId) || !values.members.contains(peer)) {
        throw new IllegalArgumentException(
            "a peer path is given for '" + peer + "', which is not a peer of " + values.memberId);
      }
    }
    values.peerPaths = Map.copyOf(values.peerPaths);
    this.v = values;
  }

  private RaftSettings with(java.util.function.Consumer<Values> change) {
    Values next = v.copy();
    change.accept(next);
    return new RaftSettings(next);
  }

  /** Settings for member {@code memberId} of group {@code groupId}, tuned by the system's {@code akka-raft}. */
  public static RaftSettings create(
      ActorSystem<?> system, String groupId, String memberId, Collection<String> members) {
    return fromConfig(system.settings().config().getConfig("akka-raft"), groupId, memberId, members);
  }

  /** Settings read from an {@code akka-raft} config section. */
  public static RaftSettings fromConfig(
      Config config, String groupId, String memberId, Collection<String> members) {
    Values v = new Values();
    v.groupId = groupId;
    v.memberId = memberId;
    v.members = Membership.of(members);
    v.electionTimeoutMin = config.getDuration("election-timeout-min");
    v.electionTimeoutMax = config.getDuration("election-timeout-max");
    v.heartbeatInterval = config.getDuration("heartbeat-interval");
    v.limits = new ReplicationLimits(config.getInt("max-entries-per-append"),
        (int) (long) config.getBytes("max-bytes-per-append"), config.getInt("max-inflight-appends"));
    v.maxCommandBytes = (int) (long) config.getBytes("max-command-bytes");
    v.maxUncommittedBytes = config.getBytes("max-uncommitted-bytes");
    v.journalPluginId = config.getString("journal-plugin-id");
    v.snapshotPluginId = config.getString("snapshot-plugin-id");
    v.recoveryStashCapacity = config.getInt("recovery-stash-capacity");
    v.randomSeed = System.nanoTime() ^ memberId.hashCode();
    v.leaseReads = config.getBoolean("lease-reads");
    v.clockDriftBound = config.getDouble("clock-drift-bound");
    v.preVote = config.getBoolean("pre-vote");
    v.peerPaths = Map.of();
    return new RaftSettings(v);
  }

  public String groupId() { return v.groupId; }
  public String memberId() { return v.memberId; }
  public Membership members() { return v.members; }
  public Duration electionTimeoutMin() { return v.electionTimeoutMin; }
  public Duration electionTimeoutMax() { return v.electionTimeoutMax; }
  public Duration heartbeatInterval() { return v.heartbeatInterval; }
  public ReplicationLimits limits() { return v.limits; }
  public int maxCommandBytes() { return v.maxCommandBytes; }
  /**
   * Most command bytes a leader holds appended or queued but not yet committed; past it new commands are
   * refused with {@link ClientProtocol.Overloaded} (back-pressure), so a leader without a majority cannot
   * fill its heap.
   */
  public long maxUncommittedBytes() { return v.maxUncommittedBytes; }
  public String journalPluginId() { return v.journalPluginId; }
  public String snapshotPluginId() { return v.snapshotPluginId; }
  public int recoveryStashCapacity() { return v.recoveryStashCapacity; }
  /** Seed of the member's only source of randomness, its election timeouts. */
  public long randomSeed() { return v.randomSeed; }
  /** Whether a leader answers linearizable reads from a lease instead of a heartbeat round (§6.4.1). */
  public boolean leaseReads() { return v.leaseReads; }
  /** Most that one member's clock may run faster than another's, as a ratio (1.1 = 10%). */
  public double clockDriftBound() { return v.clockDriftBound; }
  /** Whether a member asks for pre-votes before it starts an election (§9.6). */
  public boolean preVote() { return v.preVote; }
  /** Peers' actor paths by member id, where known (see {@link #withPeerPaths}); often empty. */
  public Map<String, String> peerPaths() { return v.peerPaths; }

  /**
   * How long after sending a heartbeat round that a majority acknowledged the leader may assume no other
   * leader exists: {@code election-timeout-min / clock-drift-bound} (§6.4.1, Figure 6.3). Followers that
   * acknowledged it refuse votes for {@code election-timeout-min} of their own clocks (§4.2.3).
   */
  public Duration leaseDuration() {
    return Duration.ofNanos((long) (v.electionTimeoutMin.toNanos() / v.clockDriftBound));
  }

  /** The journal's persistence id: one journal per member of a group. */
  public String persistenceId() {
    return "akka-raft|" + v.groupId + "|" + v.memberId;
  }

  public RaftSettings withElectionTimeout(Duration min, Duration max) {
    return with(x -> {
      x.electionTimeoutMin = min;
      x.electionTimeoutMax = max;
    });
  }

  public RaftSettings withHeartbeatInterval(Duration interval) {
    return with(x -> x.heartbeatInterval = interval);
  }

  public RaftSettings withLimits(ReplicationLimits newLimits) {
    return with(x -> x.limits = newLimits);
  }

  public RaftSettings withMaxCommandBytes(int bytes) {
    return with(x -> x.maxCommandBytes = bytes);
  }

  public RaftSettings withMaxUncommittedBytes(long bytes) {
    return with(x -> x.maxUncommittedBytes = bytes);
  }

  public RaftSettings withJournalPluginId(String journal, String snapshots) {
    return with(x -> {
      x.journalPluginId = journal;
      x.snapshotPluginId = snapshots;
    });
  }

  /** Pins the election-timeout randomness, for reproducible tests and simulations. */
  public RaftSettings withRandomSeed(long seed) {
    return with(x -> x.randomSeed = seed);
  }

  /** Lease-based reads on or off, with the clock drift bound they assume (see {@link #leaseDuration}). */
  public RaftSettings withLeaseReads(boolean enabled, double driftBound) {
    return with(x -> {
      x.leaseReads = enabled;
      x.clockDriftBound = driftBound;
    });
  }

  /** Pre-Vote (§9.6) on or off. */
  public RaftSettings withPreVote(boolean enabled) {
    return with(x -> x.preVote = enabled);
  }

  /**
   * Where peers' members are, when the application knows it (member id to actor path, such as {@code
   * akka://system@host:25522/user/raft-orders}). Members always find each other through the Receptionist;
   * with known paths they can also talk before its registrations have spread through the cluster, which
   * takes seconds after a start or restart, and elections and replication do not wait for that.
   */
  public RaftSettings withPeerPaths(Map<String, String> paths) {
    return with(x -> x.peerPaths = paths);
  }
}
