package io.akkaraft.bench;

/** Ends a benchmark with a one-line error (the command line prints the message, never a stack trace). */
final class BenchFailure extends Exception {
  BenchFailure(String message) {
    super(message, null, false, false);
  }
}
