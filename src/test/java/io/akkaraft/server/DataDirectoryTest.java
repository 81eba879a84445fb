package io.akkaraft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
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
  @DisplayName("A missing directory is created and marked for its node; opening it again works")
  void freshDirectoryIsCreatedAndReopened() throws Exception {
    Path dir = temp.resolve("n1");
    DataDirectory data = DataDirectory.open(dir, "kv", "n1");
    assertEquals(dir.resolve("journal"), data.journal());
    DataDirectory.open(dir, "kv", "n1");
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
    try (DB db = JniDBFactory.factory.open(data.journal().toFile(), new Options().createIfMissing(true))) {
      for (int i = 0; i < 1000; i++) db.put(("key" + i).getBytes(), new byte[100]);
    }
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
