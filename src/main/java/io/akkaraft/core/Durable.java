package io.akkaraft.core;

/**
 * What the journal has confirmed: the term and vote on disk, and the last log index whose entry on disk is
 * the same as in memory. The leader counts itself toward a majority only up to {@code lastIndex}, and a
 * candidate counts its own vote only once it is durable (persist before reply, Figure 3.1).
 */
public record Durable(long term, String votedFor, long lastIndex) {

  public static final Durable NOTHING = new Durable(0, null, 0);

  public boolean hasVoteFor(long inTerm, String candidate) {
    return term == inTerm && candidate.equals(votedFor);
  }

  public Durable withLastIndexAtMost(long index) {
    return index >= lastIndex ? this : new Durable(term, votedFor, index);
  }
}
