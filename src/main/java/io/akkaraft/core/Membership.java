package io.akkaraft.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.akkaraft.CborSerializable;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The group's voting members, held as data so that a configuration change can later replace it through the
 * log. Quorums are always computed from here, never from a constant. Immutable.
 */
public final class Membership implements CborSerializable {
  private final Set<String> voters;
  /** Derived once: the rules ask for a member's peers on every message. */
  private final transient List<String> sorted;
  private final transient Map<String, List<String>> peersByMember;

  @JsonCreator
  public Membership(@JsonProperty("voters") Set<String> voters) {
    if (voters == null || voters.isEmpty()) throw new IllegalArgumentException("a Raft group needs at least one member");
    this.voters = Set.copyOf(voters);
    this.sorted = List.copyOf(new TreeSet<>(voters));
    this.peersByMember = sorted.stream().collect(Collectors.toUnmodifiableMap(
        self -> self, self -> sorted.stream().filter(id -> !id.equals(self)).toList()));
  }

  public static Membership of(Collection<String> voters) {
    return new Membership(Set.copyOf(voters));
  }

  @JsonProperty("voters")
  public Set<String> voters() {
    return voters;
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
    List<String> peers = peersByMember.get(self);
    return peers != null ? peers : sorted;
  }

  /** Voters sorted, for display. */
  public List<String> sorted() {
    return sorted;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Membership m && m.voters.equals(voters);
  }

  @Override
  public int hashCode() {
    return voters.hashCode();
  }

  @Override
  public String toString() {
    return "Membership" + sorted;
  }
}
