package io.akkaraft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node never starts with empty state in place of data it could not read. */
class DataDirectoryTest {
  @TempDir Path temp;

  @Test
  @DisplayName("A missing directory is created and marked for its node, with an empty journal; opening it again works")
  void freshDirectoryIsCreatedAndReopened() throws Exception {
    Path dir = temp.resolve("n1");
    DataDirectory data = DataDirectory.open(dir, "kv", "n1");
    assertEquals(dir.resolve("journal"), data.journal());
    assertTrue(Files.isRegularFile(data.journal().resolve("CURRENT")), "journal created before the marker");
    DataDirectory.open(dir, "kv", "n1");
  }

  @Test
  @DisplayName("An existing empty directory is initialized like a missing one")
  void emptyDirectoryIsInitialized() throws Exception {
    DataDirectory data = DataDirectory.open(temp, "kv", "n1");
    assertTrue(Files.isRegularFile(data.journal().resolve("CURRENT")));
    DataDirectory.open(temp, "kv", "n1");
  }

  @Test
  @DisplayName("A directory with journal records reopens with its records")
  void directoryWithDataIsReopened() throws Exception {
    Path dir = directoryWithData();
    DataDirectory data = DataDirectory.open(dir, "kv", "n1");
    try (DB db = JniDBFactory.factory.open(data.journal().toFile(), new Options().createIfMissing(false))) {
      assertEquals(100, db.get("key9".getBytes()).length);
    }
  }

  @Test
  @DisplayName("A marked directory whose journal was deleted is refused in one line: it must not start empty")
  void markedDirectoryWithDeletedJournalIsRefused() throws Exception {
    Path dir = directoryWithData();
    deleteTree(dir.resolve("journal"));
    var e = assertThrows(DataDirectory.Unusable.class, () -> DataDirectory.open(dir, "kv", "n1"));
    assertJournalLost(e, dir, "is missing");
  }

  @Test
  @DisplayName("A marked directory whose journal was emptied is refused in one line: it must not start empty")
  void markedDirectoryWithEmptiedJournalIsRefused() throws Exception {
    Path dir = directoryWithData();
    Path journal = dir.resolve("journal");
    try (Stream<Path> files = Files.list(journal)) {
      for (Path file : files.toList()) deleteTree(file);
    }
    var e = assertThrows(DataDirectory.Unusable.class, () -> DataDirectory.open(dir, "kv", "n1"));
    assertJournalLost(e, dir, "holds no LevelDB database");
    try (Stream<Path> files = Files.list(journal)) {
      assertEquals(0, files.count(), "nothing created in its place");
    }
  }

  @Test
  @DisplayName("A start stopped between creating the journal and the marker is completed on the next start")
  void interruptedInitializationIsCompleted() throws Exception {
    Path dir = temp.resolve("n1");
    writeRecords(dir.resolve("journal"), 0);
    DataDirectory.open(dir, "kv", "n1");
    DataDirectory.open(dir, "kv", "n1");
  }

  @Test
  @DisplayName("An unmarked directory holding a journal with records is refused, not adopted")
  void unmarkedJournalWithRecordsIsRefused() throws Exception {
    Path dir = temp.resolve("n1");
    writeRecords(dir.resolve("journal"), 1);
    var e = assertThrows(DataDirectory.Unusable.class, () -> DataDirectory.open(dir, "kv", "n1"));
    assertTrue(e.getMessage().contains("not an akka-raft data directory"), e.getMessage());
  }

  @Test
  @DisplayName("Another node's directory is refused, naming its owner")
  void foreignDirectoryIsRefused() throws Exception {
    Path dir = temp.resolve("n1");
    DataDirectory.open(dir, "kv", "n1");
    var e = assertThrows(DataDirectory.Unusable.class, () -> DataDirectory.open(dir, "kv", "n2"));
    assertTrue(e.getMessage().contains("belongs to node 'n1'"), e.getMessage());
  }

  @Test
  @DisplayName("A non-empty directory that is not an akka-raft data directory is refused")
  void unrelatedDirectoryIsRefused() throws Exception {
    Files.writeString(temp.resolve("notes.txt"), "mine");
    var e = assertThrows(DataDirectory.Unusable.class, () -> DataDirectory.open(temp, "kv", "n1"));
    assertTrue(e.getMessage().contains("not an akka-raft data directory"), e.getMessage());
  }

  @Test
  @DisplayName("A file in place of the directory is refused")
  void fileInsteadOfDirectoryIsRefused() throws Exception {
    Path file = Files.writeString(temp.resolve("file"), "x");
    var e = assertThrows(DataDirectory.Unusable.class, () -> DataDirectory.open(file, "kv", "n1"));
    assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
  }

  @Test
  @DisplayName("A corrupt journal is refused before the node starts, in one line")
  void corruptJournalIsRefused() throws Exception {
    Path dir = temp.resolve("n1");
    DataDirectory data = DataDirectory.open(dir, "kv", "n1");
    writeRecords(data.journal(), 1000);
    try (Stream<Path> files = Files.list(data.journal())) {
      for (Path table : files.filter(p -> p.toString().endsWith(".ldb") || p.toString().endsWith(".log")).toList()) {
        byte[] bytes = Files.readAllBytes(table);
        for (int i = 0; i < bytes.length; i += 7) bytes[i] ^= (byte) 0x5A;
        Files.write(table, bytes);
      }
    }
    var e = assertThrows(DataDirectory.Unusable.class, () -> DataDirectory.open(dir, "kv", "n1"));
    assertTrue(e.getMessage().contains("corrupt or unreadable"), e.getMessage());
    assertEquals(-1, e.getMessage().indexOf('\n'), "one line");
  }

  /** Node n1's directory, whose journal holds records. */
  private Path directoryWithData() throws Exception {
    Path dir = temp.resolve("n1");
    writeRecords(DataDirectory.open(dir, "kv", "n1").journal(), 10);
    return dir;
  }

  private static void writeRecords(Path journal, int count) throws Exception {
    Files.createDirectories(journal.getParent());
    try (DB db = JniDBFactory.factory.open(journal.toFile(), new Options().createIfMissing(true))) {
      for (int i = 0; i < count; i++) db.put(("key" + i).getBytes(), new byte[100]);
    }
  }

  private static void deleteTree(Path path) throws Exception {
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  /** The operator learns, in one line, which directory and what to do. */
  private static void assertJournalLost(DataDirectory.Unusable e, Path dir, String what) {
    String message = e.getMessage();
    assertTrue(message.contains(dir.resolve("journal") + " " + what), message);
    assertTrue(message.contains("restore it from a backup, or delete " + dir), message);
    assertEquals(-1, message.indexOf('\n'), "one line");
  }

  @Test
  @DisplayName("An unreadable directory is refused")
  void unreadableDirectoryIsRefused() throws Exception {
    Path dir = temp.resolve("n1");
    DataDirectory.open(dir, "kv", "n1");
    File file = dir.toFile();
    file.setReadable(false);
    file.setExecutable(false);
    try {
      assumeFalse(file.canRead(), "running as root: permissions cannot be taken away here");
      assertThrows(DataDirectory.Unusable.class, () -> DataDirectory.open(dir, "kv", "n1"));
    } finally {
      file.setReadable(true);
      file.setExecutable(true);
    }
  }
}
