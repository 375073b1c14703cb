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
package dev.parley.app;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a real run paid, read back from its {@code events.jsonl}: the medians of the agent's first
 * token after the end of the turn, and of the synthesiser's first audio after the first token, over
 * the run's {@code latency_breakdown} events. {@code converse --latency-from} charges them on the
 * virtual clock, so an offline replay shows the latency a live call with the same agent had rather
 * than a guess.
 *
 * <p>Replies that started speculatively (first token before the turn ended) say nothing about the
 * agent's latency and are left out of its median. Stateless.
 */
final class RecordedLatency {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RecordedLatency() {}

  /**
   * The measured latency per component ({@code agent}, {@code tts}) of the run whose event trace is
   * {@code events}; a component with no sample is left out.
   *
   * @throws UsageException if the file cannot be read or holds no latency breakdown
   */
  static Map<String, Long> read(Path events) throws UsageException {
    List<Long> agent = new ArrayList<>();
    List<Long> tts = new ArrayList<>();
    try (BufferedReader lines = Files.newBufferedReader(events)) {
      String line;
      int number = 0;
      while ((line = lines.readLine()) != null) {
        number++;
        if (line.isBlank() || !line.contains("latency_breakdown")) {
          continue;
        }
        JsonNode event;
        try {
          event = JSON.readTree(line);
        } catch (JacksonException e) {
          throw new UsageException(events + " line " + number + ": not JSON", e);
        }
        if (!"latency_breakdown".equals(event.path("type").asText())) {
          continue;
        }
        long turnEnd = event.path("turnEndMillis").asLong(-1);
        long token = event.path("firstTokenMillis").asLong(-1);
        long audio = event.path("firstAudioMillis").asLong(-1);
        if (turnEnd >= 0 && token >= turnEnd) {
          agent.add(token - turnEnd);
        }
        if (token >= 0 && audio >= token) {
          tts.add(audio - token);
        }
      }
    } catch (NoSuchFileException e) {
      throw new UsageException("--latency-from: no such file: " + events, e);
    } catch (IOException e) {
      throw new UsageException("--latency-from: " + events + ": " + e.getMessage(), e);
    }
    if (agent.isEmpty() && tts.isEmpty()) {
      throw new UsageException(
          "--latency-from: "
              + events
              + " has no latency_breakdown events; give the events.jsonl of a converse"
              + " --real-time run or a served call");
    }
    Map<String, Long> measured = new TreeMap<>();
    if (!agent.isEmpty()) {
      measured.put("agent", median(agent));
    }
    if (!tts.isEmpty()) {
      measured.put("tts", median(tts));
    }
    return measured;
  }

  static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
