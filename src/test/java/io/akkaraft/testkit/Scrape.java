package io.akkaraft.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed Prometheus text-format scrape: samples by metric name, each with its labels. */
public final class Scrape {
  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private record Sample(Map<String, String> labels, double value) {}

  private final String text;
  private final Map<String, List<Sample>> samples = new LinkedHashMap<>();

  private Scrape(String text) {
    this.text = text;
  }

  public static Scrape parse(String text) {
    Scrape scrape = new Scrape(text);
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.matches()) throw new IllegalArgumentException("not a Prometheus sample: " + line);
      Map<String, String> labels = new LinkedHashMap<>();
      if (sample.group(2) != null) {
        Matcher label = LABEL.matcher(sample.group(2));
        while (label.find()) labels.put(label.group(1), label.group(2));
      }
      scrape.samples.computeIfAbsent(sample.group(1), n -> new ArrayList<>())
          .add(new Sample(labels, Double.parseDouble(sample.group(3))));
    }
    return scrape;
  }

  /** The one sample of {@code name} whose labels include {@code labels} (name, value, name, value...). */
  public double value(String name, String... labels) {
    List<Sample> matching = matching(name, labels);
    if (matching.size() != 1) {
      throw new AssertionError(matching.size() + " samples of " + name + " " + List.of(labels) + " in:\n" + text);
    }
    return matching.get(0).value();
  }

  /** The sum of the samples of {@code name} whose labels include {@code labels}; 0 if there are none. */
  public double sum(String name, String... labels) {
    return matching(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  public boolean has(String name, String... labels) {
    return !matching(name, labels).isEmpty();
  }

  /** Whether the scrape declares {@code name} with {@code # TYPE name type}. */
  public boolean declares(String name, String type) {
    return text.contains("# TYPE " + name + " " + type + "\n");
  }

  private List<Sample> matching(String name, String... labels) {
    List<Sample> result = new ArrayList<>();
    for (Sample sample : samples.getOrDefault(name, List.of())) {
      boolean all = true;
      for (int i = 0; i < labels.length; i += 2) all &= labels[i + 1].equals(sample.labels().get(labels[i]));
      if (all) result.add(sample);
    }
    return result;
  }

  @Override
  public String toString() {
    return text;
  }
}
