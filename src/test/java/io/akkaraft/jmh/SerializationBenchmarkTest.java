package io.akkaraft.jmh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.serialization.Serializer;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.annotations.Benchmark;

/** Every benchmark runs and measures a faithful round trip; a broken one would print no figure at all. */
class SerializationBenchmarkTest {

  @ParameterizedTest(name = "{0} entries")
  @ValueSource(ints = {1, 64})
  @DisplayName("Each benchmark's round trip, Jackson or binary, gives back the value it started from")
  void everyBenchmarkRoundTripsItsValue(int entries) throws Exception {
    SerializationBenchmark bench = new SerializationBenchmark();
    bench.entries = entries;
    bench.setUp();
    try {
      List<Method> benchmarks = Arrays.stream(SerializationBenchmark.class.getMethods())
          .filter(m -> m.isAnnotationPresent(Benchmark.class)).toList();
      assertEquals(6, benchmarks.size(), "Jackson and binary for three values");
      for (Method benchmark : benchmarks) {
        Object input = inputOf(bench, benchmark.getName());
        Object output = benchmark.invoke(bench);
        // Records holding byte arrays compare them by reference, so compare the canonical binary forms.
        Serializer canonical = input == bench.request ? bench.sessionBinary : bench.binary;
        assertEquals(input.getClass(), output.getClass(), benchmark.getName());
        assertArrayEquals(canonical.toBinary(input), canonical.toBinary(output), benchmark.getName());
      }
    } finally {
      bench.tearDown();
    }
  }

  private static Object inputOf(SerializationBenchmark bench, String name) {
    if (name.startsWith("appendEntries")) return bench.append;
    if (name.startsWith("entriesAppended")) return bench.event;
    if (name.startsWith("sessionRequest")) return bench.request;
    throw new AssertionError("no input known for benchmark " + name);
  }
}
