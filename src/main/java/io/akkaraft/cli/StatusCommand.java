package io.akkaraft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code status}: asks every endpoint for its member's status at once and prints one row per endpoint.
 * Exit code 0 if at least one endpoint answered, 3 if none did.
 */
@Command(name = "status", mixinStandardHelpOptions = true, defaultValueProvider = ConfigDefaults.class,
    description = {"Prints each endpoint's member: id, role, term, known leader, commit index, last applied "
        + "and last log index, and the group's members. Unreachable endpoints are shown as such.",
        "Exit code 0 if at least one endpoint answered, 3 if none did."})
public final class StatusCommand implements Callable<Integer> {
  private static final String[] HEADER =
      {"ENDPOINT", "ID", "ROLE", "TERM", "LEADER", "COMMIT", "APPLIED", "LAST-LOG", "MEMBERS"};
  /** Numeric columns, aligned right. */
  private static final boolean[] RIGHT = {false, false, false, true, false, true, true, true, false};

  @Spec CommandSpec spec;
  @Mixin Endpoints endpoints;

  @Override
  public Integer call() {
    ClusterHttp http = new ClusterHttp(endpoints.list());
    List<CompletableFuture<String[]>> asked = new ArrayList<>();
    for (URI endpoint : endpoints.list()) {
      asked.add(http.get(endpoint, "/status").handle((reply, e) -> row(endpoint, reply, e)));
    }
    List<String[]> rows = asked.stream().map(CompletableFuture::join).toList();
    PrintWriter out = spec.commandLine().getOut();
    print(rows, out);
    out.flush();
    return rows.stream().anyMatch(r -> r.length == HEADER.length) ? 0 : KvCommand.UNAVAILABLE;
  }

  /** A full row, or a two-cell row (endpoint, problem) for an endpoint that gave no status. */
  private static String[] row(URI endpoint, ClusterHttp.Reply reply, Throwable failure) {
    if (failure != null) return new String[] {endpoint.toString(), "unreachable: " + ClusterHttp.describe(failure)};
    JsonNode s = reply.status() == 200 ? reply.json() : null;
    if (s == null || !s.has("id")) return new String[] {endpoint.toString(), "error: " + reply.errorMessage()};
    String members = StreamSupport.stream(s.path("members").spliterator(), false)
        .map(JsonNode::asText).reduce((a, b) -> a + "," + b).orElse("-");
    return new String[] {endpoint.toString(), s.path("id").asText(), s.path("role").asText(),
        s.path("term").asText(), s.path("leader").isNull() ? "-" : s.path("leader").asText(),
        s.path("commitIndex").asText(), s.path("lastApplied").asText(), s.path("lastLogIndex").asText(), members};
  }

  /** Columns as wide as their widest cell; a problem row continues after its endpoint. */
  static void print(List<String[]> rows, PrintWriter out) {
    List<String[]> all = new ArrayList<>();
    all.add(HEADER);
    all.addAll(rows);
    int[] width = new int[HEADER.length];
    for (String[] row : all) {
      int columns = row.length == HEADER.length ? row.length : 1; // a problem does not widen the columns
      for (int i = 0; i < columns; i++) width[i] = Math.max(width[i], row[i].length());
    }
    for (String[] row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        if (i > 0) line.append("  ");
        boolean right = RIGHT[i] && row.length == HEADER.length;
        line.append(right ? " ".repeat(width[i] - row[i].length()) + row[i] : pad(row[i], width[i]));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String pad(String cell, int width) {
    return cell + " ".repeat(Math.max(0, width - cell.length()));
  }
}
