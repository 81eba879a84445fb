package io.akkaraft.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;

/**
 * Actor system configurations for tests, built on {@code application-test.conf} (never the node's
 * {@code application.conf}): every message serialized, short Raft timers.
 */
public final class TestConfigs {
  private TestConfigs() {}

  /** The base test configuration, with an in-memory journal. */
  public static Config inMemory() {
    return ConfigFactory.parseString(String.join("\n",
            "akka.persistence.journal.plugin = \"akka.persistence.journal.inmem\"",
            "akka.persistence.snapshot-store.plugin = \"akka.persistence.snapshot-store.local\"",
            "akka.persistence.snapshot-store.local.dir = \"target/test-snapshots\""))
        .withFallback(ConfigFactory.load("application-test"));
  }

  /** The base test configuration with the real LevelDB journal (native, fsync on) under {@code dir}. */
  public static Config levelDb(Path dir) {
    return ConfigFactory.parseString(String.join("\n",
            "akka.persistence.journal.plugin = \"akka.persistence.journal.leveldb\"",
            "akka.persistence.journal.leveldb.native = on",
            "akka.persistence.journal.leveldb.fsync = on",
            "akka.persistence.journal.leveldb.dir = \"" + dir.resolve("journal") + "\"",
            "akka.persistence.snapshot-store.plugin = \"akka.persistence.snapshot-store.local\"",
            "akka.persistence.snapshot-store.local.dir = \"" + dir.resolve("snapshots") + "\""))
        .withFallback(ConfigFactory.load("application-test"));
  }
}
