package io.akkaraft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library jar (pom.xml, maven-jar-plugin's default-jar) takes only the library's packages, and its
 * users get none of the service's dependencies; so no library class may refer to a service class or to a
 * service dependency. A class file names every class it refers to in its constant pool, so finding the
 * name's bytes finds the reference. examples/embedded-counter proves the same from outside, at run time.
 */
class LibraryBoundaryTest {
  /** The library's packages, as pom.xml's default-jar includes them ("" is io.akkaraft itself). */
  private static final List<String> LIBRARY_PACKAGES = List.of(
      "", "core", "role", "persistence", "transport", "serialization", "session", "client", "util");

  /** The key-value service's packages and the dependencies only it has. */
  private static final List<String> SERVICE_NAMES = List.of(
      "io/akkaraft/kv/", "io/akkaraft/server/", "io/akkaraft/cli/", "io/akkaraft/demo/", "io/akkaraft/bench/",
      "akka/http/", "picocli/", "io/micrometer/", "org/HdrHistogram/", "ch/qos/logback/");

  private static final Path CLASSES = Path.of("target", "classes", "io", "akkaraft");

  @Test
  void noLibraryClassRefersToTheService() throws IOException {
    List<String> references = new ArrayList<>();
    for (String pkg : LIBRARY_PACKAGES) {
      Path dir = CLASSES.resolve(pkg);
      // the root package alone, since the others are its subdirectories; a library package with its subpackages
      try (Stream<Path> files = pkg.isEmpty() ? Files.list(dir) : Files.walk(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
          for (String name : SERVICE_NAMES) {
            if (bytes.contains(name)) references.add(CLASSES.relativize(file) + " -> " + name);
          }
        }
      }
    }
    assertEquals(List.of(), references, "library classes that refer to the service");
  }
}
