package io.akkaraft.testkit;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The links between in-JVM members, which a test can cut: both ways (a partition) or one way (a member that
 * can send but not hear, or the reverse). Thread-safe: members consult it from their own actors.
 */
public final class SimulatedNetwork {
  private record Link(String from, String to) {}

  private final Set<Link> cut = ConcurrentHashMap.newKeySet();

  /** Whether a message from {@code from} to {@code to} gets through now. */
  public boolean delivers(String from, String to) {
    return !cut.contains(new Link(from, to));
  }

  /** Drops every message from {@code from} to {@code to}; the other direction still works. */
  public void cutOneWay(String from, String to) {
    cut.add(new Link(from, to));
  }

  /** Drops messages between {@code a} and {@code b} in both directions. */
  public void cut(String a, String b) {
    cutOneWay(a, b);
    cutOneWay(b, a);
  }

  /** Splits the members into two sides that cannot reach each other. */
  public void partition(Collection<String> side, Collection<String> otherSide) {
    for (String a : side) for (String b : otherSide) cut(a, b);
  }

  /** Restores every link. */
  public void heal() {
    cut.clear();
  }

  @Override
  public String toString() {
    Set<String> links = new TreeSet<>();
    cut.forEach(l -> links.add(l.from() + "-x->" + l.to()));
    return links.isEmpty() ? "network: all links up" : "network: cut " + links;
  }
}
