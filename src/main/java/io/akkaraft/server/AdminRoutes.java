package io.akkaraft.server;

import static io.akkaraft.server.JsonResponses.error;
import static io.akkaraft.server.JsonResponses.json;

import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import io.akkaraft.server.testadmin.PartitionHook;
import io.akkaraft.server.testadmin.PartitionHook.Direction;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * TESTS ONLY, served when the node runs with {@code --test-admin}: {@code PUT /admin/partition?isolate=n2,n3
 * &direction=both|outbound|inbound} cuts this node off from those peers (adding to the cuts in force),
 * {@code DELETE /admin/partition} heals every cut, {@code GET /admin/partition} shows them. Each answers the
 * cuts now in force. See {@link PartitionHook} for what each direction drops.
 */
final class AdminRoutes extends AllDirectives {
  private final PartitionHook hook;

  AdminRoutes(PartitionHook hook) {
    this.hook = hook;
  }

  Route routes() {
    return path(PathMatchers.segment("admin").slash("partition"), () -> concat(
        get(() -> complete(json(StatusCodes.OK, hook.cuts().describe()))),
        put(() -> parameterOptional("isolate", isolate -> parameterOptional("direction", direction ->
            isolate(isolate, direction)))),
        delete(() -> complete(json(StatusCodes.OK, hook.heal().describe())))));
  }

  private Route isolate(Optional<String> isolate, Optional<String> direction) {
    List<String> peers = Arrays.stream(isolate.orElse("").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (peers.isEmpty()) return complete(error(StatusCodes.BAD_REQUEST, "isolate must name at least one member", null));
    Direction chosen;
    try {
      chosen = Direction.valueOf(direction.orElse("both").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return complete(error(StatusCodes.BAD_REQUEST, "direction must be both, outbound or inbound", null));
    }
    try {
      return complete(json(StatusCodes.OK, hook.isolate(peers, chosen).describe()));
    } catch (IllegalArgumentException e) {
      return complete(error(StatusCodes.BAD_REQUEST, e.getMessage(), null));
    }
  }
}
