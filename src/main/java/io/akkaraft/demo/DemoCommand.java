package io.akkaraft.demo;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code akka-raft demo}: a local three-node key-value cluster, one JVM per node, until Ctrl-C; or, with
 * {@code --in-jvm}, a narrated three-member group inside this JVM.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Starts a local 3-node key-value cluster, each node a separate JVM (`akka-raft node`) with "
        + "its data in DIR/nX and its log in DIR/nX.log, waits for a leader and prints the HTTP endpoints and "
        + "example commands. Runs until Ctrl-C, then stops every node. A new demo recovers the earlier data.",
        "With --in-jvm: runs a 3-member group in this JVM instead and narrates an election, commits, a leader "
            + "crash, the re-election and the recovery of the crashed member."})
public final class DemoCommand implements Callable<Integer> {
  static final int FIRST_RAFT_PORT = 25521;
  static final int FIRST_HTTP_PORT = 18081;

  @Spec CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
      description = "Base directory for the nodes' data and logs (default: ${DEFAULT-VALUE}); "
          + "--in-jvm uses DIR/in-jvm.")
  Path dataDir;

  @Option(names = "--first-raft-port", paramLabel = "PORT", defaultValue = "" + FIRST_RAFT_PORT,
      description = "Raft (Akka remoting) port of n1; n2 and n3 take the next ones (default: ${DEFAULT-VALUE}).")
  int firstRaftPort;

  @Option(names = "--first-http-port", paramLabel = "PORT", defaultValue = "" + FIRST_HTTP_PORT,
      description = "HTTP port of n1; n2 and n3 take the next ones (default: ${DEFAULT-VALUE}).")
  int firstHttpPort;

  @Option(names = "--in-jvm", description = "Run the narrated in-JVM demo instead of a cluster of processes.")
  boolean inJvm;

  @Override
  public Integer call() throws Exception {
    if (inJvm) return new InJvmDemo(dataDir.resolve("in-jvm"), System.out).run();
    for (int port : new int[] {firstRaftPort, firstHttpPort}) {
      if (port < 1 || port > 65533) {
        throw new ParameterException(spec.commandLine(), "port " + port + " is out of range");
      }
    }
    boolean defaultPorts = firstHttpPort == FIRST_HTTP_PORT;
    return new ProcessDemo(dataDir, firstRaftPort, firstHttpPort, defaultPorts, spec.commandLine().getOut(),
        spec.commandLine().getErr()).run();
  }
}
