package io.akkaraft.bench;

import io.akkaraft.StateMachine;

/**
 * The benchmark's state machine: counts opaque commands (byte arrays, which Akka's built-in byte-array
 * serializer copies as they are), so that the figures measure Raft, not the application or its serializer.
 */
final class Blobs implements StateMachine<byte[], Long> {
  private long count;

  @Override
  public Long apply(long index, byte[] command) {
    return ++count;
  }
}
