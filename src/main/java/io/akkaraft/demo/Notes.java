package io.akkaraft.demo;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.akkaraft.CborSerializable;
import io.akkaraft.StateMachine;
import java.util.ArrayList;
import java.util.List;

/** The demo's state machine: an append-only list of notes. Applying a note returns the list's new size. */
final class Notes implements StateMachine<Notes.Add, Integer> {

  /** Command: append {@code text}. Serialized with Jackson CBOR into the replicated log. */
  record Add(String text) implements CborSerializable {
    @JsonCreator
    Add {}
  }

  /** Query: every note, comma-separated. */
  enum All { INSTANCE }

  private final List<String> notes = new ArrayList<>();

  @Override
  public Integer apply(long index, Add command) {
    notes.add(command.text());
    return notes.size();
  }

  @Override
  public Object query(Object query) {
    if (query != All.INSTANCE) throw new IllegalArgumentException("unknown query " + query);
    return String.join(", ", notes);
  }
}
