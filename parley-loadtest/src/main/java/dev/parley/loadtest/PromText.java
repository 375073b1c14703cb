/*
 * Copyright 2026 The Parley authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.parley.loadtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One scrape of a Prometheus text exposition (format 0.0.4), as the server's {@code /metrics}
 * serves it: samples by name and labels. Summaries are read by their {@code quantile} label,
 * histograms by their cumulative {@code _bucket}s. Immutable.
 */
public final class PromText {
  /** One sample line: a metric name, its labels, its value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;

  private PromText(List<Sample> samples) {
    this.samples = List.copyOf(samples);
  }

  /** An empty scrape. */
  static PromText empty() {
    return new PromText(List.of());
  }

  /**
   * Parses the exposition text; comment lines are skipped.
   *
   * @throws IllegalArgumentException naming the line that is not a sample
   */
  public static PromText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    int lineNumber = 0;
    for (String raw : text.split("\n", -1)) {
      lineNumber++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        samples.add(sample(line));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "line " + lineNumber + " of the metrics is not a Prometheus sample: " + line, e);
      }
    }
    return new PromText(samples);
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    String name;
    Map<String, String> labels = new LinkedHashMap<>();
    String rest;
    if (brace >= 0 && (space < 0 || brace < space)) {
      name = line.substring(0, brace);
      int close = labelsEnd(line, brace);
      parseLabels(line.substring(brace + 1, close), labels);
      rest = line.substring(close + 1).strip();
    } else {
      name = line.substring(0, space);
      rest = line.substring(space + 1).strip();
    }
    String value = rest.split("\\s+")[0];
    return new Sample(name, labels, parseValue(value));
  }

  private static int labelsEnd(String line, int open) {
    boolean quoted = false;
    for (int i = open + 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && quoted) {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '}' && !quoted) {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed label set");
  }

  private static void parseLabels(String body, Map<String, String> labels) {
    int i = 0;
    while (i < body.length()) {
      int eq = body.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String key = body.substring(i, eq).strip();
      int start = body.indexOf('"', eq) + 1;
      StringBuilder value = new StringBuilder();
      int j = start;
      while (j < body.length() && body.charAt(j) != '"') {
        if (body.charAt(j) == '\\' && j + 1 < body.length()) {
          j++;
        }
        value.append(body.charAt(j));
        j++;
      }
      labels.put(key, value.toString());
      int comma = body.indexOf(',', j);
      i = comma < 0 ? body.length() : comma + 1;
    }
  }

  private static double parseValue(String value) {
    return switch (value) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(value);
    };
  }

  /** Whether any sample of {@code name} (or of its summary/histogram series) is present. */
  public boolean has(String name) {
    for (Sample s : samples) {
      if (s.name().equals(name) || s.name().startsWith(name + "_")) {
        return true;
      }
    }
    return false;
  }

  /** The sum of every sample named {@code name}, across labels; empty if there is none. */
  public OptionalDouble value(String name) {
    double sum = 0;
    boolean found = false;
    for (Sample s : samples) {
      if (s.name().equals(name) && !s.labels().containsKey("quantile")) {
        sum += s.value();
        found = true;
      }
    }
    return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }

  /** A summary's {@code quantile} sample, such as 0.99 of {@code parley_frame_delay_seconds}. */
  public OptionalDouble quantile(String name, double q) {
    for (Sample s : samples) {
      String label = s.labels().get("quantile");
      if (s.name().equals(name) && label != null && Math.abs(parseValue(label) - q) < 1e-9) {
        return OptionalDouble.of(s.value());
      }
    }
    return OptionalDouble.empty();
  }

  /** The largest observation: {@code name_max}, or the summary's quantile 1. */
  public OptionalDouble max(String name) {
    OptionalDouble max = value(name + "_max");
    return max.isPresent() ? max : quantile(name, 1.0);
  }

  /**
   * Quantile {@code q} of a histogram's observations made after {@code before} was scraped, by
   * linear interpolation inside the bucket it falls in; empty without buckets or observations.
   */
  public OptionalDouble histogramQuantile(String name, double q, PromText before) {
    Map<Double, Double> now = buckets(name);
    if (now.isEmpty()) {
      return OptionalDouble.empty();
    }
    Map<Double, Double> then = before.buckets(name);
    List<Double> bounds = new ArrayList<>(now.keySet());
    bounds.sort(Double::compare);
    double total =
        now.getOrDefault(bounds.getLast(), 0.0) - then.getOrDefault(bounds.getLast(), 0.0);
    if (total <= 0) {
      return OptionalDouble.empty();
    }
    double rank = q * total;
    double lower = 0;
    double countBelow = 0;
    for (double bound : bounds) {
      double count = now.getOrDefault(bound, 0.0) - then.getOrDefault(bound, 0.0);
      if (count >= rank) {
        if (Double.isInfinite(bound)) {
          return OptionalDouble.of(lower);
        }
        double inBucket = count - countBelow;
        double fraction = inBucket <= 0 ? 1 : (rank - countBelow) / inBucket;
        return OptionalDouble.of(lower + (bound - lower) * fraction);
      }
      lower = bound;
      countBelow = count;
    }
    return OptionalDouble.of(lower);
  }

  /**
   * The upper bound of the highest histogram bucket that gained observations since {@code before}:
   * the window's maximum, rounded up to a bucket bound; empty without buckets or observations.
   */
  public OptionalDouble histogramMax(String name, PromText before) {
    Map<Double, Double> now = buckets(name);
    Map<Double, Double> then = before.buckets(name);
    List<Double> bounds = new ArrayList<>(now.keySet());
    bounds.sort(Double::compare);
    double below = 0;
    double lower = 0;
    OptionalDouble max = OptionalDouble.empty();
    for (double bound : bounds) {
      double count = now.getOrDefault(bound, 0.0) - then.getOrDefault(bound, 0.0);
      if (count > below) {
        max = OptionalDouble.of(Double.isInfinite(bound) ? lower : bound);
      }
      below = count;
      lower = bound;
    }
    return max;
  }

  /** Whether the scrape has no samples at all. */
  public boolean isEmpty() {
    return samples.isEmpty();
  }

  private Map<Double, Double> buckets(String name) {
    Map<Double, Double> buckets = new LinkedHashMap<>();
    for (Sample s : samples) {
      String le = s.labels().get("le");
      if (s.name().equals(name + "_bucket") && le != null) {
        buckets.merge(parseValue(le), s.value(), Double::sum);
      }
    }
    return buckets;
  }
}
