package io.akkaraft.linearizability;

import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written histories for tests: each method adds one operation on the current key with explicit times
 * (any unit; only their order matters). Ids are given in the order operations are added.
 */
final class HistoryBuilder {
  private final List<Operation> ops = new ArrayList<>();
  private String key;

  private HistoryBuilder(String key) {
    this.key = key;
  }

  static HistoryBuilder on(String key) {
    return new HistoryBuilder(key);
  }

  /** Operations added from now on are on {@code key}. */
  HistoryBuilder key(String key) {
    this.key = key;
    return this;
  }

  HistoryBuilder write(int process, String value, long invoked, long completed) {
    return add(process, Invocation.write(key, value), invoked, completed, Result.OK);
  }

  HistoryBuilder writeUnknown(int process, String value, long invoked) {
    return unknown(process, Invocation.write(key, value), invoked);
  }

  /** A READ that returned {@code value}; null: absent. */
  HistoryBuilder read(int process, String value, long invoked, long completed) {
    return add(process, Invocation.read(key), invoked, completed, Result.read(value));
  }

  HistoryBuilder cas(int process, String expected, String value, long invoked, long completed) {
    return add(process, Invocation.cas(key, expected, value), invoked, completed, Result.OK);
  }

  HistoryBuilder casRejected(int process, String expected, String value, long invoked, long completed) {
    return add(process, Invocation.cas(key, expected, value), invoked, completed, Result.REJECTED);
  }

  HistoryBuilder casUnknown(int process, String expected, String value, long invoked) {
    return unknown(process, Invocation.cas(key, expected, value), invoked);
  }

  HistoryBuilder delete(int process, long invoked, long completed) {
    return add(process, Invocation.delete(key), invoked, completed, Result.OK);
  }

  HistoryBuilder deleteNotFound(int process, long invoked, long completed) {
    return add(process, Invocation.delete(key), invoked, completed, Result.REJECTED);
  }

  HistoryBuilder deleteUnknown(int process, long invoked) {
    return unknown(process, Invocation.delete(key), invoked);
  }

  HistoryBuilder unknown(int process, Invocation invocation, long invoked) {
    return add(process, invocation, invoked, Long.MAX_VALUE, Result.UNKNOWN);
  }

  HistoryBuilder add(int process, Invocation invocation, long invoked, long completed, Result result) {
    ops.add(new Operation(ops.size(), process, invocation, invoked, completed, result));
    return this;
  }

  List<Operation> build() {
    return List.copyOf(ops);
  }

  CheckResult check() {
    return LinearizabilityChecker.check(build());
  }
}
