package example.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CounterGroupTest {

  @Test
  void everyMemberReadsTheSumOfTheCommittedAdds(@TempDir Path dataDir) throws Exception {
    try (CounterGroup group = CounterGroup.start(dataDir)) {
      long expected = 0;
      for (int amount = 1; amount <= 10; amount++) {
        expected += amount;
        assertEquals(expected, group.add(amount).toCompletableFuture().join(), "value right after add " + amount);
      }
      for (String id : CounterGroup.MEMBER_IDS) assertEquals(55L, group.read(id), id);
    }
  }

  @Test
  void aRestartedGroupRecoversTheCounterFromItsJournal(@TempDir Path dataDir) throws Exception {
    try (CounterGroup group = CounterGroup.start(dataDir)) {
      group.add(40).toCompletableFuture().join();
      group.add(2).toCompletableFuture().join();
    }
    try (CounterGroup group = CounterGroup.start(dataDir)) {
      for (String id : CounterGroup.MEMBER_IDS) assertEquals(42L, group.read(id), id);
      assertEquals(43L, group.add(1).toCompletableFuture().join());
    }
  }

  /** The library jar alone is on this class path: none of the key-value service comes with it. */
  @ParameterizedTest
  @ValueSource(strings = {
      "io.akkaraft.kv.KvStateMachine", "io.akkaraft.server.KvNode", "io.akkaraft.cli.Main",
      "io.akkaraft.server.testadmin.PartitionHook", "akka.http.javadsl.Http", "picocli.CommandLine",
      "io.micrometer.core.instrument.MeterRegistry", "org.HdrHistogram.Histogram",
      "ch.qos.logback.classic.Logger"})
  void theLibraryBringsNothingOfTheService(String className) {
    assertThrows(ClassNotFoundException.class, () -> Class.forName(className));
  }
}
