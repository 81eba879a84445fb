package io.akkaraft.testkit;

import java.util.Collection;
import java.util.List;

/**
 * The faults a test can put on the links between members, in one vocabulary for every harness (etcd's
 * {@code cut}/{@code isolate}/{@code recover}, with {@code heal} for the last): the seeded simulator's
 * network and the in-JVM group's network both speak it. A cut link drops every message sent over it.
 */
public interface NetworkFaults {

  /** Drops messages between {@code a} and {@code b} both ways. */
  void cut(String a, String b);

  /** Drops every message from {@code from} to {@code to}; the other direction still works. */
  void cutOneWay(String from, String to);

  /** Cuts {@code id} off from every other member. */
  void isolate(String id);

  /** Splits the group: no message crosses between {@code side} and everyone else. */
  void partition(Collection<String> side);

  /** Splits the group: no message crosses between {@code side} and everyone else. */
  default void partition(String... side) {
    partition(List.of(side));
  }

  /** No message crosses between {@code sideA} and {@code sideB}; links to members on neither side stay. */
  void partition(Collection<String> sideA, Collection<String> sideB);

  /** Restores every link. */
  void heal();
}
