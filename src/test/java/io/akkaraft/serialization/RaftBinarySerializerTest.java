package io.akkaraft.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.core.LogEntry;
import io.akkaraft.core.Payload;
import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.AppendReply;
import io.akkaraft.core.JournalEvent.EntriesAppended;
import io.akkaraft.core.JournalEvent.TermAndVoteChanged;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The binary form of Raft RPCs and journal events: exact round trips, and corrupt input refused. */
class RaftBinarySerializerTest {
  private final RaftBinarySerializer serializer = new RaftBinarySerializer(null);

  private Object roundTrip(Object value) throws NotSerializableException {
    return serializer.fromBinary(serializer.toBinary(value), serializer.manifest(value));
  }

  @Test
  @DisplayName("entries with mixed manifests, negative serializer ids, empty payloads and no-ops survive")
  void mixedEntriesRoundTrip() throws Exception {
    List<LogEntry> entries = List.of(
        LogEntry.noOp(3, 10),
        LogEntry.command(3, 11, new Payload(33, "a.B", new byte[] {1, 2})),
        LogEntry.command(3, 12, new Payload(33, "a.B", new byte[0])),
        LogEntry.command(4, 13, new Payload(-7, "", new byte[] {-1})),
        LogEntry.command(4, 14, new Payload(Integer.MIN_VALUE, "ü/✓", new byte[300])),
        LogEntry.command(Long.MAX_VALUE, Long.MAX_VALUE, new Payload(Integer.MAX_VALUE, "a.B", new byte[] {9})));
    AppendEntries message = new AppendEntries(Long.MAX_VALUE, "n1", 9, 3, entries, 8, 42);

    assertEquals(message, roundTrip(message));
    assertEquals(new EntriesAppended(entries), roundTrip(new EntriesAppended(entries)));
    assertEquals(new TermAndVoteChanged(5, null), roundTrip(new TermAndVoteChanged(5, null)));
  }

  @Test
  @DisplayName("a run of entries with one manifest writes it once")
  void repeatedManifestIsWrittenOnce() {
    List<LogEntry> entries = new ArrayList<>();
    String manifest = "io.akkaraft.session.SessionProtocol$SessionRequest";
    for (int i = 1; i <= 100; i++) entries.add(LogEntry.command(1, i, new Payload(33, manifest, new byte[10])));
    byte[] bytes = serializer.toBinary(new EntriesAppended(entries));
    assertTrue(bytes.length < 100 * (10 + 6) + manifest.length() + 8, "size " + bytes.length);
  }

  @Test
  @DisplayName("truncated, padded or inflated input is refused, never read as some other value")
  void corruptInputIsRefused() {
    AppendReply reply = AppendReply.accepted(7, "n2", 100, 3, 9);
    byte[] bytes = serializer.toBinary(reply);
    for (int cut = 0; cut < bytes.length; cut++) {
      byte[] truncated = Arrays.copyOf(bytes, cut);
      assertThrows(BinaryReader.MalformedInput.class, () -> serializer.fromBinary(truncated, "AR"), "cut at " + cut);
    }
    byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);
    assertThrows(BinaryReader.MalformedInput.class, () -> serializer.fromBinary(padded, "AR"));

    // An entry count far beyond the bytes present must not allocate a huge list.
    byte[] hugeCount = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
    assertThrows(BinaryReader.MalformedInput.class, () -> serializer.fromBinary(hugeCount, "EA"));
    // The first entry cannot say "same manifest as the previous one".
    byte[] noPrevious = {1, 1, 1, 1, 66, 0, 0};
    assertThrows(BinaryReader.MalformedInput.class, () -> serializer.fromBinary(noPrevious, "EA"));
  }

  @Test
  @DisplayName("an unknown manifest is refused with a clear error")
  void unknownManifestIsRefused() {
    NotSerializableException e =
        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[0], "XX"));
    assertTrue(e.getMessage().contains("XX"));
  }
}
