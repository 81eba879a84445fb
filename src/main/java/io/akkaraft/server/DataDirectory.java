package io.akkaraft.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.ReadOptions;

/**
 * A node's data directory, checked before anything starts: a node must never start with empty state in
 * place of data it could not read (it could vote a second time in a term it already voted in). The
 * directory holds a marker naming its group and node, the LevelDB journal and the snapshot store.
 *
 * <p>A new directory gets an empty journal before its marker, so a marked directory always had a journal:
 * one that is missing, or is no LevelDB database any more (no {@code CURRENT} file, e.g. emptied), means
 * data was lost, and is refused. A journal that is a database without records is accepted: a member
 * writes its term and vote before it answers anyone, so such a node never voted.
 */
public final class DataDirectory {
  private static final String MARKER = "akka-raft-node.properties";

  private final Path root;

  private DataDirectory(Path root) {
    this.root = root;
  }

  public Path journal() {
    return root.resolve("journal");
  }

  public Path snapshots() {
    return root.resolve("snapshots");
  }

  /** Why a node could not use its data directory; the message is one line for the operator. */
  public static final class Unusable extends Exception {
    Unusable(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Opens {@code root} for node {@code nodeId} of {@code groupId}, creating it on first start; fails if it
   * is not a directory, cannot be read or written, belongs to another node, holds something else, or its
   * journal is missing, emptied or corrupt.
   */
  public static DataDirectory open(Path root, String groupId, String nodeId) throws Unusable {
    File dir = root.toFile();
    if (dir.exists() && !dir.isDirectory()) throw new Unusable("data directory " + root + " is not a directory");
    if (!dir.exists()) create(root);
    if (!dir.canRead() || !dir.canWrite() || !dir.canExecute()) {
      throw new Unusable("data directory " + root + " is not readable and writable by this user");
    }
    DataDirectory data = new DataDirectory(root);
    Path marker = root.resolve(MARKER);
    if (!Files.exists(marker)) {
      if (!data.isEmptyOrInterruptedInitialization()) {
        throw new Unusable("data directory " + root + " is not empty and is not an akka-raft data directory");
      }
      data.initialize(groupId, nodeId);
    }
    checkOwner(root, marker, groupId, nodeId);
    data.verifyJournal();
    return data;
  }

  private static void create(Path root) throws Unusable {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new Unusable("cannot create data directory " + root + ": " + e.getMessage());
    }
  }

  /** Nothing in it, or only the record-less journal of an initialization that stopped before the marker. */
  private boolean isEmptyOrInterruptedInitialization() throws Unusable {
    String[] names = list(root);
    if (names.length == 0) return true;
    return names.length == 1 && names[0].equals("journal") && isDatabase(journal().toFile())
        && scanJournal() == 0;
  }

  /** The journal first, the marker last: a crash in between leaves no marker, and the next start redoes both. */
  private void initialize(String groupId, String nodeId) throws Unusable {
    File journal = journal().toFile();
    try {
      JniDBFactory.factory.open(journal, new Options().createIfMissing(true)).close();
    } catch (IOException | RuntimeException e) {
      throw new Unusable("cannot create the journal " + journal + ": " + firstLine(e));
    }
    writeMarker(root, groupId, nodeId);
  }

  private static String[] list(Path root) throws Unusable {
    String[] names = root.toFile().list();
    if (names == null) throw new Unusable("cannot list data directory " + root);
    return names;
  }

  private static void writeMarker(Path root, String groupId, String nodeId) throws Unusable {
    Properties p = new Properties();
    p.setProperty("group", groupId);
    p.setProperty("node", nodeId);
    try (var out = Files.newBufferedWriter(root.resolve(MARKER), StandardCharsets.UTF_8)) {
      p.store(out, "akka-raft node data: do not copy to another node");
    } catch (IOException e) {
      throw new Unusable("cannot write to data directory " + root + ": " + e.getMessage());
    }
  }

  private static void checkOwner(Path root, Path marker, String groupId, String nodeId) throws Unusable {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new Unusable("cannot read " + marker + ": " + e.getMessage());
    }
    if (!groupId.equals(p.getProperty("group")) || !nodeId.equals(p.getProperty("node"))) {
      throw new Unusable("data directory " + root + " belongs to node '" + p.getProperty("node") + "' of group '"
          + p.getProperty("group") + "', not to node '" + nodeId + "' of group '" + groupId + "'");
    }
  }

  /** A marked directory always had a journal (see the class comment): a lost one must not be replaced by an empty one. */
  private void verifyJournal() throws Unusable {
    File journal = journal().toFile();
    if (!isDatabase(journal)) {
      String what = !journal.exists() ? "is missing" : !journal.isDirectory() ? "is not a directory"
          : "holds no LevelDB database (no CURRENT file)";
      throw new Unusable("data directory " + root + " belongs to this node but its journal " + journal + " " + what
          + ": restore it from a backup, or delete " + root + " to start this node empty (only while the other"
          + " nodes have a leader: it forgets its votes)");
    }
    scanJournal();
  }

  /** LevelDB names its current manifest in CURRENT, and cannot open a database without it. */
  private static boolean isDatabase(File journal) {
    return journal.isDirectory() && new File(journal, "CURRENT").isFile();
  }

  /** Reads the whole journal once with checksums verified, so corruption stops the node before it starts. */
  private long scanJournal() throws Unusable {
    File journal = journal().toFile();
    Options options = new Options().createIfMissing(false).paranoidChecks(true);
    try (DB db = JniDBFactory.factory.open(journal, options);
        DBIterator entries = db.iterator(new ReadOptions().verifyChecksums(true).fillCache(false))) {
      long records = 0;
      for (entries.seekToFirst(); entries.hasNext(); entries.next()) records++;
      return records;
    } catch (IOException | RuntimeException e) {
      throw new Unusable("the journal in " + journal + " is corrupt or unreadable: " + firstLine(e));
    }
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
