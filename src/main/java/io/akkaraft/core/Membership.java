package io.akkaraft.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.akkaraft.CborSerializable;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The group's voting members, held as data so that a configuration change can later replace it through the
 * log. Quorums are always computed from here, never from a constant.
 */
public record Membership(Set<String> voters) implements CborSerializable {

  @JsonCreator
  public Membership {
    if (voters.isEmpty()) throw new IllegalArgumentException("a Raft group needs at least one member");
    voters = Set.copyOf(new TreeSet<>(voters));
  }

  public static Membership of(Collection<String> voters) {
    return new Membership(Set.copyOf(voters));
  }

  public boolean contains(String memberId) {
    return voters.contains(memberId);
  }

  /** Votes or replicas needed for a decision: a strict majority of the voters. */
  public int quorum() {
    return voters.size() / 2 + 1;
  }

  /** Every voter except {@code self}, in a stable order. */
  public List<String> peersOf(String self) {
    return new TreeSet<>(voters).stream().filter(id -> !id.equals(self)).toList();
  }

  /** Voters sorted, for display. */
  public List<String> sorted() {
    return List.copyOf(new TreeSet<>(voters));
  }
}
