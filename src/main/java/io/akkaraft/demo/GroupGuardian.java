package io.akkaraft.demo;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import io.akkaraft.RaftCommand;
import java.util.HashMap;
import java.util.Map;

/**
 * Guardian of a {@link LocalGroup}'s actor system: starts and stops its members on request, so that a demo
 * can stop the leader and start it again under the same name.
 */
final class GroupGuardian {
  private GroupGuardian() {}

  interface Command {}

  /** Spawns a member named {@code id}; replies with its actor. */
  record Start(String id, Behavior<RaftCommand> behavior, ActorRef<ActorRef<RaftCommand>> replyTo)
      implements Command {}

  /** Stops member {@code id}; replies once it has terminated, so its name may be used again. */
  record Stop(String id, ActorRef<Done> replyTo) implements Command {}

  private record Terminated(String id) implements Command {}

  static Behavior<Command> create() {
    return Behaviors.setup(context -> running(context, new HashMap<>(), new HashMap<>()));
  }

  private static Behavior<Command> running(ActorContext<Command> context,
      Map<String, ActorRef<RaftCommand>> members, Map<String, ActorRef<Done>> stopping) {
    return Behaviors.receive(Command.class)
        .onMessage(Start.class, start -> {
          ActorRef<RaftCommand> member = context.spawn(start.behavior(), start.id());
          context.watchWith(member, new Terminated(start.id()));
          members.put(start.id(), member);
          start.replyTo().tell(member);
          return Behaviors.same();
        })
        .onMessage(Stop.class, stop -> {
          ActorRef<RaftCommand> member = members.get(stop.id());
          if (member == null) {
            stop.replyTo().tell(Done.getInstance());
          } else {
            stopping.put(stop.id(), stop.replyTo());
            context.stop(member);
          }
          return Behaviors.same();
        })
        .onMessage(Terminated.class, terminated -> {
          members.remove(terminated.id());
          ActorRef<Done> waiting = stopping.remove(terminated.id());
          if (waiting != null) waiting.tell(Done.getInstance());
          else context.getLog().warn("member {} stopped on its own", terminated.id());
          return Behaviors.same();
        })
        .build();
  }
}
