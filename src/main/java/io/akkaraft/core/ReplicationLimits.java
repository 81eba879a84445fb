package io.akkaraft.core;

/**
 * Bounds on what the leader sends one follower.
 *
 * @param maxEntriesPerAppend entries in one AppendEntries
 * @param maxBytesPerAppend approximate payload bytes in one AppendEntries (one larger entry still goes alone)
 * @param maxInflightAppends AppendEntries with entries sent to one follower and not yet answered
 */
public record ReplicationLimits(int maxEntriesPerAppend, int maxBytesPerAppend, int maxInflightAppends) {
  public ReplicationLimits {
    if (maxEntriesPerAppend < 1 || maxBytesPerAppend < 1 || maxInflightAppends < 1) {
      throw new IllegalArgumentException("replication limits must be positive: " + this);
    }
  }
}
