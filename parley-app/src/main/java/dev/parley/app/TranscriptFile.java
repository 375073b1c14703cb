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
import dev.parley.core.spi.SpeechRecognizer.Word;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a time-aligned transcript, {@code {"words":[{"text":"book","startMillis":120,
 * "endMillis":300}, …]}}, for the oracle recogniser.
 */
final class TranscriptFile {
  private TranscriptFile() {}

  static List<Word> read(Path file) throws UsageException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new UsageException("transcript not found: " + file);
    } catch (JacksonException e) {
      throw new UsageException(
          "transcript " + file + " is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UsageException("cannot read transcript " + file + ": " + e.getMessage());
    }
    JsonNode words = root == null ? null : root.get("words");
    if (words == null || !words.isArray()) {
      throw new UsageException("transcript " + file + " has no \"words\" array");
    }
    List<Word> out = new ArrayList<>();
    long lastStart = -1;
    for (int i = 0; i < words.size(); i++) {
      JsonNode word = words.get(i);
      JsonNode text = word.get("text");
      JsonNode start = word.get("startMillis");
      JsonNode end = word.get("endMillis");
      if (text == null
          || !text.isTextual()
          || start == null
          || !start.canConvertToLong()
          || end == null
          || !end.canConvertToLong()) {
        throw new UsageException(
            "transcript " + file + ": word " + i + " needs text, startMillis and endMillis");
      }
      long s = start.asLong();
      long e = end.asLong();
      if (s < 0 || e < s || s < lastStart) {
        throw new UsageException(
            "transcript "
                + file
                + ": word "
                + i
                + " (\""
                + text.asText()
                + "\") has times out of order");
      }
      lastStart = s;
      out.add(new Word(text.asText(), s, e));
    }
    return out;
  }
}
