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
package dev.parley.agent.langchain4j;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A LangChain4j user's tools as they would write them: plain {@code @Tool} methods. */
public final class FlightTools {
  private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

  @Tool(name = "search_flights", value = "Finds flights between two cities on a date")
  public String searchFlights(
      @P("departure city") String from,
      @P("arrival city") String to,
      @P("date as YYYY-MM-DD") String date,
      @P("number of passengers") int passengers) {
    ran.add("search_flights " + from + "-" + to + " " + date + " x" + passengers);
    return "{\"flights\":[{\"flight\":\"PA 210\",\"departs\":\"08:05\"},"
        + "{\"flight\":\"PA 214\",\"departs\":\"13:40\"}]}";
  }

  @Tool(name = "get_weather", value = "Today's weather in a city")
  public String weather(String city) {
    ran.add("get_weather " + city);
    return "clear skies in " + city + ", 18 degrees";
  }

  @Tool(name = "book_flight", value = "Books a seat on a flight")
  public Booking book(String flight) {
    ran.add("book_flight " + flight);
    if (flight.isBlank()) {
      throw new IllegalStateException("no flight given");
    }
    return new Booking(flight, "PA-4471");
  }

  /** What a booking returns: LangChain4j writes it for the model as JSON. */
  public record Booking(String flight, String reference) {}

  /** The tools that ran, in order, with their arguments. */
  public List<String> ran() {
    return List.copyOf(ran);
  }
}
