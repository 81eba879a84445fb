package io.akkaraft.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The JVM flags of a node process: the defaults of {@code akka-raft-node.jvm-options} (on the class path; also
 * read by {@code bin/akka-raft-node}), then those of {@code JAVA_OPTS}, which win because they come later. A
 * garbage collector chosen in {@code JAVA_OPTS} replaces the default one, since the JVM refuses two.
 * {@code bin/akka-raft-node} applies the same rules; {@code NodeJvmOptionsTest} checks that both agree.
 */
public final class NodeJvmOptions {
  static final String RESOURCE = "/akka-raft-node.jvm-options";
  private static final Pattern GC_CHOICE = Pattern.compile("-XX:\\+Use[A-Za-z0-9]+GC");

  private NodeJvmOptions() {}

  /** The flags for a node process started from this JVM, with {@code JAVA_OPTS} from its environment. */
  public static List<String> forNodeProcess() {
    return combine(defaults(), System.getenv().getOrDefault("JAVA_OPTS", ""));
  }

  /** The defaults file's flags. */
  static List<String> defaults() {
    try (InputStream in = NodeJvmOptions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the class path");
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The flags of an options file: whitespace-separated, {@code #} to the end of a line is a comment. */
  static List<String> parse(String text) {
    List<String> flags = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      int comment = line.indexOf('#');
      String code = comment < 0 ? line : line.substring(0, comment);
      Arrays.stream(code.trim().split("\\s+")).filter(flag -> !flag.isEmpty()).forEach(flags::add);
    }
    return flags;
  }

  /** {@code defaults} then {@code javaOpts}; the defaults' GC choice dropped if {@code javaOpts} makes one. */
  static List<String> combine(List<String> defaults, String javaOpts) {
    List<String> extra = parse(javaOpts);
    boolean extraChoosesGc = extra.stream().anyMatch(NodeJvmOptions::choosesGc);
    List<String> flags = new ArrayList<>();
    for (String flag : defaults) {
      if (!(extraChoosesGc && choosesGc(flag))) flags.add(flag);
    }
    flags.addAll(extra);
    return List.copyOf(flags);
  }

  private static boolean choosesGc(String flag) {
    return GC_CHOICE.matcher(flag).matches();
  }
}
