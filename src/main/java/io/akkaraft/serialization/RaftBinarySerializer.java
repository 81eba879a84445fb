package io.akkaraft.serialization;

import akka.actor.ExtendedActorSystem;
import akka.serialization.SerializerWithStringManifest;
import io.akkaraft.core.LogEntry;
import io.akkaraft.core.Payload;
import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.AppendReply;
import io.akkaraft.core.PeerProtocol.PreVote;
import io.akkaraft.core.PeerProtocol.PreVoteReply;
import io.akkaraft.core.PeerProtocol.RequestVote;
import io.akkaraft.core.PeerProtocol.VoteReply;
import io.akkaraft.core.PeerProtocol.VoteRequest;
import io.akkaraft.core.JournalEvent.EntriesAppended;
import io.akkaraft.core.JournalEvent.LogTruncated;
import io.akkaraft.core.JournalEvent.TermAndVoteChanged;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.List;

/**
 * A compact binary form for the Raft RPCs and journal events, which every command crosses several times (in
 * AppendEntries to each follower and in each member's journal). Jackson CBOR spends most of its time on
 * reflection-driven property handling for these records; this writes their fields in a fixed order with
 * variable-length numbers, and writes a log entry's payload manifest only when it differs from the previous
 * entry's. {@code reference.conf} binds {@code PeerMessage} and {@code JournalEvent} to it; everything else
 * stays on Jackson CBOR. Journals written before it existed hold Jackson events, which Akka still reads with
 * Jackson, by the serializer id stored with each event.
 */
public final class RaftBinarySerializer extends SerializerWithStringManifest {
  /** Stored with every event and message; must never change. */
  public static final int IDENTIFIER = 7_341_001;

  private static final String APPEND_ENTRIES = "AE";
  private static final String APPEND_REPLY = "AR";
  private static final String REQUEST_VOTE = "RV";
  private static final String VOTE_REPLY = "VR";
  private static final String PRE_VOTE = "PV";
  private static final String PRE_VOTE_REPLY = "PR";
  private static final String ENTRIES_APPENDED = "EA";
  private static final String TERM_AND_VOTE = "TV";
  private static final String LOG_TRUNCATED = "LT";

  private static final int NO_OP = 0;
  private static final int COMMAND = 1;
  /** In place of a manifest: the same as the previous entry's. */
  private static final int SAME_MANIFEST = 0;

