package io.akkaraft.persistence;

import com.fasterxml.jackson.annotation.JsonCreator;
import akka.actor.NoSerializationVerificationNeeded;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.JournalEvent;
import io.akkaraft.core.LogEntry;
import java.util.List;

/**
 * Between a member and its journal child: writes one way, confirmations and recovered state the other. Both
 * live in one actor system, so none of these is bound to a serializer: no other process can forge a
 * confirmation that something is on disk.
 */
public final class JournalProtocol {
  private JournalProtocol() {}

  /** Requests to the journal. */
  public sealed interface Command extends NoSerializationVerificationNeeded permits Write {}

  /** Persist {@code events} atomically and answer {@link Written} with the same {@code seq}. */
  public record Write(long seq, List<JournalEvent> events) implements Command {
    public Write {
      events = List.copyOf(events);
    }
  }

  /** Answers from the journal to its member. */
  public sealed interface Reply extends RaftCommand, NoSerializationVerificationNeeded permits Written, Recovered {}

  /** Write {@code seq} is on disk. */
  public record Written(long seq) implements Reply {
    @JsonCreator
    public Written {}
  }

  /** What the journal held at start-up: the member resumes from exactly this. */
  public record Recovered(long term, String votedFor, List<LogEntry> entries) implements Reply {
    public Recovered {
      entries = List.copyOf(entries);
    }
  }
}
