package io.akkaraft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kv get|put|delete|cas}: the key-value store's command-line client, over the nodes' HTTP API.
 * Exit codes: 0 done; 1 a definite failure (key not found, compare failed, malformed or too large: nothing
 * changed); 2 wrong arguments; 3 unavailable or outcome unknown (no endpoint reachable, no leader, or the
 * write may or may not have been applied).
 */
@Command(name = "kv", mixinStandardHelpOptions = true,
    subcommands = {KvCommand.Get.class, KvCommand.Put.class, KvCommand.Delete.class, KvCommand.Cas.class},
    description = {"Reads and writes the replicated key-value store through any node's HTTP API.",
        "Exit codes: 0 done, 1 definite failure (nothing changed), 2 wrong arguments, "
            + "3 unavailable or outcome unknown."})
public final class KvCommand implements Runnable {
  static final int FAILED = 1;
  static final int UNAVAILABLE = 3;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
        + String.join(", ", spec.subcommands().keySet()));
  }

  /** One request with fail-over, its answer printed: a value or {@code OK index=N}, or one error line. */
  abstract static class Operation implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Endpoints endpoints;

    @Parameters(index = "0", paramLabel = "KEY", description = "The key (any UTF-8 text).")
    String key;

    abstract String method();

    /** The query string, with its '?', or empty. */
    String query() {
      return "";
    }

    /** The request body, or null for none. */
    byte[] body() {
      return null;
    }

    /** Prints a successful (200) answer. */
    void printDone(ClusterHttp.Reply reply, PrintWriter out) {
      JsonNode json = reply.json();
      out.println(json != null && json.has("index") ? "OK index=" + json.get("index").asLong() : "OK");
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        ClusterHttp.Reply reply = new ClusterHttp(endpoints.list())
            .send(method(), "/kv/" + ClusterHttp.encode(key) + query(), body());
        if (reply.status() == 200) {
          printDone(reply, out);
          return 0;
        }
        err.println("error: " + reply.errorMessage());
        // 4xx: refused, nothing changed. 5xx (504 outcome unknown, 500) and anything unexpected: unknown.
        return reply.status() >= 400 && reply.status() < 500 ? FAILED : UNAVAILABLE;
      } catch (ClusterHttp.Unavailable e) {
        err.println("error: " + e.getMessage());
        return UNAVAILABLE;
      } finally {
        out.flush();
        err.flush();
      }
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, defaultValueProvider = ConfigDefaults.class,
      description = "Prints the value of KEY (linearizable unless --local). Exit code 1 if there is none.")
  static final class Get extends Operation {
    @Option(names = "--local", description = "Read the answering node's own state: faster, possibly stale.")
    boolean local;

    @Override
    String method() {
      return "GET";
    }

    @Override
    String query() {
      return local ? "?consistency=local" : "";
    }

    @Override
    void printDone(ClusterHttp.Reply reply, PrintWriter out) {
      out.println(reply.text());
    }
  }

  @Command(name = "put", mixinStandardHelpOptions = true, defaultValueProvider = ConfigDefaults.class,
      description = "Sets KEY to VALUE; prints the log index it committed at.")
  static final class Put extends Operation {
    @Parameters(index = "1", paramLabel = "VALUE", description = "The new value (stored as UTF-8).")
    String value;

    @Override
    String method() {
      return "PUT";
    }

    @Override
    byte[] body() {
      return value.getBytes(StandardCharsets.UTF_8);
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, defaultValueProvider = ConfigDefaults.class,
      description = "Removes KEY; prints the log index it committed at. Exit code 1 if there was none.")
  static final class Delete extends Operation {
    @Override
    String method() {
      return "DELETE";
    }
  }

  @Command(name = "cas", mixinStandardHelpOptions = true, defaultValueProvider = ConfigDefaults.class,
      description = "Sets KEY to NEW only if it now holds EXPECTED (compare-and-set). Exit code 1 if it does not.")
  static final class Cas extends Operation {
    @Parameters(index = "1", paramLabel = "EXPECTED", description = "The value KEY must hold now.")
    String expected;

    @Parameters(index = "2", paramLabel = "NEW", description = "The value to set.")
    String value;

    @Override
    String method() {
      return "PUT";
    }

    @Override
    String query() {
      return "?prevValue=" + ClusterHttp.encode(expected);
    }

    @Override
    byte[] body() {
      return value.getBytes(StandardCharsets.UTF_8);
    }
  }
}
