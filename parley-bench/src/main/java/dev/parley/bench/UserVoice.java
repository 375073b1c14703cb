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
package dev.parley.bench;

import dev.parley.core.audio.Resampler;
import dev.parley.core.audio.TelephoneLine;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechSynthesizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated user's voice: speaks a line of a scenario with the embedded synthesiser, then
 * changes its rate (a time stretch: the same voice, faster or slower) and passes it through a phone
 * channel (8 kHz μ-law) if the scenario asks, and knows where each word is.
 *
 * <p>Clips are trimmed to their speech, so a clip's end is the user's true end of speech, the
 * reference every latency is measured from. Thread-safe; clips are cached by text and voice, so the
 * same line costs one synthesis however many configurations run it.
 */
public final class UserVoice {
  static final int RATE = 16_000;

  /** Below this absolute level a 5 ms window is silence, for trimming: about −46 dBFS. */
  private static final int TRIM_LEVEL = 160;

  private final SpeechSynthesizer synthesizer;
  private final Map<String, Clip> cache = new ConcurrentHashMap<>();

  public UserVoice(SpeechSynthesizer synthesizer) {
    this.synthesizer = synthesizer;
  }

  /** The synthesiser's name, for the report. */
  public String name() {
    return synthesizer.name();
  }

  /**
   * A spoken line: 16 kHz mono PCM16 that starts and ends with speech, and its words with times in
   * milliseconds from the clip's start.
   */
  public record Clip(short[] samples, List<SpeechRecognizer.Word> words) {
    public long millis() {
      return samples.length * 1000L / RATE;
    }
  }

  /** Speaks {@code text} in {@code voice}. */
  public Clip speak(String text, Scenario.Voice voice) throws InterruptedException {
    String key = voice.name() + "|" + voice.rate() + "|" + voice.phone() + "|" + text;
    Clip cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    Clip clip = render(text, voice);
    cache.put(key, clip);
    return clip;
  }

  /**
   * A real recording of the user saying {@code text}, as 16 kHz mono trimmed to its sound, with the
   * words spread evenly over it (its timing label is the recording itself).
   *
   * @throws IllegalArgumentException naming the file if it cannot be read as a WAV
   */
  public Clip recording(java.nio.file.Path wav, String text, Scenario.Voice voice) {
    return recording(wav, 0, Scenario.Step.Recording.TO_END, text, voice);
  }

  /**
   * The slice {@code fromMillis..toMillis} of a real recording ({@link
   * Scenario.Step.Recording#TO_END} for its end), as {@link #recording(java.nio.file.Path, String,
   * Scenario.Voice)} makes the whole: real utterances are spliced by cutting at word boundaries.
   *
   * @throws IllegalArgumentException naming the file if it cannot be read or the slice is outside
   */
  public Clip recording(
      java.nio.file.Path wav, long fromMillis, long toMillis, String text, Scenario.Voice voice) {
    String key =
        "file|"
            + wav.toAbsolutePath()
            + "|"
            + fromMillis
            + ".."
            + toMillis
            + "|"
            + voice.phone()
            + "|"
            + text;
    Clip cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    short[] pcm;
    try {
      pcm = dev.parley.core.audio.WavReader.read(wav).toSessionAudio();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(wav + ": " + e.getMessage(), e);
    }
    long from = fromMillis * RATE / 1000;
    if (from >= pcm.length) {
      throw new IllegalArgumentException(
          wav + ": the slice starts at " + fromMillis + " ms, past its end");
    }
    if (from > 0 || toMillis != Scenario.Step.Recording.TO_END) {
      long to = toMillis == Scenario.Step.Recording.TO_END ? pcm.length : toMillis * RATE / 1000;
      pcm = Arrays.copyOfRange(pcm, (int) from, (int) Math.min(pcm.length, to));
    }
    if (voice.phone()) {
      pcm = TelephoneLine.apply(pcm, RATE);
    }
    int start = firstSound(pcm);
    int end = lastSound(pcm);
    if (end > start) {
      pcm = Arrays.copyOfRange(pcm, start, end);
    }
    String[] said = text.strip().split("\\s+");
    long millis = pcm.length * 1000L / RATE;
    long per = Math.max(20, millis / said.length);
    List<SpeechRecognizer.Word> words = new ArrayList<>();
    for (int i = 0; i < said.length; i++) {
      words.add(
          new SpeechRecognizer.Word(clean(said[i]), i * per, Math.min(millis, (i + 1) * per - 20)));
    }
    Clip clip = new Clip(pcm, List.copyOf(words));
    cache.put(key, clip);
    return clip;
  }

