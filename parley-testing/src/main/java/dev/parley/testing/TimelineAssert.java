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
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions on a {@link Timeline}; failures print the whole readable timeline. */
public final class TimelineAssert extends AbstractAssert<TimelineAssert, Timeline> {
  private TimelineAssert(Timeline actual) {
    super(actual, TimelineAssert.class);
  }

  public static TimelineAssert assertThat(Timeline timeline) {
    return new TimelineAssert(timeline);
  }

  /** The timeline has at least one event of JSON type {@code type}. */
  public TimelineAssert has(String type) {
    isNotNull();
    if (!actual.types().contains(type)) {
      failWithMessage("expected a %s event in%n%s", type, actual);
    }
    return this;
  }

  /** The timeline has no event of JSON type {@code type}. */
  public TimelineAssert hasNo(String type) {
    isNotNull();
    if (actual.types().contains(type)) {
      failWithMessage("expected no %s event in%n%s", type, actual);
    }
    return this;
  }

  /** The timeline has exactly {@code count} events of JSON type {@code type}. */
  public TimelineAssert hasCount(String type, int count) {
    isNotNull();
    long found = actual.types().stream().filter(type::equals).count();
    if (found != count) {
      failWithMessage("expected %d %s events but found %d in%n%s", count, type, found, actual);
    }
    return this;
  }

  /** The events of these types appear in this order (other events may come between). */
  public TimelineAssert hasInOrder(String... types) {
    isNotNull();
    List<String> all = actual.types();
    int at = 0;
    for (String type : types) {
      int found = all.subList(at, all.size()).indexOf(type);
      if (found < 0) {
        failWithMessage(
            "expected %s in order, missing %s after position %d in%n%s",
            List.of(types), type, at, actual);
      }
      at += found + 1;
    }
    return this;
  }

  /** The first event of {@code type} happens within [{@code fromMillis}, {@code toMillis}]. */
  public TimelineAssert firstAtMillisBetween(String type, long fromMillis, long toMillis) {
    isNotNull();
    for (SessionEvent event : actual.events()) {
      if (EventJson.type(event).equals(type)) {
        long at = EventJson.atMillis(event);
        if (at < fromMillis || at > toMillis) {
          failWithMessage(
              "expected first %s between %d and %d ms but it was at %d ms in%n%s",
              type, fromMillis, toMillis, at, actual);
        }
        return this;
      }
    }
    failWithMessage("expected a %s event in%n%s", type, actual);
    return this;
  }
}
