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
package dev.parley.testing;

import dev.parley.core.event.EventJson;
import dev.parley.core.event.SessionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The events of a call in the order they happened, readable at a glance: one line per event with
 * its time in seconds, its type, and its fields as JSON.
 */
public final class Timeline {
  private final List<SessionEvent> events;

  public Timeline(List<SessionEvent> events) {
    this.events = List.copyOf(events);
  }

  public List<SessionEvent> events() {
    return events;
  }

  /** The events' JSON types in order. */
  public List<String> types() {
    List<String> types = new ArrayList<>();
    for (SessionEvent event : events) {
      types.add(EventJson.type(event));
    }
    return types;
  }

  /** Every event of one kind, in order. */
  public <T extends SessionEvent> List<T> all(Class<T> kind) {
    List<T> found = new ArrayList<>();
    for (SessionEvent event : events) {
      if (kind.isInstance(event)) {
        found.add(kind.cast(event));
      }
    }
    return found;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (SessionEvent event : events) {
      String json = EventJson.toJson(event);
      out.append(String.format(Locale.ROOT, "%8.3f s  %s%n", event.atNanos() / 1e9, json));
    }
    return out.toString();
  }
}