  private Clip render(String text, Scenario.Voice voice) throws InterruptedException {
    List<short[]> blocks = new ArrayList<>();
    List<String> wordTexts = new ArrayList<>();
    List<Integer> wordStarts = new ArrayList<>();
    int[] total = {0};
    try (SpeechSynthesizer.Stream stream =
        synthesizer.open(
            new SpeechSynthesizer.Listener() {
              @Override
              public void text(String spoken) {
                String word = clean(spoken);
                if (!word.isEmpty()) {
                  wordTexts.add(word);
                  wordStarts.add(total[0]);
                }
              }

              @Override
              public void audio(short[] samples, int offset, int length) {
                blocks.add(Arrays.copyOfRange(samples, offset, offset + length));
                total[0] += length;
              }
            })) {
      stream.push(text);
      stream.flush();
    }
    short[] pcm = new short[total[0]];
    int at = 0;
    for (short[] block : blocks) {
      System.arraycopy(block, 0, pcm, at, block.length);
      at += block.length;
    }
    double scale = 1.0; // from the synthesiser's samples to the clip's
    int rate = synthesizer.sampleRate();
    if (rate != RATE) {
      pcm = Resampler.resample(pcm, rate, RATE);
      scale *= (double) RATE / rate;
    }
    if (voice.rate() != 1.0) {
      pcm = TimeStretch.stretch(pcm, voice.rate()); // faster speech, the same voice
      scale /= voice.rate();
    }
    if (voice.phone()) {
      pcm = TelephoneLine.apply(pcm, RATE);
    }
    int start = firstSound(pcm);
    int end = lastSound(pcm);
    if (end <= start) {
      start = 0;
      end = pcm.length;
    }
    short[] trimmed = Arrays.copyOfRange(pcm, start, end);
    List<SpeechRecognizer.Word> words = new ArrayList<>();
    long clipMillis = trimmed.length * 1000L / RATE;
    for (int i = 0; i < wordTexts.size(); i++) {
      long s = clampMillis(Math.round(wordStarts.get(i) * scale) - start, clipMillis);
      long e =
          i + 1 < wordTexts.size()
              ? clampMillis(Math.round(wordStarts.get(i + 1) * scale) - start, clipMillis) - 20
              : clipMillis;
      words.add(new SpeechRecognizer.Word(wordTexts.get(i), s, Math.max(s + 20, e)));
    }
    return new Clip(trimmed, List.copyOf(words));
  }

  private static long clampMillis(long sample, long clipMillis) {
    return Math.clamp(sample * 1000 / RATE, 0, clipMillis);
  }

  private static int firstSound(short[] pcm) {
    for (int at = 0; at + 80 <= pcm.length; at += 80) {
      if (peak(pcm, at) > TRIM_LEVEL) {
        return at;
      }
    }
    return pcm.length;
  }

  private static int lastSound(short[] pcm) {
    for (int at = pcm.length - 80; at >= 0; at -= 80) {
      if (peak(pcm, at) > TRIM_LEVEL) {
        return at + 80;
      }
    }
    return 0;
  }

  private static int peak(short[] pcm, int at) {
    int peak = 0;
    for (int i = at; i < at + 80; i++) {
      peak = Math.max(peak, Math.abs(pcm[i]));
    }
    return peak;
  }

  /** A word as a recogniser would give it: no surrounding spaces or punctuation. */
  static String clean(String spoken) {
    String s = spoken.strip();
    int from = 0;
    int to = s.length();
    while (from < to && !Character.isLetterOrDigit(s.charAt(from))) {
      from++;
    }
    while (to > from && !Character.isLetterOrDigit(s.charAt(to - 1))) {
      to--;
    }
    return s.substring(from, to);
  }
}
