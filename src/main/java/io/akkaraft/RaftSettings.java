package io.akkaraft;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import io.akkaraft.core.Membership;
import io.akkaraft.core.ReplicationLimits;
import io.akkaraft.core.UnsafeRule;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Settings of one Raft group member: who it is, who its peers are, and the tuning of {@code akka-raft} in
 * {@code reference.conf}. Immutable; the {@code with...} methods return copies.
 */
public final class RaftSettings {
  private final String groupId;
  private final String memberId;
  private final Membership members;
  private final Duration electionTimeoutMin;
  private final Duration electionTimeoutMax;
  private final Duration heartbeatInterval;
  private final ReplicationLimits limits;
  private final int maxCommandBytes;
  private final String journalPluginId;
  private final String snapshotPluginId;
  private final int recoveryStashCapacity;
  private final long randomSeed;
  private final Set<UnsafeRule> unsafeRules;
  private final boolean leaseReads;
  private final double clockDriftBound;
  private final Map<String, String> peerPaths;

  private RaftSettings(String groupId, String memberId, Membership members, Duration electionTimeoutMin,
      Duration electionTimeoutMax, Duration heartbeatInterval, ReplicationLimits limits, int maxCommandBytes,
      String journalPluginId, String snapshotPluginId, int recoveryStashCapacity, long randomSeed,
      Set<UnsafeRule> unsafeRules, boolean leaseReads, double clockDriftBound, Map<String, String> peerPaths) {
    if (groupId.isBlank() || memberId.isBlank()) throw new IllegalArgumentException("group and member ids must not be blank");
    if (!members.contains(memberId)) {
      throw new IllegalArgumentException("member '" + memberId + "' is not in the members " + members.sorted());
    }
    if (electionTimeoutMin.compareTo(electionTimeoutMax) >= 0) {
      throw new IllegalArgumentException("election-timeout-min must be below election-timeout-max");
    }
    if (heartbeatInterval.compareTo(electionTimeoutMin) >= 0) {
      throw new IllegalArgumentException("heartbeat-interval must be below election-timeout-min");
    }
    if (!(clockDriftBound >= 1.0)) throw new IllegalArgumentException("clock-drift-bound must be at least 1.0");
    for (String peer : peerPaths.keySet()) {
      if (peer.equals(memberId) || !members.contains(peer)) {
        throw new IllegalArgumentException("a peer path is given for '" + peer + "', which is not a peer of " + memberId);
      }
    }
    this.groupId = groupId;
    this.memberId = memberId;
    this.members = members;
    this.electionTimeoutMin = electionTimeoutMin;
    this.electionTimeoutMax = electionTimeoutMax;
    this.heartbeatInterval = heartbeatInterval;
    this.limits = limits;
    this.maxCommandBytes = maxCommandBytes;
    this.journalPluginId = journalPluginId;
    this.snapshotPluginId = snapshotPluginId;
    this.recoveryStashCapacity = recoveryStashCapacity;
    this.randomSeed = randomSeed;
    this.unsafeRules = unsafeRules;
    this.leaseReads = leaseReads;
    this.clockDriftBound = clockDriftBound;
    this.peerPaths = Map.copyOf(peerPaths);
  }

  /** Settings for member {@code memberId} of group {@code groupId}, tuned by the system's {@code akka-raft}. */
  public static RaftSettings create(
      ActorSystem<?> system, String groupId, String memberId, Collection<String> members) {
    return fromConfig(system.settings().config().getConfig("akka-raft"), groupId, memberId, members);
  }

  /** Settings read from an {@code akka-raft} config section. */
  public static RaftSettings fromConfig(
      Config config, String groupId, String memberId, Collection<String> members) {
    return new RaftSettings(groupId, memberId, Membership.of(members),
        config.getDuration("election-timeout-min"), config.getDuration("election-timeout-max"),
        config.getDuration("heartbeat-interval"),
        new ReplicationLimits(config.getInt("max-entries-per-append"),
            (int) (long) config.getBytes("max-bytes-per-append"), config.getInt("max-inflight-appends")),
        (int) (long) config.getBytes("max-command-bytes"), config.getString("journal-plugin-id"),
        config.getString("snapshot-plugin-id"), config.getInt("recovery-stash-capacity"),
        System.nanoTime() ^ memberId.hashCode(), EnumSet.noneOf(UnsafeRule.class),
        config.getBoolean("lease-reads"), config.getDouble("clock-drift-bound"), Map.of());
  }

  public String groupId() { return groupId; }
  public String memberId() { return memberId; }
  public Membership members() { return members; }
  public Duration electionTimeoutMin() { return electionTimeoutMin; }
  public Duration electionTimeoutMax() { return electionTimeoutMax; }
  public Duration heartbeatInterval() { return heartbeatInterval; }
  public ReplicationLimits limits() { return limits; }
  public int maxCommandBytes() { return maxCommandBytes; }
  public String journalPluginId() { return journalPluginId; }
  public String snapshotPluginId() { return snapshotPluginId; }
  public int recoveryStashCapacity() { return recoveryStashCapacity; }
  /** Seed of the member's only source of randomness, its election timeouts. */
  public long randomSeed() { return randomSeed; }
  public Set<UnsafeRule> unsafeRules() { return unsafeRules; }
  /** Whether a leader answers linearizable reads from a lease instead of a heartbeat round (§6.4.1). */
  public boolean leaseReads() { return leaseReads; }
  /** Most that one member's clock may run faster than another's, as a ratio (1.1 = 10%). */
  public double clockDriftBound() { return clockDriftBound; }
  /** Peers' actor paths by member id, where known (see {@link #withPeerPaths}); often empty. */
  public Map<String, String> peerPaths() { return peerPaths; }

