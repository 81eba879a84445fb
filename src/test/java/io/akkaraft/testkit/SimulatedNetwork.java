package io.akkaraft.testkit;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The links between members and which of them are cut: what the in-JVM group's transport consults before it
 * delivers, and what the simulator's network builds its delays and losses on. Thread-safe: in-JVM members
 * consult it from their own actors.
 */
public class SimulatedNetwork implements NetworkFaults {
  private record Link(String from, String to) {}

  private final List<String> members;
  private final Set<Link> cut = ConcurrentHashMap.newKeySet();

  public SimulatedNetwork(Collection<String> members) {
    this.members = List.copyOf(members);
  }

  /** Whether a message from {@code from} to {@code to} gets through now. */
  public boolean delivers(String from, String to) {
    return !cut.contains(new Link(from, to));
  }

  @Override
  public void cutOneWay(String from, String to) {
    cut.add(new Link(from, to));
    changed();
  }

  @Override
  public void cut(String a, String b) {
    cutBothWays(a, b);
    changed();
  }

  @Override
  public void isolate(String id) {
    partition(List.of(id));
  }

  @Override
  public void partition(Collection<String> side) {
    partition(side, members.stream().filter(id -> !side.contains(id)).toList());
  }

  @Override
  public void partition(Collection<String> sideA, Collection<String> sideB) {
    for (String a : sideA) for (String b : sideB) cutBothWays(a, b);
    changed();
  }

  @Override
  public void heal() {
    if (cut.isEmpty()) return;
    cut.clear();
    changed();
  }

  private void cutBothWays(String a, String b) {
    cut.add(new Link(a, b));
    cut.add(new Link(b, a));
  }

  /** Called after the links changed, for a transcript to note it. */
  protected void changed() {}

  @Override
  public String toString() {
    if (cut.isEmpty()) return "all links up";
    Set<String> links = new TreeSet<>();
    for (Link l : cut) {
      boolean both = cut.contains(new Link(l.to(), l.from()));
      if (!both) links.add(l.from() + "-x->" + l.to());
      else if (l.from().compareTo(l.to()) < 0) links.add(l.from() + "-x-" + l.to());
    }
    return "cut " + links;
  }
}
