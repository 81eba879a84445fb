package io.akkaraft.bench;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.akkaraft.CborSerializable;
import io.akkaraft.StateMachine;

/** The benchmark's state machine: counts opaque commands, so that the figures measure Raft, not the application. */
final class Blobs implements StateMachine<Blobs.Blob, Long> {

  /** Command: opaque bytes. */
  record Blob(byte[] data) implements CborSerializable {
    @JsonCreator
    Blob {}
  }

  private long count;

  @Override
  public Long apply(long index, Blob command) {
    return ++count;
  }
}
