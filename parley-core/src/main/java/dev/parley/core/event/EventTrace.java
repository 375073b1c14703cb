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
package dev.parley.core.event;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Writes a session's events as JSON Lines, one {@link EventJson} object per line, in the order they
 * happen.
 *
 * <p>A listener on the session loop; each line is flushed so a trace survives a crash up to the
 * last event. Not thread-safe: register one trace per session.
 */
public final class EventTrace implements Consumer<SessionEvent>, AutoCloseable {
  private final Writer out;

  public EventTrace(Writer out) {
    this.out = out;
  }

  /** Opens a trace file, replacing any earlier one. */
  public static EventTrace open(Path file) throws IOException {
    return new EventTrace(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
  }

  @Override
  public void accept(SessionEvent event) {
    try {
      out.write(EventJson.toJson(event));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("event trace: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    if (out instanceof BufferedWriter) {
      out.flush();
    }
    out.close();
  }
}
