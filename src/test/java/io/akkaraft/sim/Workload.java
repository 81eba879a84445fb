package io.akkaraft.sim;

import io.akkaraft.ClientProtocol.Committed;
import io.akkaraft.ClientProtocol.NotLeader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Clients that submit commands throughout a random run: each sends one command at a time to the member it
 * believes leads, follows NotLeader hints, and gives up on a command after a timeout (its target may have
 * crashed) to try another member with the next one. Now and then a client also sends a linearizable read.
 */
final class Workload {
  private static final class Client {
    final String name;
    String leaderGuess;
    int sent;
    Submission current;

    Client(String name) {
      this.name = name;
    }
  }

  private final Simulation sim;
  private final Random random;
  private final Map<String, Client> clients = new LinkedHashMap<>();
  private boolean on;

  Workload(Simulation sim, Random random) {
    this.sim = sim;
    this.random = random;
  }

  void start() {
    on = true;
    for (int i = 1; i <= sim.options.workload().clients(); i++) {
      Client c = clients.computeIfAbsent("c" + i, Client::new);
      tick(c);
    }
  }

  void stop() {
    on = false;
  }

  private void tick(Client c) {
    if (!on) return;
    SimOptions.Workload w = sim.options.workload();
    boolean waiting = c.current != null && c.current.reply == null;
    if (waiting && sim.clock.now() - c.current.sentAt > w.timeout()) {
      waiting = false;
      c.leaderGuess = null;
    }
    String target = c.leaderGuess != null ? c.leaderGuess : sim.ids.get(random.nextInt(sim.ids.size()));
    if (!waiting) c.current = sim.submit(c.name, target, c.name + "-" + (++c.sent), w.latency());
    if (random.nextInt(4) == 0) sim.read(c.name, target, w.latency());
    long pause = w.minInterval() + (long) (random.nextDouble() * (w.maxInterval() - w.minInterval()));
    sim.clock.after(pause, () -> tick(c));
  }

  void onReply(Submission s) {
    Client c = clients.get(s.client);
    if (c == null) return;
    if (s.reply instanceof NotLeader notLeader) c.leaderGuess = notLeader.leaderId();
    else if (s.reply instanceof Committed) c.leaderGuess = s.memberId;
    else c.leaderGuess = null;
  }
}