  /**
   * How long after sending a heartbeat round that a majority acknowledged the leader may assume no other
   * leader exists: {@code election-timeout-min / clock-drift-bound} (§6.4.1, Figure 6.3). Followers that
   * acknowledged it refuse votes for {@code election-timeout-min} of their own clocks (§4.2.3).
   */
  public Duration leaseDuration() {
    return Duration.ofNanos((long) (electionTimeoutMin.toNanos() / clockDriftBound));
  }

  /** The journal's persistence id: one journal per member of a group. */
  public String persistenceId() {
    return "akka-raft|" + groupId + "|" + memberId;
  }

  public RaftSettings withElectionTimeout(Duration min, Duration max) {
    return new RaftSettings(groupId, memberId, members, min, max, heartbeatInterval, limits, maxCommandBytes,
        journalPluginId, snapshotPluginId, recoveryStashCapacity, randomSeed, unsafeRules,
        leaseReads, clockDriftBound, peerPaths);
  }

  public RaftSettings withHeartbeatInterval(Duration interval) {
    return new RaftSettings(groupId, memberId, members, electionTimeoutMin, electionTimeoutMax, interval, limits,
        maxCommandBytes, journalPluginId, snapshotPluginId, recoveryStashCapacity, randomSeed, unsafeRules,
        leaseReads, clockDriftBound, peerPaths);
  }

  public RaftSettings withLimits(ReplicationLimits newLimits) {
    return new RaftSettings(groupId, memberId, members, electionTimeoutMin, electionTimeoutMax, heartbeatInterval,
        newLimits, maxCommandBytes, journalPluginId, snapshotPluginId, recoveryStashCapacity, randomSeed, unsafeRules,
        leaseReads, clockDriftBound, peerPaths);
  }

  public RaftSettings withMaxCommandBytes(int bytes) {
    return new RaftSettings(groupId, memberId, members, electionTimeoutMin, electionTimeoutMax, heartbeatInterval,
        limits, bytes, journalPluginId, snapshotPluginId, recoveryStashCapacity, randomSeed, unsafeRules,
        leaseReads, clockDriftBound, peerPaths);
  }

  public RaftSettings withJournalPluginId(String journal, String snapshots) {
    return new RaftSettings(groupId, memberId, members, electionTimeoutMin, electionTimeoutMax, heartbeatInterval,
        limits, maxCommandBytes, journal, snapshots, recoveryStashCapacity, randomSeed, unsafeRules,
        leaseReads, clockDriftBound, peerPaths);
  }

  /** Pins the election-timeout randomness, for reproducible tests and simulations. */
  public RaftSettings withRandomSeed(long seed) {
    return new RaftSettings(groupId, memberId, members, electionTimeoutMin, electionTimeoutMax, heartbeatInterval,
        limits, maxCommandBytes, journalPluginId, snapshotPluginId, recoveryStashCapacity, seed, unsafeRules,
        leaseReads, clockDriftBound, peerPaths);
  }

  /** Lease-based reads on or off, with the clock drift bound they assume (see {@link #leaseDuration}). */
  public RaftSettings withLeaseReads(boolean enabled, double driftBound) {
    return new RaftSettings(groupId, memberId, members, electionTimeoutMin, electionTimeoutMax, heartbeatInterval,
        limits, maxCommandBytes, journalPluginId, snapshotPluginId, recoveryStashCapacity, randomSeed, unsafeRules,
        enabled, driftBound, peerPaths);
  }

  /**
   * Where peers' members are, when the application knows it (member id to actor path, such as {@code
   * akka://system@host:25522/user/raft-orders}). Members always find each other through the Receptionist;
   * with known paths they can also talk before its registrations have spread through the cluster, which
   * takes seconds after a start or restart, and elections and replication do not wait for that.
   */
  public RaftSettings withPeerPaths(Map<String, String> paths) {
    return new RaftSettings(groupId, memberId, members, electionTimeoutMin, electionTimeoutMax, heartbeatInterval,
        limits, maxCommandBytes, journalPluginId, snapshotPluginId, recoveryStashCapacity, randomSeed, unsafeRules,
        leaseReads, clockDriftBound, paths);
  }

  /** Test only: switches on deliberately broken rules so that tests can prove their checkers fail. */
  public RaftSettings withUnsafeRules(Set<UnsafeRule> rules) {
    return new RaftSettings(groupId, memberId, members, electionTimeoutMin, electionTimeoutMax, heartbeatInterval,
        limits, maxCommandBytes, journalPluginId, snapshotPluginId, recoveryStashCapacity, randomSeed,
        rules.isEmpty() ? EnumSet.noneOf(UnsafeRule.class) : EnumSet.copyOf(rules), leaseReads, clockDriftBound, peerPaths);
  }
}
