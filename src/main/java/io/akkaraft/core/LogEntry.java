package io.akkaraft.core;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.akkaraft.CborSerializable;

/**
 * One entry of the replicated log (Figure 3.1: "each entry contains command for state machine, and term
 * when entry was received by leader (first index is 1)").
 *
 * @param payload the command; {@code null} for a {@link Kind#NO_OP}
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY) // the hottest record on disk and wire: no field names per entry
@JsonPropertyOrder({"term", "index", "kind", "payload"})
public record LogEntry(long term, long index, Kind kind, Payload payload) implements CborSerializable {

  /** What an entry does when applied. */
  public enum Kind {
    /** Appended by every new leader so that it can commit entries of earlier terms (§3.6.2). */
    NO_OP,
    /** An application command for the state machine. */
    COMMAND
  }

  public static LogEntry noOp(long term, long index) {
    return new LogEntry(term, index, Kind.NO_OP, null);
  }

  public static LogEntry command(long term, long index, Payload payload) {
    return new LogEntry(term, index, Kind.COMMAND, payload);
  }

  /**
   * Bytes this entry takes in an AppendEntries, at most (for batch limits): RaftBinarySerializer writes term
   * and index as varints (9 bytes each at most) and a kind byte, then the payload.
   */
  public int sizeBytes() {
    return payload == null ? OVERHEAD_BYTES : sizeBytesOf(payload);
  }

  /** {@link #sizeBytes} of a command entry carrying {@code payload}, before it has an index. */
  public static int sizeBytesOf(Payload payload) {
    return OVERHEAD_BYTES + payload.sizeBytes();
  }

  /** Term, index and kind, at most, in any of the entry's serialized forms. */
  private static final int OVERHEAD_BYTES = 24;

  @Override
  public String toString() {
    return term + "/" + index + (kind == Kind.NO_OP ? "(noop)" : "");
  }
}