  public RaftBinarySerializer(ExtendedActorSystem system) {}

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof AppendEntries) return APPEND_ENTRIES;
    if (o instanceof AppendReply) return APPEND_REPLY;
    if (o instanceof RequestVote) return REQUEST_VOTE;
    if (o instanceof VoteReply) return VOTE_REPLY;
    if (o instanceof PreVote) return PRE_VOTE;
    if (o instanceof PreVoteReply) return PRE_VOTE_REPLY;
    if (o instanceof EntriesAppended) return ENTRIES_APPENDED;
    if (o instanceof TermAndVoteChanged) return TERM_AND_VOTE;
    if (o instanceof LogTruncated) return LOG_TRUNCATED;
    throw new IllegalArgumentException("cannot serialize " + o.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object o) {
    if (o instanceof AppendEntries m) return appendEntries(m);
    if (o instanceof EntriesAppended e) {
      BinaryWriter w = new BinaryWriter(entriesSize(e.entries()));
      writeEntries(w, e.entries());
      return w.toByteArray();
    }
    BinaryWriter w = new BinaryWriter(48);
    if (o instanceof AppendReply m) {
      w.writeVarLong(m.term());
      w.writeString(m.from());
      w.writeBoolean(m.success());
      w.writeVarLong(m.matchIndex());
      w.writeVarLong(m.rejectedIndex());
      w.writeVarLong(m.conflictTerm());
      w.writeVarLong(m.conflictIndex());
      w.writeVarInt(m.entryCount());
      w.writeVarLong(m.readRound());
    } else if (o instanceof VoteRequest m) {
      writeVoteRequest(w, m);
    } else if (o instanceof VoteReply m) {
      writeVoteReply(w, m.term(), m.from(), m.granted());
    } else if (o instanceof PreVoteReply m) {
      writeVoteReply(w, m.term(), m.from(), m.granted());
    } else if (o instanceof TermAndVoteChanged e) {
      w.writeVarLong(e.term());
      w.writeString(e.votedFor());
    } else if (o instanceof LogTruncated e) {
      w.writeVarLong(e.fromIndex());
    } else {
      throw new IllegalArgumentException("cannot serialize " + o.getClass().getName());
    }
    return w.toByteArray();
  }

  /** RequestVote and PreVote: the same fields, told apart by their manifests. */
  private static void writeVoteRequest(BinaryWriter w, VoteRequest m) {
    w.writeVarLong(m.term());
    w.writeString(m.from());
    w.writeVarLong(m.lastLogIndex());
    w.writeVarLong(m.lastLogTerm());
  }

  private static void writeVoteReply(BinaryWriter w, long term, String from, boolean granted) {
    w.writeVarLong(term);
    w.writeString(from);
    w.writeBoolean(granted);
  }

  private static byte[] appendEntries(AppendEntries m) {
    BinaryWriter w = new BinaryWriter(48 + entriesSize(m.entries()));
    w.writeVarLong(m.term());
    w.writeString(m.from());
    w.writeVarLong(m.prevLogIndex());
    w.writeVarLong(m.prevLogTerm());
    w.writeVarLong(m.leaderCommit());
    w.writeVarLong(m.readRound());
    writeEntries(w, m.entries());
    return w.toByteArray();
  }

  private static int entriesSize(List<LogEntry> entries) {
    int size = 8;
    for (LogEntry entry : entries) size += entry.sizeBytes();
    return size;
  }

  private static void writeEntries(BinaryWriter w, List<LogEntry> entries) {
    w.writeVarInt(entries.size());
    String previousManifest = null;
    for (LogEntry entry : entries) {
      w.writeVarLong(entry.term());
      w.writeVarLong(entry.index());
      Payload payload = entry.payload();
      if (entry.kind() == LogEntry.Kind.NO_OP) {
        w.writeByte(NO_OP);
        continue;
      }
      w.writeByte(COMMAND);
      w.writeSignedVarInt(payload.serializerId());
      if (payload.manifest().equals(previousManifest)) {
        w.writeVarInt(SAME_MANIFEST);
      } else {
        w.writeString(payload.manifest()); // never null, so never written as 0
        previousManifest = payload.manifest();
      }
      w.writeBytes(payload.bytes());
    }
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    BinaryReader r = new BinaryReader(bytes);
    Object value = switch (manifest) {
      case APPEND_ENTRIES -> readAppendEntries(r);
      case APPEND_REPLY -> new AppendReply(r.readVarLong(), r.readString(), r.readBoolean(), r.readVarLong(),
          r.readVarLong(), r.readVarLong(), r.readVarLong(), r.readVarInt(), r.readVarLong());
      case REQUEST_VOTE -> new RequestVote(r.readVarLong(), r.readString(), r.readVarLong(), r.readVarLong());
      case VOTE_REPLY -> new VoteReply(r.readVarLong(), r.readString(), r.readBoolean());
      case PRE_VOTE -> new PreVote(r.readVarLong(), r.readString(), r.readVarLong(), r.readVarLong());
      case PRE_VOTE_REPLY -> new PreVoteReply(r.readVarLong(), r.readString(), r.readBoolean());
      case ENTRIES_APPENDED -> new EntriesAppended(readEntries(r));
      case TERM_AND_VOTE -> new TermAndVoteChanged(r.readVarLong(), r.readString());
      case LOG_TRUNCATED -> new LogTruncated(r.readVarLong());
      default -> throw new NotSerializableException("unknown manifest '" + manifest + "' for " + getClass().getName());
    };
    r.expectEnd();
    return value;
  }

  // Java evaluates arguments left to right, so the reads above follow the order the fields were written in.

  private static AppendEntries readAppendEntries(BinaryReader r) {
    long term = r.readVarLong();
    String from = r.readString();
    long prevLogIndex = r.readVarLong();
    long prevLogTerm = r.readVarLong();
    long leaderCommit = r.readVarLong();
    long readRound = r.readVarLong();
    return new AppendEntries(term, from, prevLogIndex, prevLogTerm, readEntries(r), leaderCommit, readRound);
  }

  private static List<LogEntry> readEntries(BinaryReader r) {
    int count = r.readCount();
    List<LogEntry> entries = new ArrayList<>(count);
    String previousManifest = null;
    for (int i = 0; i < count; i++) {
      long term = r.readVarLong();
      long index = r.readVarLong();
      int kind = r.readByte();
      if (kind == NO_OP) {
        entries.add(LogEntry.noOp(term, index));
        continue;
      }
      if (kind != COMMAND) throw new BinaryReader.MalformedInput("unknown log entry kind " + kind);
      int serializerId = r.readSignedVarInt();
      String manifest = r.readString();
      if (manifest == null) {
        if (previousManifest == null) throw new BinaryReader.MalformedInput("entry " + index + " repeats no manifest");
        manifest = previousManifest;
      }
      previousManifest = manifest;
      entries.add(LogEntry.command(term, index, new Payload(serializerId, manifest, r.readBytes())));
    }
    return entries;
  }
}
