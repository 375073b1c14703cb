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
package dev.parley.speech.piper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.spi.ModelFiles;
import dev.parley.core.spi.ProviderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A Piper voice the user supplied: the VITS model ({@code *.onnx}) and, beside it, its config
 * ({@code *.onnx.json}) with the sample rate, the espeak-ng voice, the inference scales and the
 * phoneme-to-id map.
 *
 * <p><b>Where it is looked for.</b> {@code $PARLEY_PIPER_VOICE} when set (the {@code .onnx} file);
 * otherwise the first {@code *.onnx}, in name order, that has a {@code .onnx.json} beside it in the
 * Parley models directory ({@code $PARLEY_MODELS}, else {@code ~/.parley/models}); other ONNX
 * models there (Silero VAD, Smart Turn) have no such config and are passed over. Voices come from
 * <a href="https://huggingface.co/rhasspy/piper-voices">{@value #DOWNLOAD_PAGE}</a>: download both
 * files of one, such as {@value #SUGGESTED_VOICE}.
 *
 * <p>Only voices phonemised by espeak-ng ({@code "phoneme_type": "espeak"}, nearly all of them) are
 * supported. Immutable.
 */
public final class PiperVoice {
  /** Environment variable naming the voice's {@code .onnx} file. */
  public static final String VOICE_VARIABLE = "PARLEY_PIPER_VOICE";

  /** Where users get Piper voices. */
  public static final String DOWNLOAD_PAGE = "https://huggingface.co/rhasspy/piper-voices";

  /** A voice to suggest: US English, medium quality, 22,050 Hz. */
  public static final String SUGGESTED_VOICE = "en_US-lessac-medium.onnx";

  /** espeak-ng voice names: letters, digits and {@code - _ + /}; never an option. */
  private static final Pattern ESPEAK_VOICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+/-]*");

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String WHERE_TO_GET =
      "Download a voice's .onnx and .onnx.json from "
          + DOWNLOAD_PAGE
          + " (for example "
          + SUGGESTED_VOICE
          + " and "
          + SUGGESTED_VOICE
          + ".json)";

  private final Path model;
  private final Path config;
  private final int sampleRate;
  private final String espeakVoice;
  private final float noiseScale;
  private final float lengthScale;
  private final float noiseWidth;
  private final int speakers;
  private final PhonemeIds phonemeIds;

  private PiperVoice(
      Path model,
      Path config,
      int sampleRate,
      String espeakVoice,
      float noiseScale,
      float lengthScale,
      float noiseWidth,
      int speakers,
      PhonemeIds phonemeIds) {
    this.model = model;
    this.config = config;
    this.sampleRate = sampleRate;
    this.espeakVoice = espeakVoice;
    this.noiseScale = noiseScale;
    this.lengthScale = lengthScale;
    this.noiseWidth = noiseWidth;
    this.speakers = speakers;
    this.phonemeIds = phonemeIds;
  }

  /**
   * Finds and reads the voice named by {@code $PARLEY_PIPER_VOICE} or found in the models
   * directory.
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} naming the files expected and where to
   *     get a voice
   */
  public static PiperVoice locate() {
    return at(
        locate(
            System.getenv(VOICE_VARIABLE),
            System.getenv("PARLEY_MODELS"),
            System.getProperty("user.home", "")));
  }

  static Path locate(@Nullable String explicit, @Nullable String parleyModels, String userHome) {
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    Path models = ModelFiles.directory(parleyModels, userHome);
    Optional<Path> found =
        ModelFiles.firstMatch(
            models, "*.onnx", file -> Files.isRegularFile(configOf(file)), "a Piper voice");
    if (found.isEmpty()) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "No Piper voice: set "
              + VOICE_VARIABLE
              + " to a voice's .onnx file (with its .onnx.json beside it), or put both in "
              + models
              + " (for example "
              + models.resolve(SUGGESTED_VOICE)
              + " and "
              + configOf(models.resolve(SUGGESTED_VOICE)).getFileName()
              + "). "
              + WHERE_TO_GET
              + ".");
    }
    return found.get();
  }

  /** The config file that belongs beside a voice model: {@code voice.onnx} → {@code .onnx.json}. */
  static Path configOf(Path model) {
    return model.resolveSibling(model.getFileName() + ".json");
  }

  /**
   * Reads the voice whose model is {@code model}, with its config beside it.
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} if either file is missing or the config
   *     is not a usable Piper config
   */
  public static PiperVoice at(Path model) {
    Path config = configOf(model);
    if (!Files.isRegularFile(model)) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "Piper voice not found at "
              + model
              + " (expected the model there and its config "
              + config.getFileName()
              + " beside it). "
              + WHERE_TO_GET
              + ".");
    }
    if (!Files.isRegularFile(config)) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "The Piper voice "
              + model
              + " has no config beside it: expected "
              + config
              + ". "
              + WHERE_TO_GET
              + ".");
    }
    JsonNode root;
    try {
      root = JSON.readTree(config.toFile());
    } catch (IOException e) {
      throw unusable(config, "it is not JSON (" + e.getMessage() + ")");
    }
    return fromConfig(model, config, root);
  }

  static PiperVoice fromConfig(Path model, Path config, JsonNode root) {
    String phonemeType = root.path("phoneme_type").asText("espeak");
    if (!phonemeType.equals("espeak")) {
      throw unusable(
          config,
          "its phoneme_type is \""
              + phonemeType
              + "\"; this adapter phonemises with espeak-ng only");
    }
    int sampleRate = root.path("audio").path("sample_rate").asInt(0);
    if (sampleRate < 8000 || sampleRate > 96_000) {
      throw unusable(config, "audio.sample_rate is missing or not a sample rate");
    }
    String espeakVoice = root.path("espeak").path("voice").asText("");
    if (!ESPEAK_VOICE.matcher(espeakVoice).matches()) {
      throw unusable(config, "espeak.voice is missing or not an espeak-ng voice name");
    }
    JsonNode inference = root.path("inference");
    float noiseScale = (float) inference.path("noise_scale").asDouble(0.667);
    float lengthScale = (float) inference.path("length_scale").asDouble(1.0);
    float noiseWidth = (float) inference.path("noise_w").asDouble(0.8);
    int speakers = root.path("num_speakers").asInt(1);

    JsonNode idMap = root.path("phoneme_id_map");
    if (!idMap.isObject() || idMap.isEmpty()) {
      throw unusable(config, "phoneme_id_map is missing");
    }
    Map<String, long[]> map = new HashMap<>();
    for (Map.Entry<String, JsonNode> entry : idMap.properties()) {
      JsonNode value = entry.getValue();
      if (!value.isArray() || value.isEmpty()) {
        throw unusable(config, "phoneme_id_map[\"" + entry.getKey() + "\"] is not a list of ids");
      }
      long[] ids = new long[value.size()];
      for (int i = 0; i < ids.length; i++) {
        if (!value.get(i).canConvertToLong()) {
          throw unusable(config, "phoneme_id_map[\"" + entry.getKey() + "\"] holds a non-id");
        }
        ids[i] = value.get(i).asLong();
      }
      map.put(entry.getKey(), ids);
    }
    PhonemeIds phonemeIds;
    try {
      phonemeIds = new PhonemeIds(map);
    } catch (IllegalArgumentException e) {
      throw unusable(config, e.getMessage() + " (Piper's start, end and pad symbols ^ $ _)");
    }
    return new PiperVoice(
        model,
        config,
        sampleRate,
        espeakVoice,
        noiseScale,
        lengthScale,
        noiseWidth,
        speakers,
        phonemeIds);
  }

  private static ProviderException unusable(Path config, String why) {
    return new ProviderException(
        ProviderException.Kind.UNAVAILABLE,
        "The Piper voice config " + config + " is not usable: " + why + ". " + WHERE_TO_GET + ".");
  }

  /** The VITS model file. */
  public Path model() {
    return model;
  }

  /** The config file. */
  public Path config() {
    return config;
  }

  /** The voice's name: the model's file name without {@code .onnx}. */
  public String name() {
    String file = model.getFileName().toString();
    return file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
  }

  /** The sample rate of the audio the model produces. */
  public int sampleRate() {
    return sampleRate;
  }

  /** The espeak-ng voice that phonemises for this voice, such as {@code en-us}. */
  public String espeakVoice() {
    return espeakVoice;
  }

  /** {@code scales}: noise_scale, length_scale, noise_w, in the order the model takes them. */
  float[] scales() {
    return new float[] {noiseScale, lengthScale, noiseWidth};
  }

  /** How many speakers the model has; more than one means it takes a {@code sid} input. */
  public int speakers() {
    return speakers;
  }

  PhonemeIds phonemeIds() {
    return phonemeIds;
  }

  @Override
  public String toString() {
    return "PiperVoice[" + model + ", " + sampleRate + " Hz, espeak " + espeakVoice + "]";
  }
}
