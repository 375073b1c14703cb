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
package dev.parley.speech.vosk;

import dev.parley.core.spi.ModelFiles;
import dev.parley.core.spi.ProviderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Vosk model directory the user supplied, found and checked for the files Vosk needs before the
 * native library reads it.
 *
 * <p><b>Where it is looked for.</b> {@code $PARLEY_VOSK_MODEL} when set (the directory); otherwise
 * the first directory named {@code vosk-model-*}, in name order, in the Parley models directory
 * ({@code $PARLEY_MODELS}, else {@code ~/.parley/models}). Models come from <a
 * href="https://alphacephei.com/vosk/models">{@value #DOWNLOAD_PAGE}</a>; unzip one there ({@value
 * #SUGGESTED_MODEL}, 40 MB, for US English).
 *
 * <p><b>What is checked.</b> Vosk recognises two layouts: {@code am/final.mdl} with {@code
 * conf/model.conf}, or the older {@code final.mdl} with {@code mfcc.conf} at the top. A directory
 * with neither is refused here with a message listing what is missing (Vosk itself only says
 * "Failed to create a model"). The files' contents are Kaldi's to judge: a damaged file makes
 * {@code vosk_model_new} fail, which this adapter reports with the same advice; Kaldi's own reason
 * is printed on standard error. Random bytes in place of every model file were tried here and
 * failed cleanly, with the JVM carrying on.
 *
 * <p>Immutable.
 */
public final class VoskModelDirectory {
  /** Environment variable naming the model directory. */
  public static final String MODEL_VARIABLE = "PARLEY_VOSK_MODEL";

  /** Where users get Vosk models. */
  public static final String DOWNLOAD_PAGE = "https://alphacephei.com/vosk/models";

  /** The model to suggest: small US English, with a dynamic graph that allows phrase grammars. */
  public static final String SUGGESTED_MODEL = "vosk-model-small-en-us-0.15";

  private static final String WHERE_TO_GET =
      "Download and unzip a Vosk model from "
          + DOWNLOAD_PAGE
          + " (for US English: "
          + SUGGESTED_MODEL
          + ")";

  private final Path directory;
  private final boolean dynamicGraph;

  private VoskModelDirectory(Path directory, boolean dynamicGraph) {
    this.directory = directory;
    this.dynamicGraph = dynamicGraph;
  }

  /**
   * Finds and checks the model named by {@code $PARLEY_VOSK_MODEL} or found in the models
   * directory.
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} naming where the model was expected and
   *     where to download one
   */
  public static VoskModelDirectory locate() {
    return at(
        locate(
            System.getenv(MODEL_VARIABLE),
            System.getenv("PARLEY_MODELS"),
            System.getProperty("user.home", "")));
  }

  static Path locate(@Nullable String explicit, @Nullable String parleyModels, String userHome) {
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    Path models = ModelFiles.directory(parleyModels, userHome);
    Optional<Path> found =
        ModelFiles.firstMatch(models, "vosk-model-*", Files::isDirectory, "a Vosk model");
    if (found.isEmpty()) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "No Vosk model: set "
              + MODEL_VARIABLE
              + " to a Vosk model directory, or unzip one named vosk-model-* into "
              + models
              + " (for example "
              + models.resolve(SUGGESTED_MODEL)
              + "). "
              + WHERE_TO_GET
              + ".");
    }
    return found.get();
  }

  /**
   * Checks the layout of the model directory {@code directory}.
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} when it is missing or lacks the files of
   *     a Vosk model; the message names what is missing and where to get a model
   */
  public static VoskModelDirectory at(Path directory) {
    if (!Files.exists(directory)) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "Vosk model not found at " + directory + ". " + WHERE_TO_GET + ".");
    }
    if (!Files.isDirectory(directory)) {
      throw unusable(
          directory, "it is a file; Vosk wants the unzipped model directory (with am/ and conf/)");
    }
    boolean current =
        Files.isRegularFile(directory.resolve("am/final.mdl"))
            && Files.isRegularFile(directory.resolve("conf/model.conf"));
    boolean old =
        Files.isRegularFile(directory.resolve("final.mdl"))
            && Files.isRegularFile(directory.resolve("mfcc.conf"));
    if (!current && !old) {
      List<String> missing = new ArrayList<>();
      for (String file : List.of("am/final.mdl", "conf/model.conf")) {
        if (!Files.isRegularFile(directory.resolve(file))) {
          missing.add(file);
        }
      }
      throw unusable(
          directory,
          "it lacks "
              + String.join(" and ", missing)
              + " (an unzipped Vosk model has am/, conf/ and graph/; if the zip made a directory"
              + " inside this one, point at that)");
    }
    Path graph = current ? directory.resolve("graph") : directory;
    if (current
        && !Files.isRegularFile(graph.resolve("HCLG.fst"))
        && !Files.isRegularFile(graph.resolve("HCLr.fst"))) {
      throw unusable(directory, "it has no decoding graph (graph/HCLG.fst or graph/HCLr.fst)");
    }
    boolean dynamic =
        Files.isRegularFile(graph.resolve("HCLr.fst"))
            && Files.isRegularFile(graph.resolve("Gr.fst"));
    return new VoskModelDirectory(directory, dynamic);
  }

  static ProviderException unusable(Path directory, String why) {
    return new ProviderException(
        ProviderException.Kind.UNAVAILABLE,
        "The Vosk model at " + directory + " is not usable: " + why + ". " + WHERE_TO_GET + ".");
  }

  /** The model directory. */
  public Path directory() {
    return directory;
  }

  /**
   * Whether the model has a dynamic graph ({@code HCLr.fst} and {@code Gr.fst}), which Vosk needs
   * to decode with a phrase grammar; models with only a static {@code HCLG.fst} ignore grammars.
   */
  public boolean supportsGrammar() {
    return dynamicGraph;
  }

  @Override
  public String toString() {
    return "VoskModelDirectory[" + directory + (dynamicGraph ? ", dynamic graph" : "") + "]";
  }
}
