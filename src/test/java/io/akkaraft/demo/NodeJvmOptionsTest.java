package io.akkaraft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The node JVM flags: the options file's format, JAVA_OPTS on top, and bin/akka-raft-node applying the same rules. */
class NodeJvmOptionsTest {

  @Test
  void optionsFileHasFlagsSeparatedByWhitespaceAndHashComments() {
    String text = "# heap\n-Xms1g -Xmx1g   # fixed\n\n  -XX:+UseSerialGC\n#-XX:+UseG1GC\n";
    assertEquals(List.of("-Xms1g", "-Xmx1g", "-XX:+UseSerialGC"), NodeJvmOptions.parse(text));
  }

  @Test
  void javaOptsComeAfterTheDefaultsSoTheyWin() {
    assertEquals(List.of("-Xmx1g", "-XX:+UseSerialGC", "-Xmx2g"),
        NodeJvmOptions.combine(List.of("-Xmx1g", "-XX:+UseSerialGC"), " -Xmx2g "));
  }

  @Test
  void garbageCollectorChosenInJavaOptsReplacesTheDefaultOne() {
    assertEquals(List.of("-Xmx1g", "-XX:+UseG1GC"),
        NodeJvmOptions.combine(List.of("-Xmx1g", "-XX:+UseSerialGC"), "-XX:+UseG1GC"));
  }

  @Test
  void shippedDefaultsFixTheHeapAndChooseAtMostOneCollector() {
    List<String> flags = NodeJvmOptions.defaults();
    assertTrue(flags.stream().anyMatch(f -> f.startsWith("-Xmx")), flags::toString);
    assertTrue(flags.stream().filter(f -> f.matches("-XX:\\+Use[A-Za-z0-9]+GC")).count() <= 1, flags::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-Xmx2g", "-XX:+UseG1GC -XX:MaxGCPauseMillis=5", "-XX:+UseParallelGC -Xss512k"})
  void launchScriptUsesTheSameFlagsAsTheDemo(String javaOpts) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("bash", Path.of("bin", "akka-raft-node").toString(), "--print-jvm-options")
        .redirectErrorStream(true);
    builder.environment().put("JAVA_OPTS", javaOpts);
    Process script = builder.start();
    String printed = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(script.waitFor(30, TimeUnit.SECONDS), "bin/akka-raft-node did not finish");
    assertEquals(0, script.exitValue(), printed);
    assertEquals(String.join(" ", NodeJvmOptions.combine(NodeJvmOptions.defaults(), javaOpts)), printed);
  }
}
