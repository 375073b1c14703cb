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
package dev.parley.speech.cloud;

import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechSynthesizer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cloud providers by the names {@code --stt} and {@code --tts} take: {@code deepgram[:MODEL]}
 * (Nova-3 by default, {@code deepgram:flux-general-en} for Flux), {@code assemblyai}, {@code
 * openai[:MODEL]} for recognition; {@code elevenlabs:VOICE_ID}, {@code cartesia:VOICE_ID}, {@code
 * openai[:VOICE]} for voices. Keys come from each provider's environment variable; {@code
 * PROVIDER_BASE_URL} (for example {@code DEEPGRAM_BASE_URL}) points a provider at a proxy, a
 * regional host or a test fake.
 */
public final class CloudSpeech {
  private CloudSpeech() {}

  /**
   * The recogniser {@code spec} names, or empty if it names no cloud provider.
   *
   * @throws IllegalStateException naming the variable when the provider's key is not set
   */
  public static Optional<SpeechRecognizer> recognizer(String spec) {
    return recognizer(spec, System.getenv());
  }

  static Optional<SpeechRecognizer> recognizer(String spec, Map<String, String> env) {
    String provider = provider(spec);
    String option = option(spec);
    return switch (provider) {
      case "deepgram" ->
          Optional.of(
              new DeepgramRecognizer(
                  endpoint(
                      env,
                      "DEEPGRAM",
                      DeepgramRecognizer.DEFAULT_URI,
                      DeepgramRecognizer.KEY_VARIABLE),
                  option.isEmpty() ? "nova-3" : option));
      case "assemblyai" ->
          Optional.of(
              new AssemblyAiRecognizer(
                  endpoint(
                      env,
                      "ASSEMBLYAI",
                      AssemblyAiRecognizer.DEFAULT_URI,
                      AssemblyAiRecognizer.KEY_VARIABLE)));
      case "openai" ->
          Optional.of(
              new OpenAiTranscriber(
                  endpoint(
                      env, "OPENAI", OpenAiTranscriber.DEFAULT_URI, OpenAiTranscriber.KEY_VARIABLE),
                  option.isEmpty() ? "gpt-4o-mini-transcribe" : option));
      default -> Optional.empty();
    };
  }

  /**
   * The voice {@code spec} names, or empty if it names no cloud provider.
   *
   * @throws IllegalStateException naming the variable when the provider's key is not set
   * @throws IllegalArgumentException when a provider that needs a voice id was given none
   */
  public static Optional<SpeechSynthesizer> voice(String spec) {
    return voice(spec, System.getenv());
  }

  static Optional<SpeechSynthesizer> voice(String spec, Map<String, String> env) {
    String provider = provider(spec);
    String option = option(spec);
    return switch (provider) {
      case "elevenlabs" ->
          Optional.of(
              new ElevenLabsVoice(
                  endpoint(
                      env, "ELEVENLABS", ElevenLabsVoice.DEFAULT_URI, ElevenLabsVoice.KEY_VARIABLE),
                  required(spec, option),
                  "eleven_flash_v2_5"));
      case "cartesia" ->
          Optional.of(
              new CartesiaVoice(
                  endpoint(env, "CARTESIA", CartesiaVoice.DEFAULT_URI, CartesiaVoice.KEY_VARIABLE),
                  required(spec, option),
                  "sonic-2"));
      case "openai" ->
          Optional.of(
              new OpenAiVoice(
                  endpoint(env, "OPENAI", OpenAiVoice.DEFAULT_URI, OpenAiVoice.KEY_VARIABLE),
                  "gpt-4o-mini-tts",
                  option.isEmpty() ? "alloy" : option));
      default -> Optional.empty();
    };
  }

  private static CloudEndpoint endpoint(
      Map<String, String> env, String prefix, String defaultUri, String keyVariable) {
    String base = env.getOrDefault(prefix + "_BASE_URL", "");
    return CloudEndpoint.fromEnvironment(base.isBlank() ? defaultUri : base, keyVariable, env);
  }

  private static String provider(String spec) {
    int colon = spec.indexOf(':');
    return (colon < 0 ? spec : spec.substring(0, colon)).toLowerCase(Locale.ROOT).trim();
  }

  private static String option(String spec) {
    int colon = spec.indexOf(':');
    return colon < 0 ? "" : spec.substring(colon + 1).trim();
  }

  private static String required(String spec, String option) {
    if (option.isEmpty()) {
      throw new IllegalArgumentException("'" + spec + "' needs a voice id: " + spec + ":VOICE_ID");
    }
    return option;
  }
}
