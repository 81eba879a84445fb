package io.akkaraft.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.akkaraft.CborSerializable;
import java.util.List;

/**
 * What a member journals: its term and vote, and changes to its log. Commit index, role and follower
 * progress are volatile and never journaled.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = JournalEvent.TermAndVoteChanged.class, name = "term-vote"),
  @JsonSubTypes.Type(value = JournalEvent.EntriesAppended.class, name = "appended"),
  @JsonSubTypes.Type(value = JournalEvent.LogTruncated.class, name = "truncated")
})
public sealed interface JournalEvent extends CborSerializable
    permits JournalEvent.TermAndVoteChanged, JournalEvent.EntriesAppended, JournalEvent.LogTruncated {

  /** currentTerm and votedFor (null when no vote in this term) as they now are. */
  record TermAndVoteChanged(long term, String votedFor) implements JournalEvent {}

  /** Entries appended at the end of the log. */
  record EntriesAppended(List<LogEntry> entries) implements JournalEvent {
    @JsonCreator
    public EntriesAppended {
      entries = List.copyOf(entries);
    }
  }

  /** Entries at {@code fromIndex} and after were removed because they conflicted with the leader's. */
  record LogTruncated(long fromIndex) implements JournalEvent {
    @JsonCreator
    public LogTruncated {}
  }
}
