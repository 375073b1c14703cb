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
package dev.parley.agent.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A city the travel desk flies to, with where it is (for flight times and fares).
 *
 * @param name how the desk says it ({@code "New York"})
 * @param latitude degrees north
 * @param longitude degrees east
 */
record City(String name, double latitude, double longitude) {
  /** The cities the demo knows: about fifty, US and world, several of them more than one word. */
  static final List<City> ALL =
      List.of(
          new City("New York", 40.71, -74.01),
          new City("Boston", 42.36, -71.06),
          new City("Chicago", 41.88, -87.63),
          new City("San Francisco", 37.77, -122.42),
          new City("Los Angeles", 34.05, -118.24),
          new City("Seattle", 47.61, -122.33),
          new City("Denver", 39.74, -104.99),
          new City("Dallas", 32.78, -96.80),
          new City("Houston", 29.76, -95.37),
          new City("Austin", 30.27, -97.74),
          new City("Miami", 25.76, -80.19),
          new City("Atlanta", 33.75, -84.39),
          new City("Washington", 38.91, -77.04),
          new City("Philadelphia", 39.95, -75.17),
          new City("Phoenix", 33.45, -112.07),
          new City("Las Vegas", 36.17, -115.14),
          new City("San Diego", 32.72, -117.16),
          new City("Portland", 45.52, -122.68),
          new City("Salt Lake City", 40.76, -111.89),
          new City("Minneapolis", 44.98, -93.27),
          new City("Detroit", 42.33, -83.05),
          new City("Nashville", 36.16, -86.78),
          new City("New Orleans", 29.95, -90.07),
          new City("Orlando", 28.54, -81.38),
          new City("Charlotte", 35.23, -80.84),
          new City("Newark", 40.74, -74.17),
          new City("Honolulu", 21.31, -157.86),
          new City("Anchorage", 61.22, -149.90),
          new City("St Louis", 38.63, -90.20),
          new City("Kansas City", 39.10, -94.58),
          new City("Pittsburgh", 40.44, -80.00),
          new City("Toronto", 43.65, -79.38),
          new City("Vancouver", 49.28, -123.12),
          new City("Montreal", 45.50, -73.57),
          new City("Mexico City", 19.43, -99.13),
          new City("London", 51.51, -0.13),
          new City("Paris", 48.86, 2.35),
          new City("Berlin", 52.52, 13.40),
          new City("Madrid", 40.42, -3.70),
          new City("Rome", 41.90, 12.50),
          new City("Amsterdam", 52.37, 4.90),
          new City("Dublin", 53.35, -6.26),
          new City("Lisbon", 38.72, -9.14),
          new City("Frankfurt", 50.11, 8.68),
          new City("Zurich", 47.38, 8.54),
          new City("Istanbul", 41.01, 28.98),
          new City("Dubai", 25.20, 55.27),
          new City("Tel Aviv", 32.09, 34.78),
          new City("Tokyo", 35.68, 139.69),
          new City("Hong Kong", 22.32, 114.17),
          new City("Singapore", 1.35, 103.82),
          new City("Sydney", -33.87, 151.21),
          new City("Rio de Janeiro", -22.91, -43.17),
          new City("Buenos Aires", -34.60, -58.38),
          new City("Sao Paulo", -23.55, -46.63),
          new City("Cape Town", -33.92, 18.42));

  /** Spoken names as token lists, longest first, so "New York" wins over a one-word prefix. */
  private static final List<Alias> ALIASES = aliases();

  private record Alias(String[] tokens, City city) {}

  private static List<Alias> aliases() {
    List<Alias> aliases = new ArrayList<>();
    for (City city : ALL) {
      aliases.add(new Alias(city.name().toLowerCase(Locale.ROOT).split(" "), city));
    }
    aliases.add(new Alias(new String[] {"nyc"}, byName("New York")));
    aliases.add(new Alias(new String[] {"new", "york", "city"}, byName("New York")));
    aliases.add(new Alias(new String[] {"saint", "louis"}, byName("St Louis")));
    aliases.add(new Alias(new String[] {"san", "fran"}, byName("San Francisco")));
    aliases.add(new Alias(new String[] {"sf"}, byName("San Francisco")));
    aliases.add(new Alias(new String[] {"la"}, byName("Los Angeles")));
    aliases.add(new Alias(new String[] {"vegas"}, byName("Las Vegas")));
    aliases.add(new Alias(new String[] {"washington", "dc"}, byName("Washington")));
    aliases.add(new Alias(new String[] {"philly"}, byName("Philadelphia")));
    aliases.add(new Alias(new String[] {"rio"}, byName("Rio de Janeiro")));
    aliases.sort(Comparator.comparingInt((Alias a) -> -a.tokens().length));
    return List.copyOf(aliases);
  }

  /** The city called {@code name} (case-insensitive). */
  static City byName(String name) {
    for (City city : ALL) {
      if (city.name().equalsIgnoreCase(name)) {
        return city;
      }
    }
    throw new IllegalArgumentException("not a city of the travel desk: " + name);
  }

  /** The city named by {@code name}, if the desk knows it. */
  static Optional<City> find(String name) {
    for (City city : ALL) {
      if (city.name().equalsIgnoreCase(name.strip())) {
        return Optional.of(city);
      }
    }
    return Optional.empty();
  }

  /** A city spoken at {@code tokens[at]}, and how many tokens it spans; empty if none. */
  static Optional<Match> at(List<String> tokens, int at) {
    for (Alias alias : ALIASES) {
      String[] t = alias.tokens();
      if (at + t.length > tokens.size()) {
        continue;
      }
      boolean same = true;
      for (int i = 0; i < t.length && same; i++) {
        same = tokens.get(at + i).equals(t[i]);
      }
      if (same) {
        return Optional.of(new Match(alias.city(), t.length));
      }
    }
    return Optional.empty();
  }

  /** A city found in a transcript and the number of tokens it took. */
  record Match(City city, int length) {}

  /** Great-circle distance to {@code other} in kilometres. */
  double kilometresTo(City other) {
    double p1 = Math.toRadians(latitude);
    double p2 = Math.toRadians(other.latitude);
    double dp = p2 - p1;
    double dl = Math.toRadians(other.longitude - longitude);
    double a =
        Math.sin(dp / 2) * Math.sin(dp / 2)
            + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
  }
}
