package example.counter;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts a {@link CounterGroup}, adds 1 to 10, and reads the counter back from every member. Exits 0 when
 * every member answers 55 more than it started with, 1 otherwise.
 *
 * <pre>{@code mvn compile exec:java [-Dexec.args=DATA_DIR]}</pre>
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("embedded-counter");
    int exitCode;
    try (CounterGroup group = CounterGroup.start(dataDir)) {
      long before = group.read("n1");
      long last = before;
      for (int amount = 1; amount <= 10; amount++) {
        last = group.add(amount).toCompletableFuture().join();
        System.out.printf("add %2d -> %d%n", amount, last);
      }
      exitCode = last == before + 55 ? 0 : 1;
      for (String id : CounterGroup.MEMBER_IDS) {
        long value = group.read(id);
        System.out.printf("%s reads %d%n", id, value);
        if (value != last) exitCode = 1;
      }
    }
    System.out.println(exitCode == 0 ? "every member agrees (data in " + dataDir + ")" : "MEMBERS DISAGREE");
    System.exit(exitCode);
  }
}
