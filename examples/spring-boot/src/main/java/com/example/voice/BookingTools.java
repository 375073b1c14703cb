package com.example.voice;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * The desk's tools, as any LangChain4j application writes them: Parley gives every bean with
 * {@code @Tool} methods to the agent. Thread-safe, since calls run at once.
 */
@Component
public class BookingTools {
  private final List<String> bookings = new CopyOnWriteArrayList<>();

  @Tool("Finds the flights to a city on a date")
  public String searchFlights(@P("the destination city") String city, @P("the date") String date) {
    return "BA 117 to " + city + " on " + date + " at 9:40, and UA 901 at 14:15";
  }

  @Tool("Books a flight for the caller")
  public String bookFlight(@P("the flight number") String flight) {
    bookings.add(flight);
    return "Booked " + flight + "; reference PX" + bookings.size();
  }

  /** The flights booked so far. */
  public List<String> bookings() {
    return List.copyOf(bookings);
  }
}
