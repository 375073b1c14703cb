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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.speech.sphinx.SphinxRecognizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley transcribe}: prints the words of a recording with their times. */
@Command(
    name = "transcribe",
    mixinStandardHelpOptions = true,
    description =
        "Transcribes a recording with the local recogniser (PocketSphinx); prints {\"words\":[...],\"text\":...}.")
final class TranscribeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "IN.wav", description = "The recording (any rate, mono or stereo).")
  @Nullable Path input;

  @Option(
      names = "--hint",
      paramLabel = "PHRASE",
      description = "A domain word or phrase to favour; repeatable.")
  List<String> hints = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec == null ? Main.console(System.out) : spec.commandLine().getOut();
    PrintWriter err = spec == null ? Main.console(System.err) : spec.commandLine().getErr();
    short[] audio = Converse.readUserAudio(Objects.requireNonNull(input), err);
    SpeechRecognizer recognizer;
    try {
      recognizer = SphinxRecognizer.loadDefault();
    } catch (ProviderException e) {
      throw new UsageException(String.valueOf(e.getMessage()), e);
    }
    List<SpeechRecognizer.Word> words = new ArrayList<>();
    SpeechRecognizer.Listener listener =
        new SpeechRecognizer.Listener() {
          @Override
          public void partial(String text) {}

          @Override
          public void finalResult(List<SpeechRecognizer.Word> finals) {
            words.addAll(finals);
          }
        };
    try (SpeechRecognizer.Stream stream =
        recognizer.open(new SpeechRecognizer.Options(hints, "en-US"), listener)) {
      for (int at = 0; at < audio.length; at += 320) {
        stream.push(audio, at, Math.min(320, audio.length - at));
      }
      stream.flush();
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ArrayNode array = root.putArray("words");
    StringBuilder text = new StringBuilder();
    for (SpeechRecognizer.Word word : words) {
      array
          .addObject()
          .put("text", word.text())
          .put("startMillis", word.startMillis())
          .put("endMillis", word.endMillis());
      text.append(text.isEmpty() ? "" : " ").append(word.text());
    }
    root.put("text", text.toString());
    out.println(json.writeValueAsString(root));
    out.flush();
    return 0;
  }
}
